import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { key, newMember } from '../../../tests/helpers/commerce';
import { createTestTenant, createTestUser, type TestTenant } from '../../../tests/helpers/factories';
import type { Database } from '../../platform/db';
import { createOrgUnit } from '../identity';
import { createProduct } from '../catalog';
import { adjustStock, createWarehouse } from '../inventory';
import { listOrders } from '../orders';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { createCampaign, getCampaign, listCampaigns, publishCampaign } from './index';

let database: Database;
let t: TestTenant;
let libSku: string;
let plainSku: string;
let warehouseId: string;

beforeAll(async () => {
  database = await testDatabase();
  t = await createTestTenant(baseCtx(database));
  const p = await createProduct(t.sys, { title: '选品库商品', description: '', images: [], category: '', status: 'active', inSelectionLibrary: true, skus: [{ code: 'LIB-1', specs: {}, basePriceFen: 100, tierPrices: [] }] });
  const q = await createProduct(t.sys, { title: '非选品库', description: '', images: [], category: '', status: 'active', inSelectionLibrary: false, skus: [{ code: 'PLAIN-1', specs: {}, basePriceFen: 100, tierPrices: [] }] });
  libSku = p.skus[0]!.id;
  plainSku = q.skus[0]!.id;
  warehouseId = (await createWarehouse(t.sys, { name: 'W', code: 'W', address: '' })).id;
  await adjustStock(t.sys, { warehouseId, skuId: libSku, delta: 100, reason: 'in' });
});
afterAll(() => database.close());

const draft = (skuId: string, extra: object = {}) => ({
  title: '团',
  description: '',
  coverImages: [],
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  threshold: { kind: 'none' as const },
  fulfilment: 'pickup' as const,
  warehouseId,
  items: [{ skuId, priceFen: 99, perMemberLimit: null, cap: 10 }],
  ...extra,
});

describe('who may run which campaigns', () => {
  it('lets leaders build campaigns only from the selection library, for their own scope', async () => {
    const leader = await createTestUser(t, 'leader');
    expect(await errorCode(createCampaign(leader.ctx, draft(plainSku)))).toBe('campaigns.sku_not_sellable');
    const own = await createCampaign(leader.ctx, draft(libSku));
    const elsewhere = await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'Elsewhere' });
    expect(await errorCode(createCampaign(leader.ctx, draft(libSku, { orgUnitId: elsewhere.id })))).toBe('campaigns.out_of_scope');
    // Another leader sees neither the campaign nor, later, its orders.
    const other = await createTestUser(t, 'leader');
    expect(await errorCode(getCampaign(other.ctx, own.id))).toBe('common.not_found');
    await publishCampaign(leader.ctx, own.id);
    await placeOrderFlow(await newMember(t), { campaignId: own.id, items: [{ itemId: own.items[0]!.id, quantity: 1 }], fulfilment: 'pickup', note: '' }, key());
    expect((await listOrders(leader.ctx, { limit: 10, campaignId: own.id })).items).toHaveLength(1);
    expect((await listOrders(other.ctx, { limit: 10, campaignId: own.id })).items).toHaveLength(0);
    // A published campaign of the leader's own store is theirs to see and reshare; a draft is not.
    const store = (leader.ctx.actor as { scope: { orgUnitIds: string[] } }).scope.orgUnitIds[0]!;
    const storeDraft = await createCampaign(t.sys, draft(libSku, { orgUnitId: store }));
    expect(await errorCode(getCampaign(leader.ctx, storeDraft.id))).toBe('common.not_found');
    await publishCampaign(t.sys, storeDraft.id);
    expect((await getCampaign(leader.ctx, storeDraft.id)).id).toBe(storeDraft.id);
    expect(await errorCode(getCampaign(other.ctx, storeDraft.id))).toBe('common.not_found');
  });

  it('shows brand-wide campaigns to everyone and scoped ones to their org units', async () => {
    const brandWide = await createCampaign(t.sys, draft(libSku));
    const region = await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'region', name: 'R1' });
    const scoped = await createCampaign(t.sys, draft(libSku, { orgUnitId: region.id }));
    const opIn = await createTestUser(t, 'operator', [region.id]);
    const opOut = await createTestUser(t, 'operator');
    const seen = async (ctx: typeof opIn.ctx) => (await listCampaigns(ctx, { limit: 200 })).items.map((c) => c.id);
    expect(await seen(opIn.ctx)).toContain(scoped.id);
    // A brand-wide draft is the owner's business until it is published.
    expect(await seen(opOut.ctx)).not.toContain(brandWide.id);
    const leader = await createTestUser(t, 'leader');
    expect((await listCampaigns(leader.ctx, { limit: 200 })).items.map((c) => c.id)).not.toContain(brandWide.id);
    await publishCampaign(t.sys, brandWide.id);
    expect(await seen(opIn.ctx)).toEqual(expect.arrayContaining([brandWide.id, scoped.id]));
    expect(await seen(opOut.ctx)).toContain(brandWide.id);
    expect((await listCampaigns(leader.ctx, { limit: 200 })).items.map((c) => c.id)).toContain(brandWide.id);
    expect(await seen(opOut.ctx)).not.toContain(scoped.id);
    // An operator cannot change a brand-wide campaign made by the owner.
    const { updateCampaign } = await import('./index');
    expect(await errorCode(updateCampaign(opOut.ctx, brandWide.id, { title: 'mine' }))).toBe('campaigns.out_of_scope');
  });

  it('refuses an unknown warehouse and members', async () => {
    expect(await errorCode(createCampaign(t.sys, draft(libSku, { warehouseId: 'wh_nope' })))).toBe('common.not_found');
    expect(await errorCode(createCampaign(await newMember(t), draft(libSku)))).toBe('common.forbidden');
  });
});
