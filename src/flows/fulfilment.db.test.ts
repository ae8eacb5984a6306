import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../tests/helpers/db';
import { errorCode } from '../../tests/helpers/errors';
import { createLiveCampaign, key, newMember } from '../../tests/helpers/commerce';
import { createTestTenant, createTestUser, type TestTenant } from '../../tests/helpers/factories';
import type { BaseCtx, Ctx } from '../platform/context';
import { dispatchRound } from '../platform/consumers';
import { queryRows, type Database } from '../platform/db';
import { AppError } from '../platform/errors';
import { createOrgUnit } from '../modules/identity';
import { createGroup, createInvite, createPickupPoint, ensureStaffLeaderProfile, joinGroup, publishCampaignToGroups } from '../modules/community';
import { getOrder, listCampaignEntries } from '../modules/orders';
import { stockOf } from '../modules/inventory';
import { getPickingList, listPickingLists, myPickupCode } from '../modules/fulfilment';
import { fulfilmentConsumer } from '../modules/fulfilment/fulfilment.consumer';
import { listMyNotices } from '../modules/fulfilment/services/notices';
import { listUncollected } from '../modules/fulfilment/services/uncollected';
import { closeCampaignFlow } from './close-campaign.flow';
import { setMyConsent } from '../modules/crm';
import { completeSandboxPaymentFlow, createPaymentFlow } from './payment.flow';
import { placeOrderFlow } from './place-order.flow';
import { confirmArrivalFlow, createShipmentFlow, dispatchPickingListFlow, generatePickingListsFlow, updateShipmentFlow, verifyPickupFlow } from './fulfilment.flow';

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const link = { publicBaseUrl: 'http://x', tenantSlug: 'x' };

async function pay(member: Ctx, orderId: string) {
  const p = await createPaymentFlow(member, orderId);
  await completeSandboxPaymentFlow(member, p.paymentId, 'paid');
}

async function world() {
  const t = await createTestTenant(base);
  const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'S' })).id;
  const leaderA = await createTestUser(t, 'leader', [store]);
  const leaderB = await createTestUser(t, 'leader', [store]);
  for (const [l, phone] of [[leaderA, '13900000001'], [leaderB, '13900000002']] as const) await ensureStaffLeaderProfile(t.sys, { userId: l.id, realName: l.email, phone, email: l.email, orgUnitId: store });
  const pointA = await createPickupPoint(leaderA.ctx, { name: 'A 点', address: 'A 路 1 号', openingHours: '9–21', contactName: '', contactPhone: '', capacity: 100 });
  const pointB = await createPickupPoint(leaderB.ctx, { name: 'B 点', address: 'B 路 2 号', openingHours: '', contactName: '', contactPhone: '', capacity: 100 });
  const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '群', purpose: '', rules: '', capacity: 500, warnLimit: 3, leaderIds: [leaderA.id] });
  const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 50, cap: 50, priceFen: 1000 }, { stock: 50, cap: 50, priceFen: 500 }], fulfilment: 'both' });
  const shares = await publishCampaignToGroups(t.owner, campaign.id, [group.id], link);
  const inv = await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link);
  const members = [await newMember(t, '一'), await newMember(t, '二'), await newMember(t, '三'), await newMember(t, '四')];
  for (const m of members.slice(0, 2)) await joinGroup(m, { code: inv.code, acceptRules: true });
  return { t, store, leaderA, leaderB, pointA, pointB, group, campaign, warehouseId, skuIds, members, shares };
}

type World = Awaited<ReturnType<typeof world>>;
const items = (w: World, a: number, b: number) => [
  ...(a ? [{ itemId: w.campaign.items[0]!.id, quantity: a }] : []),
  ...(b ? [{ itemId: w.campaign.items[1]!.id, quantity: b }] : []),
];

async function close(t: TestTenant, campaignId: string) {
  await base.tx.execute(sql`update campaigns set ends_at = now() - interval '1 second' where tenant_id = ${t.tenantId} and id = ${campaignId}`);
  expect(await closeCampaignFlow(base, t.tenantId, campaignId)).toBe('succeeded');
  await dispatchRound(base, [fulfilmentConsumer]);
}

