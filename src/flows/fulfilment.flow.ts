import { audit } from '../platform/audit';
import { inTransaction, requireRole, systemCtx, type Ctx } from '../platform/context';
import { maskPhone } from '../modules/identity';
import { AppError, CommonErrors, notFound } from '../platform/errors';
import { emit, emitMany } from '../platform/events';
import { getCampaign } from '../modules/campaigns';
import { getPickupPoint, leaderPointIds, pickupPointsByIds } from '../modules/community';
import {
  addToLists,
  assertNotLocked,
  clearWrongCodes,
  countWrongCode,
  FulfilmentErrors,
  getPickingList,
  insertShipment,
  issuePickupCode,
  listFor,
  lockShipment,
  lookupCode,
  markCodeUsed,
  notifyMembers,
  orderIdsOfList,
  ordersOnLists,
  markList,
  setShipmentStatus,
  shipmentDto,
  recordShortages,
  type PickingListDetail,
  type PickingListRow,
} from '../modules/fulfilment';
import { assertCanManageOrder, getOrder, loadLines, lockOrder, ordersByIds, paidPickupOrders, transition, transitionMany, type OrderDto } from '../modules/orders';
import { refundOrderInTx } from './refund-order.flow';

/**
 * Fulfilment, across orders, campaigns, communities and fulfilment: picking lists when a campaign
 * closes, dispatch, arrival with pickup codes, collection, and shipments for delivery orders.
 */

const LIST_STATUS_ZH = { open: '待发货', dispatched: '已发货', arrived: '已到货' } as const;

export interface GenerateResult {
  lists: string[];
  ordersAdded: number;
  /** Paid pickup orders without a pickup point: the operator assigns them by hand. */
  unassigned: number;
}

/**
 * Puts a closed campaign's paid pickup orders on one list per pickup point (orders paid later join
 * the point's open list), and moves them to fulfilling. Runs on `campaign.succeeded`, and again by
 * hand for late orders; an order is never on two lists.
 */
export async function generatePickingListsFlow(ctx: Ctx, campaignId: string): Promise<GenerateResult> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const campaign = await getCampaign(ctx, campaignId);
    if (ctx.actor.role === 'leader' && campaign.createdBy !== ctx.actor.id) throw new AppError(CommonErrors.forbidden);
    if (campaign.status !== 'succeeded') throw new AppError(FulfilmentErrors.campaign_not_closed, { params: { status: campaign.status } });
    const paid = await paidPickupOrders(ctx, campaignId);
    const listed = await ordersOnLists(ctx, paid.map((o) => o.id));
    const todo = paid.filter((o): o is typeof o & { pickupPointId: string } => !!o.pickupPointId && !listed.has(o.id));
    const points = await pickupPointsByIds(ctx, todo.map((o) => o.pickupPointId));
    const lists = await addToLists(ctx, campaignId, todo, points);
    // One statement for the whole campaign, not one round trip per order.
    await transitionMany(ctx, todo.map((o) => o.id), 'paid', 'fulfilling', '已生成拣货单 (on a picking list)');
    if (todo.length) await audit(ctx, { action: 'picking_lists.generated', entityType: 'campaign', entityId: campaignId, data: { lists, orders: todo.length } });
    return { lists, ordersAdded: todo.length, unassigned: paid.filter((o) => !o.pickupPointId).length };
  });
}

export interface ShortLine {
  orderLineId: string;
  quantity: number;
}

