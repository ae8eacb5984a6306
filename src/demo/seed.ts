import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/db';
import { inTransaction, systemCtx, type BaseCtx, type Ctx } from '../platform/context';
import { createOrgUnit, createTenant, createUser, ensureMember, findTenantBySlug } from '../modules/identity';
import { createMemberTier, createProduct } from '../modules/catalog';
import { createCampaign, getCampaign, publishCampaign, type CampaignView } from '../modules/campaigns';
import { seedDistribution } from './seed-distribution';
import { seedCommunity } from './seed-community';
import { seedFulfilment } from './seed-fulfilment';
import { seedCrm } from './seed-crm';
import { placeOrderFlow } from '../flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../flows/payment.flow';
import { adjustStock, createWarehouse } from '../modules/inventory';

export const DEMO_SLUG = 'demo';
export const DEMO_PASSWORD = 'demo12345';
export const DEMO_MEMBER_PHONE = '13800000001';
export const DEMO_LOGINS = [
  { role: 'owner', email: 'owner@demo.tuan', name: '林老板' },
  { role: 'operator', email: 'operator@demo.tuan', name: '周运营' },
  { role: 'leader', email: 'leader1@demo.tuan', name: '王团长' },
  { role: 'leader', email: 'leader2@demo.tuan', name: '李团长' },
] as const;

const PRODUCTS = [
  { title: '赣南脐橙 5斤装', category: '水果', skus: [['ORANGE-5J', { 规格: '5斤装' }, 3990], ['ORANGE-10J', { 规格: '10斤装' }, 6990]] },
  { title: '丹东99草莓', category: '水果', skus: [['STRAW-1J', { 规格: '1斤' }, 4990], ['STRAW-3J', { 规格: '3斤礼盒' }, 12900]] },
  { title: '五常稻花香大米', category: '粮油', skus: [['RICE-5KG', { 规格: '5kg' }, 8900], ['RICE-10KG', { 规格: '10kg' }, 16900]] },
  { title: '土鸡蛋 30枚', category: '蛋奶', skus: [['EGG-30', { 规格: '30枚' }, 3590]] },
  { title: '云南小粒咖啡豆', category: '饮品', skus: [['COFFEE-250-M', { 规格: '250g', 烘焙: '中烘' }, 5900], ['COFFEE-250-D', { 规格: '250g', 烘焙: '深烘' }, 5900]] },
  { title: '有机纯牛奶 12盒', category: '蛋奶', skus: [['MILK-12', { 规格: '250ml×12' }, 6900]] },
] as const;

/**
 * The demo tenant: a fruit-and-grocery brand with 2 regions, 3 stores, tiers, 6 products, 2 warehouses
 * with stock, an owner, an operator and 2 leaders. Later capabilities add their own demo data here.
 * Returns false when the demo tenant already exists.
 */
