import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../tests/helpers/db';
import { loginStaff } from '../modules/identity/services/login-staff';
import { listOrgUnits } from '../modules/identity';
import { listProducts } from '../modules/catalog';
import { listStockLevels, listWarehouses } from '../modules/inventory';
import { systemCtx, type BaseCtx } from '../platform/context';
import type { Database } from '../platform/db';
import { listGroups } from '../modules/community/services/groups';
import { listLeaders } from '../modules/community/services/leaders';
import { listModerationEvents } from '../modules/community/services/moderation';
import { getPickingList, listPickingLists } from '../modules/fulfilment';
import { getLifecycleSummary } from '../modules/crm/services/lifecycle-summary';
import { listSegments } from '../modules/crm/services/segments';
import { getProfile, listKocRanking, listProfiles, listTags } from '../modules/crm';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SLUG, resetDemo, seedDemo } from './seed';

let database: Database;
let base: BaseCtx;

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  await seedDemo(base);
});
afterAll(() => database.close());

async function demoCtx() {
  const login = await loginStaff(base, { tenant: DEMO_SLUG, email: DEMO_LOGINS[0].email, password: DEMO_PASSWORD });
  return systemCtx(base, login.tenant.id);
}

describe('demo tenant', () => {
  it('has a brand with 2 regions and 3 stores, 6 products, 2 stocked warehouses, and four logins', async () => {
    const ctx = await demoCtx();
    const units = await listOrgUnits(ctx);
    expect(units.filter((u) => u.kind === 'brand')).toHaveLength(1);
    expect(units.filter((u) => u.kind === 'region')).toHaveLength(2);
    expect(units.filter((u) => u.kind === 'store')).toHaveLength(3);
    const products = (await listProducts(ctx, { limit: 50, sort: '-createdAt' })).items;
    expect(products).toHaveLength(6);
    expect(products.every((p) => p.skuCount > 0)).toBe(true);
    expect((await listWarehouses(ctx, { limit: 10 })).items).toHaveLength(2);
    const stock = (await listStockLevels(ctx, { limit: 200 })).items;
    expect(stock.length).toBe(products.reduce((n, p) => n + p.skuCount, 0) * 2);
    expect(stock.every((s) => s.onHand > 0)).toBe(true);
    for (const l of DEMO_LOGINS) {
      const r = await loginStaff(base, { tenant: DEMO_SLUG, email: l.email, password: DEMO_PASSWORD });
      expect(r.user.role).toBe(l.role);
    }
  });

  it('has distributors in every status with earnings in every state, and statements that add up to the orders', async () => {
    const ctx = await demoCtx();
    const owner = { ...ctx, actor: { type: 'user' as const, id: 'x', name: 'owner', role: 'owner' as const, scope: { all: true as const } } };
    const { listDistributors } = await import('../modules/distribution/services/distributors');
    const { getStatement, listBalances } = await import('../modules/distribution/services/statements');
    const { getOrder } = await import('../modules/orders');
    const all = (await listDistributors(owner, { limit: 50 })).items;
    expect(new Set(all.map((d) => d.status))).toEqual(new Set(['approved', 'applied', 'rejected', 'suspended']));
    const balances = (await listBalances(owner, { limit: 50, sort: 'earned' })).items;
    for (const k of ['pendingFen', 'availableFen', 'inPayoutFen', 'paidFen'] as const) expect(balances.some((b) => b[k] > 0)).toBe(true);
    expect(balances.some((b) => b.kind === 'user')).toBe(true); // the leader earns on their own campaign
    const states = new Set<string>();
    for (const b of balances) {
      const st = await getStatement(owner, b.beneficiaryId, { limit: 200 });
      expect(st.totals.netFen).toBe(b.earnedFen);
      expect(b.earnedFen).toBe(b.pendingFen + b.availableFen + b.inPayoutFen + b.paidFen);
      for (const line of st.lines.items) {
        states.add(line.state);
        const order = await getOrder(owner, line.orderId);
        const ol = order.lines.find((l) => l.id === line.orderLineId)!;
        const net = { fen: ol.lineTotalFen - ol.refundedFen, units: ol.quantity - ol.refundedQuantity };
        expect(line.baseFen).toBeLessThanOrEqual(ol.lineTotalFen);
        const now = line.method === 'rate' ? Math.floor((net.fen * line.rateBps) / 10_000) : Math.min(line.fixedFen * net.units, net.fen);
        expect(line.netFen).toBe(now);
      }
    }
    expect(states).toEqual(new Set(['pending', 'available', 'reversed']));
  });

  it('has groups of all three types with members from every source, leaders with pickup points, and a group-buy taken through picking lists to collected orders', async () => {
    const ctx = await demoCtx();
    const groups = (await listGroups(ctx, { limit: 50 })).items;
    expect(new Set(groups.map((g) => g.type))).toEqual(new Set(['retail', 'fan', 'store']));
    const sources = new Set(groups.flatMap((g) => Object.entries(g.sources).filter(([, n]) => n > 0).map(([s]) => s)));
    expect(sources).toEqual(new Set(['official', 'operator_contacts', 'member_referral', 'offline_event', 'import']));
    expect(groups.some((g) => g.counts.banned > 0 && g.counts.muted > 0)).toBe(true);
    const leaders = (await listLeaders(ctx, { limit: 50 })).items;
    expect(leaders.filter((l) => l.status === 'approved' && l.pickupPointCount > 0)).toHaveLength(2);
    expect(leaders.some((l) => l.status === 'applied')).toBe(true);
    const lists = (await listPickingLists(ctx, { limit: 50 })).items;
    expect(lists.map((l) => l.status).sort()).toEqual(['arrived', 'dispatched']);
    const arrived = await getPickingList(ctx, lists.find((l) => l.status === 'arrived')!.id);
    expect(arrived.byMember.filter((m) => m.collectedAt)).toHaveLength(2);
    expect(arrived.byMember.filter((m) => m.status === 'ready_for_pickup').length).toBeGreaterThan(0);
    expect(arrived.shortages).toHaveLength(1);
    expect((await listModerationEvents(ctx, { limit: 50 })).items.length).toBeGreaterThan(3);
  });

  it('has CRM profiles with sources, channels, tags, lifecycle stages from new to churned, a referral graph, segments and 30 days of stage counts', async () => {
    const ctx = await demoCtx();
    const stages = (await getLifecycleSummary(ctx, { days: 31 })).stages.filter((s) => s.profiles > 0).map((s) => s.stage);
    for (const s of ['new', 'repeat', 'at_risk', 'dormant', 'churned', 'won_back']) expect(stages).toContain(s);
    expect((await getLifecycleSummary(ctx, { days: 31 })).series.length).toBeGreaterThanOrEqual(30);
    const tags = (await listTags(ctx)).items;
    expect(tags.find((t) => t.name === '高消费')?.profiles).toBeGreaterThan(0);
    expect(tags.find((t) => t.name === '爱分享')?.profiles).toBeGreaterThan(0);
    const segments = (await listSegments(ctx)).items;
    expect(segments).toHaveLength(5);
    for (const s of segments) expect(s.memberCount, s.name).toBeGreaterThan(0);
    const member = (await listProfiles(ctx, { limit: 1, q: '13800000001', sort: 'recent' })).items[0]!;
    const p = await getProfile(ctx, member.id);
    expect(p.channels).toContain('community');
    expect(p.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['爱水果', '宝妈', '爱分享']));
    expect(p.groups.length).toBeGreaterThan(0);
    const referrers = (await listProfiles(ctx, { limit: 200, sort: 'recent' })).items;
    const withInvitees = await Promise.all(referrers.map((r) => getProfile(ctx, r.id)));
    expect(withInvitees.some((x) => x.invitedBuyers > 0)).toBe(true);
    expect(withInvitees.map((x) => x.channels).flat()).toEqual(expect.arrayContaining(['community', 'ecommerce', 'store']));
    expect(withInvitees.filter((x) => x.tierName).length).toBeGreaterThan(0);
    expect(withInvitees.filter((x) => x.consents.marketing).length).toBe(5);
    const koc = await listKocRanking(ctx, { limit: 5 });
    expect(koc.items.length).toBeGreaterThan(0);
    expect(koc.items[0]!.score).toBeGreaterThan(0);
  });

  it('is seeded once: a second start leaves it alone', async () => {
    expect(await seedDemo(base)).toBe(false);
  });

  it('starts over on reset, dropping what was added and keeping other tenants', async () => {
    const before = await demoCtx();
    const { createProduct } = await import('../modules/catalog');
    await createProduct(before, { title: 'added later', description: '', images: [], category: '', status: 'draft', inSelectionLibrary: false, skus: [] });
    const { createTestTenant } = await import('../../tests/helpers/factories');
    const other = await createTestTenant(base);
    await resetDemo(base);
    const after = await demoCtx();
    expect(after.tenantId).not.toBe(before.tenantId);
    const titles = (await listProducts(after, { limit: 50, sort: '-createdAt' })).items.map((p) => p.title);
    expect(titles).toHaveLength(6);
    expect(titles).not.toContain('added later');
    expect((await listOrgUnits(other.owner)).length).toBe(1);
  });
});