/** Refunds short lines of a list's orders (no restock: the goods were never there) and tells the members. */
async function settleShortages(ctx: Ctx, list: PickingListRow, short: ShortLine[], stage: 'dispatch' | 'arrival'): Promise<void> {
  if (short.length === 0) return;
  const orderIds = await orderIdsOfList(ctx, list.id);
  const lines = await loadLines(ctx, orderIds);
  const lineOrder = new Map<string, { orderId: string; left: number; title: string }>();
  for (const [orderId, ls] of lines) for (const l of ls) lineOrder.set(l.id, { orderId, left: l.quantity - l.refundedQuantity, title: l.title });
  const byOrder = new Map<string, ShortLine[]>();
  const asked = new Map<string, number>();
  short.forEach((s, i) => {
    const l = lineOrder.get(s.orderLineId);
    if (!l) throw new AppError(FulfilmentErrors.shortage_invalid, { params: { detail: `line ${s.orderLineId} is not on this list` }, errors: [{ path: `shortages.${i}.orderLineId`, message: 'not on this list' }] });
    asked.set(s.orderLineId, (asked.get(s.orderLineId) ?? 0) + s.quantity);
    if (asked.get(s.orderLineId)! > l.left) throw new AppError(FulfilmentErrors.shortage_invalid, { params: { detail: `${l.title}: at most ${l.left}` }, errors: [{ path: `shortages.${i}.quantity`, message: `at most ${l.left}` }] });
    byOrder.set(l.orderId, [...(byOrder.get(l.orderId) ?? []), s]);
  });
  const orders = await ordersByIds(ctx, [...byOrder.keys()]);
  for (const [orderId, ls] of byOrder) {
    // Authorised by the list (its staff or its point's leader), not by each order's campaign.
    const refundId = await refundOrderInTx(ctx, orderId, { lines: ls.map((s) => ({ lineId: s.orderLineId, quantity: s.quantity })), reason: stage === 'dispatch' ? '仓库缺货 (short at the warehouse)' : '到货缺件 (short on arrival)' }, { restock: false, authorized: true });
    await recordShortages(ctx, list.id, orderId, ls, stage, refundId);
    const titles = ls.map((s) => `${lineOrder.get(s.orderLineId)!.title}×${s.quantity}`).join('、');
    await notifyMembers(ctx, [{ memberId: orders.get(orderId)!.memberId, kind: 'shortage_refunded', title: '部分商品缺货，已退款', body: `很抱歉，${titles} 缺货，这部分货款已原路退回。`, orderId }]);
  }
}

/** The warehouse sends a list's batch to its pickup point, noting any line it was short of. */
export async function dispatchPickingListFlow(ctx: Ctx, listId: string, input: { shortages: ShortLine[]; note: string }): Promise<PickingListDetail> {
  requireRole(ctx, 'owner', 'operator', 'system');
  return inTransaction(ctx, async (ctx) => {
    const list = await listFor(ctx, listId, { lock: true });
    if (list.status !== 'open') throw new AppError(FulfilmentErrors.list_not_in_state, { params: { status_en: list.status, status_zh: LIST_STATUS_ZH[list.status], action_en: 'dispatched', action_zh: '发货' } });
    await settleShortages(ctx, list, input.shortages, 'dispatch');
    await markList(ctx, listId, 'dispatched', input.note);
    const orders = await orderIdsOfList(ctx, listId);
    await emit(ctx, 'picking_list.dispatched', { listId, campaignId: list.campaignId, pickupPointId: list.pickupPointId, orders: orders.length });
    await audit(ctx, { action: 'picking_list.dispatched', entityType: 'picking_list', entityId: listId, data: { shortages: input.shortages, note: input.note } });
    return getPickingList(ctx, listId);
  });
}

/**
 * The leader confirms the batch arrived (noting any line short): orders become ready for pickup,
 * each gets its 6-digit code, and each member is told — a notice on their pages and a
 * `pickup.ready` event for messaging.
 */
