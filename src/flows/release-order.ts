import type { Ctx } from '../platform/context';
import { emit } from '../platform/events';
import { releaseMemberUnits, releaseUnits } from '../modules/campaigns';
import { releaseStock } from '../modules/inventory';
import { loadLines, transition, type OrderRow } from '../modules/orders';
import { openPaymentsOf, settlePayment } from '../modules/payments';

/**
 * Step shared by cancel, expiry and campaign closing: an unpaid order ends and gives back
 * everything it held — campaign units, the member's limit, warehouse stock — and its open payments
 * are closed (a payment that still succeeds later is refunded on arrival).
 */
export async function closeUnpaidOrder(ctx: Ctx, order: OrderRow, reason: string): Promise<OrderRow> {
  const after = await transition(ctx, order, 'canceled', reason, { canceledAt: new Date(), cancelReason: reason });
  const lines = (await loadLines(ctx, [order.id])).get(order.id) ?? [];
  const unitLines = lines.map((l) => ({ itemId: l.campaignItemId, quantity: l.quantity }));
  // Same lock order as checkout: the member's rows, then the campaign's, then stock.
  await releaseMemberUnits(ctx, order.memberId, unitLines);
  await releaseUnits(ctx, unitLines, 'reserved');
  await releaseStock(ctx, order.warehouseId, lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })));
  for (const p of await openPaymentsOf(ctx, order.id)) await settlePayment(ctx, p.id, 'canceled');
  await emit(ctx, 'order.canceled', { orderId: order.id, campaignId: order.campaignId, memberId: order.memberId, reason });
  return after;
}