describe('orders in groups and at pickup points', () => {
  it('records the group and pickup point; refuses a point for delivery, a closed point, a group the member is not in or the campaign is not in', async () => {
    const w = await world();
    const [m1, , m3] = w.members;
    expect(w.shares[0]!.url).toBe(`http://x/m/x/c/${w.campaign.id}?g=${w.group.id}`);
    expect(w.shares[0]!.text).toContain(w.campaign.title);
    const order = (await placeOrderFlow(m1!, { campaignId: w.campaign.id, items: items(w, 1, 0), fulfilment: 'pickup', note: '', groupId: w.group.id, pickupPointId: w.pointA.id }, key())).body;
    expect(order).toMatchObject({ groupId: w.group.id, pickupPointId: w.pointA.id });
    // The point's leader now sees the order; the other leader does not.
    expect((await getOrder(w.leaderA.ctx, order.id)).id).toBe(order.id);
    expect(await errorCode(getOrder(w.leaderB.ctx, order.id))).toBe('common.not_found');

    const place = (m: Ctx, extra: object) => placeOrderFlow(m, { campaignId: w.campaign.id, items: items(w, 1, 0), fulfilment: 'pickup', note: '', ...extra }, key());
    expect(await errorCode(place(m1!, { fulfilment: 'delivery', address: { name: 'x', phone: '13800000000', region: 'r', detail: 'd' }, pickupPointId: w.pointA.id }))).toBe('community.pickup_point_for_delivery');
    expect(await errorCode(place(m1!, { pickupPointId: 'pkp_nope' }))).toBe('community.pickup_point_unavailable');
    expect(await errorCode(place(m3!, { groupId: w.group.id }))).toBe('community.order_not_in_group');
    const other = await createGroup(w.t.owner, { orgUnitId: w.store, type: 'fan', name: '另一个群', purpose: '', rules: '', capacity: 10, warnLimit: 3, leaderIds: [] });
    const inv = await createInvite(w.t.owner, other.id, { source: 'official', eventName: '', label: '' }, link);
    await joinGroup(m3!, { code: inv.code, acceptRules: true });
    expect(await errorCode(place(m3!, { groupId: other.id }))).toBe('community.campaign_not_in_group');
    // Nothing was held for the refused orders: only the first order's unit is reserved.
    const [row] = await queryRows<{ reserved: number }>(base.tx, sql`select reserved from campaign_items where tenant_id = ${w.t.tenantId} and id = ${w.campaign.items[0]!.id}`);
    expect(Number(row!.reserved)).toBe(1);
  });
});