export async function confirmArrivalFlow(ctx: Ctx, listId: string, input: { shortages: ShortLine[] }): Promise<PickingListDetail> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const list = await listFor(ctx, listId, { lock: true });
    if (list.status !== 'dispatched') throw new AppError(FulfilmentErrors.list_not_in_state, { params: { status_en: list.status, status_zh: LIST_STATUS_ZH[list.status], action_en: 'confirmed as arrived', action_zh: '确认到货' } });
    await settleShortages(ctx, list, input.shortages, 'arrival');
    await markList(ctx, listId, 'arrived');
    const point = (await pickupPointsByIds(ctx, [list.pickupPointId])).get(list.pickupPointId);
    const notices: Parameters<typeof notifyMembers>[1] = [];
    const events: Array<{ type: 'pickup.ready'; payload: { orderId: string; memberId: string; pickupPointId: string; listId: string } }> = [];
    const ready = await transitionMany(ctx, await orderIdsOfList(ctx, listId), 'fulfilling', 'ready_for_pickup', '已到自提点 (arrived at the pickup point)');
    const readyOrders = await ordersByIds(ctx, ready);
    for (const orderId of ready) {
      const order = readyOrders.get(orderId)!;
      await issuePickupCode(ctx, orderId, list.pickupPointId);
      notices.push({ memberId: order.memberId, kind: 'pickup_ready', title: '到货啦，可以提货了', body: `你的团购已到 ${point?.name ?? '自提点'}（${point?.address ?? ''}），营业时间 ${point?.openingHours || '见团长通知'}。提货时出示提货码。`, orderId });
      events.push({ type: 'pickup.ready', payload: { orderId, memberId: order.memberId, pickupPointId: list.pickupPointId, listId } });
    }
    await notifyMembers(ctx, notices);
    await emitMany(ctx, events);
    await audit(ctx, { action: 'picking_list.arrived', entityType: 'picking_list', entityId: listId, data: { shortages: input.shortages, ready: events.length } });
    return getPickingList(ctx, listId);
  });
}

/**
 * The leader types (or scans) a member's pickup code: the order is collected and completes. A wrong
 * code is a 409 and counts; after 5 in 15 minutes this person is locked out at this point for 15
 * minutes (429). A used code is a 409. Leaders verify at their own points only.
 */
export async function verifyPickupFlow(ctx: Ctx, input: { code: string; pickupPointId?: string | undefined; orderId?: string | undefined }): Promise<OrderDto> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  let pointIds: string[];
  if (ctx.actor.role === 'leader') {
    const mine = await leaderPointIds(ctx, ctx.actor.id);
    if (input.pickupPointId && !mine.includes(input.pickupPointId)) throw notFound({ zh: '自提点', en: 'Pickup point' });
    pointIds = input.pickupPointId ? [input.pickupPointId] : mine;
  } else {
    if (!input.pickupPointId) throw new AppError(CommonErrors.validation_failed, { errors: [{ path: 'pickupPointId', message: 'required for staff other than the leader' }] });
    pointIds = [(await getPickupPoint(ctx, input.pickupPointId)).id];
  }
  if (input.orderId) {
    const order = (await ordersByIds(ctx, [input.orderId])).get(input.orderId);
    if (!order || !order.pickupPointId || !pointIds.includes(order.pickupPointId)) throw notFound({ zh: '订单', en: 'Order' });
  }
  // A leader's wrong codes count across all their points (naming a point does not buy more tries).
  const pointKey = ctx.actor.role === 'leader' ? `leader:${ctx.actor.id}` : input.pickupPointId!;
  const outcome = await inTransaction(ctx, async (ctx) => {
    await assertNotLocked(ctx, pointKey);
    const found = await lookupCode(ctx, pointIds, input.code);
    if (found.kind === 'ambiguous') throw new AppError(CommonErrors.validation_failed, { errors: [{ path: 'pickupPointId', message: 'this code is open at two of your points: choose the point' }] });
    if (found.kind === 'used' && (!input.orderId || input.orderId === found.orderId)) throw new AppError(FulfilmentErrors.code_used, { params: { at: found.usedAt.toISOString() } });
    if (found.kind !== 'open' || (input.orderId && input.orderId !== found.orderId)) return { wrong: await countWrongCode(ctx, pointKey) };
    const order = await lockOrder(ctx, found.orderId);
    if (order.status !== 'ready_for_pickup') throw new AppError(FulfilmentErrors.not_ready, { params: { status: order.status } });
    await transition(ctx, order, 'completed', '已提货 (collected)');
    await markCodeUsed(ctx, order.id);
    await clearWrongCodes(ctx, pointKey);
    await emit(ctx, 'pickup.collected', { orderId: order.id, memberId: order.memberId, pickupPointId: found.pickupPointId });
    await audit(ctx, { action: 'order.collected', entityType: 'order', entityId: order.id, data: { pickupPointId: found.pickupPointId } });
    return { orderId: order.id };
  });
  if ('wrong' in outcome) {
    const left = outcome.wrong as number;
    throw new AppError(FulfilmentErrors.wrong_code, { params: { left }, errors: [{ path: 'code', message: `wrong code, ${left} tries left` }] });
  }
  // An operator scoped by the point may not see the campaign's orders in general: they still get
  // the order they just handed over, with the phone masked as everywhere but for owners.
  const order = await getOrder(ctx, outcome.orderId as string).catch(async () => {
    const o = await getOrder(systemCtx(ctx, ctx.tenantId, ctx.actor.name), outcome.orderId as string);
    return { ...o, memberPhone: maskPhone(o.memberPhone) };
  });
  return order;
}