export async function seedDemo(base: BaseCtx): Promise<boolean> {
  if (await findTenantBySlug(base, DEMO_SLUG)) return false;
  return inTransaction(base, async (base) => {
    const owner = DEMO_LOGINS[0];
    const { tenantId, brandId, ownerId } = await createTenant(base, { slug: DEMO_SLUG, name: '鲜果团 Demo', owner: { email: owner.email, name: owner.name, password: DEMO_PASSWORD } });
    const ctx = systemCtx(base, tenantId, 'demo seed');

    const east = await createOrgUnit(ctx, { parentId: brandId, kind: 'region', name: '华东大区' });
    const south = await createOrgUnit(ctx, { parentId: brandId, kind: 'region', name: '华南大区' });
    const xuhui = await createOrgUnit(ctx, { parentId: east.id, kind: 'store', name: '上海徐汇店' });
    const xihu = await createOrgUnit(ctx, { parentId: east.id, kind: 'store', name: '杭州西湖店' });
    const nanshan = await createOrgUnit(ctx, { parentId: south.id, kind: 'store', name: '深圳南山店' });

    const operator = await createUser(ctx, { ...DEMO_LOGINS[1], password: DEMO_PASSWORD, orgUnitIds: [east.id] });
    const leader1 = await createUser(ctx, { ...DEMO_LOGINS[2], password: DEMO_PASSWORD, orgUnitIds: [xuhui.id] });
    const leader2 = await createUser(ctx, { ...DEMO_LOGINS[3], password: DEMO_PASSWORD, orgUnitIds: [nanshan.id] });

    const silver = await createMemberTier(ctx, { name: '银卡会员', rank: 1 });
    const gold = await createMemberTier(ctx, { name: '金卡会员', rank: 2 });

    const skuIds: string[] = [];
    const skuByCode = new Map<string, string>();
    for (const [i, p] of PRODUCTS.entries()) {
      const product = await createProduct(ctx, {
        title: p.title,
        description: `${p.title}，产地直发，团购价更优惠。`,
        images: [],
        category: p.category,
        status: 'active',
        inSelectionLibrary: i % 2 === 0,
        skus: p.skus.map(([code, specs, price]) => ({
          code,
          specs: { ...specs },
          basePriceFen: price,
          // Tier prices (会员价): 20% and 30% off, rounded down to whole jiao. A member pays the
          // lower of a campaign's price and their tier's, so 金卡 beats most group-buy prices.
          tierPrices: [
            { tierId: silver.id, priceFen: Math.floor((price * 80) / 1000) * 10 },
            { tierId: gold.id, priceFen: Math.floor((price * 70) / 1000) * 10 },
          ],
        })),
      });
      skuIds.push(...product.skus.map((s) => s.id));
      for (const s of product.skus) skuByCode.set(s.code, s.id);
    }

    const central = await createWarehouse(ctx, { name: '华东中心仓', code: 'WH-EAST', address: '上海市嘉定区物流园 8 号', orgUnitId: east.id });
    const southWh = await createWarehouse(ctx, { name: '华南中心仓', code: 'WH-SOUTH', address: '广州市白云区物流园 3 号', orgUnitId: south.id });
    for (const [i, skuId] of skuIds.entries()) {
      await adjustStock(ctx, { warehouseId: central.id, skuId, delta: 200 + i * 25, reason: '期初入库' });
      await adjustStock(ctx, { warehouseId: southWh.id, skuId, delta: 120 + i * 10, reason: '期初入库' });
    }
    const sku = (code: string) => skuByCode.get(code)!;
    const campaign = await seedLiveCampaign(ctx, { warehouseId: central.id, orgUnitId: east.id, sku });
    const ownerCtx: Ctx = { ...ctx, actor: { type: 'user', id: ownerId, name: owner.name, role: 'owner', scope: { all: true } } };
    const leaderCtx: Ctx = { ...ctx, actor: { type: 'user', id: leader1.id, name: leader1.name, role: 'leader', scope: { all: false, orgUnitIds: [xuhui.id] } } };
    await seedDistribution(ctx, { owner: ownerCtx, leader: leaderCtx, campaign, warehouseId: central.id, leaderOrgUnitId: xuhui.id, sku });
    const operatorCtx: Ctx = { ...ctx, actor: { type: 'user', id: operator.id, name: operator.name, role: 'operator', scope: { all: false, orgUnitIds: [east.id, xuhui.id, xihu.id] } } };
    const community = await seedCommunity(ctx, {
      base: base.config.publicUrl ?? `http://localhost:${base.config.port}`,
      operator: operatorCtx,
      leaders: [
        { id: leader1.id, name: leader1.name, email: leader1.email, phone: '13900000001', orgUnitId: xuhui.id },
        { id: leader2.id, name: leader2.name, email: leader2.email, phone: '13900000002', orgUnitId: nanshan.id },
      ],
      orgUnits: { east: east.id, xuhui: xuhui.id, xihu: xihu.id, nanshan: nanshan.id },
    });
    await seedFulfilment(ctx, { warehouseId: central.id, orgUnitId: xuhui.id, sku, community });
    await seedCrm(ctx, { owner: ownerCtx, operator: operatorCtx, retailGroupId: community.retailGroupId, campaignId: campaign.id });
    return true;
  });
}

