import { audit } from '../platform/audit';
import { requireRole, type Ctx } from '../platform/context';
import { AppError } from '../platform/errors';
import { emit } from '../platform/events';
import { idempotent, type IdempotentResult } from '../platform/idempotency';
import { releaseMemberUnits, releaseUnits } from '../modules/campaigns';
import { releaseStock } from '../modules/inventory';
import { assertCanManageOrder, applyRefund, getOrder, loadLines, lockOrder, OrderErrors, planRefund, recordEvent, transition, type OrderDto, type OrderRow } from '../modules/orders';
import { capturedPaymentOf, refundPayment } from '../modules/payments';

const REFUNDABLE: OrderRow['status'][] = ['paid', 'fulfilling', 'ready_for_pickup', 'shipped', 'completed'];
/** Goods still in the brand's hands go back to stock and to the campaign; shipped goods do not. */
const RESTOCK: OrderRow['status'][] = ['paid', 'fulfilling'];

/**
 * Refunds a paid order, fully or per line, through its payment provider, in one transaction
 * with the order, the campaign's counts and the stock. Used by staff (with an Idempotency-Key) and
 * by campaign closing.
 */
export async function refundOrderInTx(ctx: Ctx, orderId: string, input: { lines?: Array<{ lineId: string; quantity: number }> | undefined; reason: string }, opts: { restock?: boolean; authorized?: boolean } = {}): Promise<string> {
  const order = await lockOrder(ctx, orderId);
  // `authorized`: the caller checked access another way (a picking list's staff or leader).
  if (!opts.authorized) assertCanManageOrder(ctx, order);
  if (!REFUNDABLE.includes(order.status)) throw new AppError(OrderErrors.not_refundable, { params: { status: order.status } });
  const lines = (await loadLines(ctx, [orderId])).get(orderId) ?? [];
  const plan = planRefund(lines, input.lines);
  const amountFen = plan.reduce((s, p) => s + p.amountFen, 0);
  const payment = await capturedPaymentOf(ctx, orderId);
  if (!payment) throw new AppError(OrderErrors.not_refundable, { params: { status: 'unpaid' } });
  const { refundId } = await refundPayment(ctx, payment, { amountFen, lines: plan.map((p) => ({ lineId: p.lineId, quantity: p.quantity, amountFen: p.amountFen })), reason: input.reason });
  const { fully } = await applyRefund(ctx, orderId, plan);
  // A shortage refunds goods that were never there: the campaign's counts go back, the stock does not.
  if (RESTOCK.includes(order.status)) {
    const unitLines = plan.map((p) => ({ itemId: p.campaignItemId, quantity: p.quantity }));
    // Same lock order as checkout: the member's rows, then the campaign's, then stock.
    await releaseMemberUnits(ctx, order.memberId, unitLines);
    await releaseUnits(ctx, unitLines, 'sold');
    if (opts.restock !== false) await releaseStock(ctx, order.warehouseId, plan.map((p) => ({ skuId: p.skuId, quantity: p.quantity })));
  }
  if (fully) await transition(ctx, order, 'refunded', input.reason);
  else await recordEvent(ctx, orderId, order.status, order.status, `部分退款 ¥${(amountFen / 100).toFixed(2)}：${input.reason} (partial refund)`);
  await emit(ctx, 'order.refunded', {
    orderId,
    campaignId: order.campaignId,
    memberId: order.memberId,
    refundId,
    amountFen,
    full: fully,
    lines: plan.map((p) => ({ lineId: p.lineId, quantity: p.quantity, amountFen: p.amountFen })),
  });
  return refundId;
}

/** Owners and operators refund a paid order, with an Idempotency-Key. */
export async function refundOrderFlow(
  ctx: Ctx,
  orderId: string,
  input: { lines?: Array<{ lineId: string; quantity: number }> | undefined; reason: string },
  idempotencyKey: string,
): Promise<IdempotentResult<OrderDto>> {
  requireRole(ctx, 'owner', 'operator');
  return idempotent(ctx, { key: idempotencyKey, operation: `refundOrder:${orderId}`, request: input, status: 200 }, async (ctx) => {
    await getOrder(ctx, orderId); // scope: 404 outside it
    const refundId = await refundOrderInTx(ctx, orderId, input);
    await audit(ctx, { action: 'order.refunded', entityType: 'order', entityId: orderId, data: { refundId, lines: input.lines ?? 'all', reason: input.reason } });
    return getOrder(ctx, orderId);
  });
}