/** A delivery order is shipped: carrier and tracking number; the member is told. */
export async function createShipmentFlow(ctx: Ctx, orderId: string, input: { carrier: string; trackingNumber: string }) {
  requireRole(ctx, 'owner', 'operator', 'system');
  return inTransaction(ctx, async (ctx) => {
    const order = await lockOrder(ctx, orderId);
    assertCanManageOrder(ctx, order);
    if (order.fulfilment !== 'delivery') throw new AppError(FulfilmentErrors.not_delivery);
    if (order.status !== 'paid' && order.status !== 'fulfilling') throw new AppError(FulfilmentErrors.shipment_not_allowed, { params: { status: order.status } });
    // Nothing leaves the warehouse before the group-buy has closed as a success (成团): a failed one refunds.
    const campaign = await getCampaign(systemCtx(ctx, ctx.tenantId), order.campaignId);
    if (campaign.status !== 'succeeded') throw new AppError(FulfilmentErrors.campaign_not_closed, { params: { status: campaign.status } });
    const shipment = await insertShipment(ctx, orderId, input);
    await transition(ctx, order, 'shipped', `${input.carrier} ${input.trackingNumber}`);
    await notifyMembers(ctx, [{ memberId: order.memberId, kind: 'shipped', title: '已发货', body: `${input.carrier} 运单号 ${input.trackingNumber}`, orderId }]);
    await emit(ctx, 'shipment.created', { shipmentId: shipment.id, orderId, carrier: input.carrier, trackingNumber: input.trackingNumber });
    await audit(ctx, { action: 'shipment.created', entityType: 'order', entityId: orderId, data: { carrier: input.carrier, trackingNumber: input.trackingNumber } });
    return shipmentDto(shipment);
  });
}

/** A parcel moves on; delivered completes the order. */
export async function updateShipmentFlow(ctx: Ctx, shipmentId: string, to: 'in_transit' | 'delivered' | 'returned') {
  requireRole(ctx, 'owner', 'operator', 'system');
  return inTransaction(ctx, async (ctx) => {
    const s = await lockShipment(ctx, shipmentId);
    const order = await lockOrder(ctx, s.orderId);
    assertCanManageOrder(ctx, order);
    const after = await setShipmentStatus(ctx, s, to);
    if (to === 'delivered' && order.status === 'shipped') await transition(ctx, order, 'completed', '已签收 (delivered)');
    await audit(ctx, { action: `shipment.${to}`, entityType: 'order', entityId: s.orderId, data: { shipmentId } });
    return shipmentDto(after);
  });
}