const DEMO_BUYERS = [
  ['13800000011', '王小明', [2, 0, 1]],
  ['13800000012', '李华', [1, 1, 0]],
  ['13800000013', '张伟', [0, 2, 1]],
  ['13800000014', '刘芳', [3, 0, 0]],
  ['13800000015', '陈静', [1, 1, 2]],
  ['13800000016', '', [0, 0, 1]],
  ['13800000017', '杨洋', [2, 1, 0]],
] as const;

/**
 * A live group-buy with a 接龙 list: members ordered and paid through the same flows as the real
 * checkout and sandbox payment, so the demo's figures are real ones.
 */
async function seedLiveCampaign(ctx: Ctx, opts: { warehouseId: string; orgUnitId: string; sku: (code: string) => string }): Promise<CampaignView> {
  const now = Date.now();
  const campaign = await createCampaign(ctx, {
    title: '周末水果团：赣南脐橙 + 丹东草莓',
    description: '产地直发，周六到店自提或同城配送。满 5 人成团，不成团自动退款。',
    coverImages: [],
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 30 * 86_400_000).toISOString(),
    threshold: { kind: 'participants', value: 5 },
    fulfilment: 'both',
    warehouseId: opts.warehouseId,
    orgUnitId: opts.orgUnitId,
    items: [
      { skuId: opts.sku('ORANGE-5J'), priceFen: 2990, perMemberLimit: 5, cap: 300 },
      { skuId: opts.sku('STRAW-1J'), priceFen: 3990, perMemberLimit: 3, cap: 120 },
      { skuId: opts.sku('EGG-30'), priceFen: 2990, perMemberLimit: null, cap: 200 },
    ],
  });
  await publishCampaign(ctx, campaign.id);
  for (const [i, [phone, name, quantities]] of DEMO_BUYERS.entries()) {
    const m = await ensureMember(ctx, { phone, name, source: 'demo' });
    const member: Ctx = { ...ctx, actor: { type: 'member', id: m.id, name: m.name, role: 'member' } };
    const items = campaign.items.map((item, j) => ({ itemId: item.id, quantity: quantities[j] ?? 0 })).filter((x) => x.quantity > 0);
    const order = await placeOrderFlow(member, { campaignId: campaign.id, items, fulfilment: i % 3 === 2 ? 'delivery' : 'pickup', note: '', ...(i % 3 === 2 ? { address: { name: name || '顾客', phone, region: '上海市徐汇区', detail: '漕溪北路 88 号' } } : {}) }, `demo-${i}`);
    const payment = await createPaymentFlow(member, order.body.id);
    await completeSandboxPaymentFlow(member, payment.paymentId, 'paid');
  }
  return getCampaign(ctx, campaign.id);
}

/** Deletes the demo tenant's rows from every table that has a tenant_id, then seeds it again. */
export async function resetDemo(base: BaseCtx): Promise<void> {
  await inTransaction(base, async (base) => {
    const tenant = await findTenantBySlug(base, DEMO_SLUG);
    if (tenant) {
      const tables = await queryRows<{ table_name: string }>(base.tx, sql`
        select table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'tenant_id' and table_name <> 'tenants'`);
      const names = tables.map((r) => r.table_name);
      const edges = await queryRows<{ child: string; parent: string }>(base.tx, sql`
        select conrelid::regclass::text as child, confrelid::regclass::text as parent
        from pg_constraint where contype = 'f' and conrelid <> confrelid`);
      // Delete children before parents, so foreign keys hold at every step.
      const ordered: string[] = [];
      const pending = new Set(names);
      while (pending.size) {
        const ready = [...pending].filter((t) => !edges.some((e) => e.parent === t && pending.has(e.child)));
        if (ready.length === 0) throw new Error('foreign keys form a cycle');
        for (const t of ready) {
          ordered.push(t);
          pending.delete(t);
        }
      }
      // Append-only tables (the commission journal) allow deleting the rows of the tenant named here only.
      await base.tx.execute(sql`select set_config('tuan.purge_tenant', ${tenant.id}, true)`);
      for (const name of ordered) await base.tx.execute(sql`delete from ${sql.identifier(name)} where tenant_id = ${tenant.id}`);
      await base.tx.execute(sql`delete from tenants where tenant_id = ${tenant.id}`);
    }
    await seedDemo(base);
  });
}
