import { audit } from '../platform/audit';
import { inTransaction, type Ctx } from '../platform/context';
import { AppError } from '../platform/errors';
import { assertCanManageOrder, getOrder, lockOrder, OrderErrors, type OrderDto } from '../modules/orders';
import { closeUnpaidOrder } from './release-order';

/** A member cancels their unpaid order (staff may too); everything it held is released. */
export async function cancelOrderFlow(ctx: Ctx, orderId: string, reason: string): Promise<OrderDto> {
  return inTransaction(ctx, async (ctx) => {
    // Visibility first: another member's order is a 404, not a 403.
    await getOrder(ctx, orderId);
    const order = await lockOrder(ctx, orderId);
    assertCanManageOrder(ctx, order);
    if (order.status !== 'pending_payment') throw new AppError(OrderErrors.invalid_transition, { params: { from: order.status, to: 'canceled' } });
    await closeUnpaidOrder(ctx, order, reason || (ctx.actor.type === 'member' ? '会员取消 (canceled by the member)' : '商家取消 (canceled by staff)'));
    if (ctx.actor.type !== 'member') await audit(ctx, { action: 'order.canceled', entityType: 'order', entityId: orderId, data: { reason } });
    return getOrder(ctx, orderId);
  });
}