describe('picking lists, arrival and pickup', () => {
  it('takes a closed campaign through picking lists, a short line, arrival, codes and collection', async () => {
    const w = await world();
    const [m1, m2, m3, m4] = w.members;
    const o1 = (await placeOrderFlow(m1!, { campaignId: w.campaign.id, items: items(w, 2, 3), fulfilment: 'pickup', note: '', groupId: w.group.id, pickupPointId: w.pointA.id }, key())).body;
    const o2 = (await placeOrderFlow(m2!, { campaignId: w.campaign.id, items: items(w, 1, 0), fulfilment: 'pickup', note: '', groupId: w.group.id, pickupPointId: w.pointA.id }, key())).body;
    const o3 = (await placeOrderFlow(m3!, { campaignId: w.campaign.id, items: items(w, 0, 1), fulfilment: 'pickup', note: '', pickupPointId: w.pointB.id }, key())).body;
    const o4 = (await placeOrderFlow(m4!, { campaignId: w.campaign.id, items: items(w, 1, 1), fulfilment: 'delivery', note: '', address: { name: '四', phone: '13800000004', region: '上海', detail: '1 号' } }, key())).body;
    for (const [m, o] of [[m1, o1], [m2, o2], [m3, o3], [m4, o4]] as const) await pay(m!, o.id);

    // The 接龙 list of the group shows only the orders placed from it.
    const entries = await listCampaignEntries(w.t.sys, w.campaign.id, { limit: 50, groupId: w.group.id });
    expect(entries.items.map((e) => e.name)).toEqual(['一**', '二**']);

    expect(await errorCode(generatePickingListsFlow(w.t.owner, w.campaign.id))).toBe('fulfilment.campaign_not_closed');
    await close(w.t, w.campaign.id);
    const all = await listPickingLists(w.t.owner, { limit: 50, campaignId: w.campaign.id });
    expect(all.items.map((l) => [l.pickupPointName, l.orderCount, l.unitCount, l.status]).sort()).toEqual([
      ['A 点', 2, 6, 'open'],
      ['B 点', 1, 1, 'open'],
    ]);
    expect((await getOrder(w.t.owner, o1.id)).status).toBe('fulfilling');
    expect((await getOrder(w.t.owner, o4.id)).status).toBe('paid');
    expect(await generatePickingListsFlow(w.t.owner, w.campaign.id)).toMatchObject({ ordersAdded: 0, unassigned: 0 });

    const listA = all.items.find((l) => l.pickupPointId === w.pointA.id)!;
    const listB = all.items.find((l) => l.pickupPointId === w.pointB.id)!;
    expect((await listPickingLists(w.leaderB.ctx, { limit: 50 })).items.map((l) => l.id)).toEqual([listB.id]);
    expect(await errorCode(getPickingList(w.leaderB.ctx, listA.id))).toBe('common.not_found');
    const detail = await getPickingList(w.leaderA.ctx, listA.id);
    expect(detail.bySku.map((s) => s.quantity).sort()).toEqual([3, 3]);
    expect(detail.byMember.map((m) => m.memberName).sort()).toEqual(['一**', '二**']);
    expect(detail.byMember.every((m) => m.phone.includes('****'))).toBe(true);
    // A member who lets leaders see their contact details shows by name; the phone stays masked.
    await setMyConsent(w.members[0]!, { purpose: 'share_contact', granted: true });
    const shared = await getPickingList(w.leaderA.ctx, listA.id);
    expect(shared.byMember.map((m) => m.memberName).sort()).toEqual(['一', '二**']);
    expect(shared.byMember.every((m) => m.phone.includes('****'))).toBe(true);
    await setMyConsent(w.members[0]!, { purpose: 'share_contact', granted: false });
    expect((await getPickingList(w.leaderA.ctx, listA.id)).byMember.map((m) => m.memberName).sort()).toEqual(['一**', '二**']);

    // The warehouse is one unit short of o1's second line: refunded, not restocked.
    const stockBefore = (await stockOf(w.t.sys, w.warehouseId, [w.skuIds[1]!])).get(w.skuIds[1]!);
    const line2 = o1.lines.find((l) => l.campaignItemId === w.campaign.items[1]!.id)!;
    expect(await errorCode(dispatchPickingListFlow(w.t.owner, listA.id, { shortages: [{ orderLineId: line2.id, quantity: 4 }], note: '' }))).toBe('fulfilment.shortage_invalid');
    expect(await errorCode(dispatchPickingListFlow(w.t.owner, listA.id, { shortages: [{ orderLineId: o3.lines[0]!.id, quantity: 1 }], note: '' }))).toBe('fulfilment.shortage_invalid');
    expect(await errorCode(dispatchPickingListFlow(w.leaderA.ctx, listA.id, { shortages: [], note: '' }))).toBe('common.forbidden');
    const dispatched = await dispatchPickingListFlow(w.t.owner, listA.id, { shortages: [{ orderLineId: line2.id, quantity: 1 }], note: '第一车' });
    expect(dispatched).toMatchObject({ status: 'dispatched', unitCount: 5, shortages: [{ orderLineId: line2.id, quantity: 1, stage: 'dispatch' }] });
    const after = await getOrder(w.t.owner, o1.id);
    expect(after).toMatchObject({ refundedFen: 500, status: 'fulfilling' });
    expect((await stockOf(w.t.sys, w.warehouseId, [w.skuIds[1]!])).get(w.skuIds[1]!)).toBe(stockBefore);
    expect(await errorCode(dispatchPickingListFlow(w.t.owner, listA.id, { shortages: [], note: '' }))).toBe('fulfilment.list_not_in_state');

    // Arrival: only the point's leader (or staff); members get codes and a notice.
    expect(await errorCode(confirmArrivalFlow(w.leaderA.ctx, listB.id, { shortages: [] }))).toBe('common.not_found');
    expect(await errorCode(confirmArrivalFlow(w.leaderB.ctx, listB.id, { shortages: [] }))).toBe('fulfilment.list_not_in_state');
    await confirmArrivalFlow(w.leaderA.ctx, listA.id, { shortages: [] });
    expect((await getOrder(w.t.owner, o2.id)).status).toBe('ready_for_pickup');
    const code1 = await myPickupCode(m1!, o1.id);
    const code2 = await myPickupCode(m2!, o2.id);
    expect(code1.code).toMatch(/^\d{6}$/);
    expect(code1.code).not.toBe(code2.code);
    expect(code1.qrSvg).toContain('<svg');
    const notices = await listMyNotices(m1!, { limit: 10 });
    expect(notices.items.map((n) => n.kind)).toEqual(['pickup_ready', 'shortage_refunded']);
    expect(notices.unread).toBe(2);
    const [ready] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from outbox_events where tenant_id = ${w.t.tenantId} and type = 'pickup.ready'`);
    expect(Number(ready!.n)).toBe(2);

    // Verification: the right code completes; reuse is 409; another leader cannot.
    const done = await verifyPickupFlow(w.leaderA.ctx, { code: code1.code });
    expect(done.status).toBe('completed');
    expect(await errorCode(verifyPickupFlow(w.leaderA.ctx, { code: code1.code }))).toBe('fulfilment.code_used');
    expect(await errorCode(verifyPickupFlow(w.leaderB.ctx, { code: code2.code }))).toBe('fulfilment.wrong_code');
    expect(await errorCode(verifyPickupFlow(w.leaderB.ctx, { code: code2.code, orderId: o2.id }))).toBe('common.not_found');
    expect(await errorCode(verifyPickupFlow(w.leaderB.ctx, { code: code2.code, pickupPointId: w.pointA.id }))).toBe('common.not_found');
    expect((await getOrder(w.t.owner, o2.id)).status).toBe('ready_for_pickup');

    // Not collected after 3 days: flagged for the operator and the point's leader only.
    await base.tx.execute(sql`update pickup_codes set issued_at = now() - interval '4 days' where tenant_id = ${w.t.tenantId} and order_id = ${o2.id}`);
    expect((await listUncollected(w.t.owner, { days: 3, limit: 50 })).items).toEqual([expect.objectContaining({ orderId: o2.id, pickupPointName: 'A 点', daysWaiting: 4 })]);
    expect((await listUncollected(w.leaderA.ctx, { days: 3, limit: 50 })).items).toHaveLength(1);
    expect((await listUncollected(w.leaderB.ctx, { days: 3, limit: 50 })).items).toEqual([]);
    expect((await listUncollected(w.t.owner, { days: 5, limit: 50 })).items).toEqual([]);

    // A delivery order ships and completes on delivery.
    expect(await errorCode(createShipmentFlow(w.t.owner, o2.id, { carrier: '顺丰', trackingNumber: 'SF1234567' }))).toBe('fulfilment.not_delivery');
    const parcel = await createShipmentFlow(w.t.owner, o4.id, { carrier: '顺丰', trackingNumber: 'SF1234567' });
    expect((await getOrder(w.t.owner, o4.id)).status).toBe('shipped');
    expect(await errorCode(updateShipmentFlow(w.t.owner, parcel.id, 'in_transit').then(() => updateShipmentFlow(w.t.owner, parcel.id, 'in_transit')))).toBe('fulfilment.shipment_status');
    await updateShipmentFlow(w.t.owner, parcel.id, 'delivered');
    expect((await getOrder(w.t.owner, o4.id)).status).toBe('completed');
  });

  it('locks a person out after five wrong codes at a point, and counts each wrong attempt even though it fails', async () => {
    const w = await world();
    const [m1] = w.members;
    const o1 = (await placeOrderFlow(m1!, { campaignId: w.campaign.id, items: items(w, 1, 0), fulfilment: 'pickup', note: '', pickupPointId: w.pointA.id }, key())).body;
    await pay(m1!, o1.id);
    await close(w.t, w.campaign.id);
    const [list] = (await listPickingLists(w.t.owner, { limit: 5 })).items;
    await dispatchPickingListFlow(w.t.owner, list!.id, { shortages: [], note: '' });
    await confirmArrivalFlow(w.leaderA.ctx, list!.id, { shortages: [] });
    const { code } = await myPickupCode(m1!, o1.id);
    const wrong = code === '000000' ? '000001' : '000000';
    const lefts: number[] = [];
    for (let i = 0; i < 5; i++) {
      try {
        await verifyPickupFlow(w.leaderA.ctx, { code: wrong });
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('fulfilment.wrong_code');
        lefts.push(Number((e as AppError).params?.left));
      }
    }
    expect(lefts).toEqual([4, 3, 2, 1, 0]);
    expect(await errorCode(verifyPickupFlow(w.leaderA.ctx, { code }))).toBe('fulfilment.pickup_locked');
    expect(await errorCode(verifyPickupFlow(w.leaderA.ctx, { code, pickupPointId: w.pointA.id }))).toBe('fulfilment.pickup_locked');
    // Someone else at the point is not locked out by it.
    expect((await verifyPickupFlow(w.t.owner, { code, pickupPointId: w.pointA.id })).status).toBe('completed');
    await base.tx.execute(sql`update pickup_attempts set locked_until = now() - interval '1 second' where tenant_id = ${w.t.tenantId}`);
    expect(await errorCode(verifyPickupFlow(w.leaderA.ctx, { code }))).toBe('fulfilment.code_used');
  });
});
