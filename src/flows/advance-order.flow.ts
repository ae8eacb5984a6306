import { audit } from '../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../platform/context';
import { assertCanManageOrder, getOrder, lockOrder, OrderErrors, transition, type OrderDto } from '../modules/orders';
import { AppError } from '../platform/errors';

/** Staff move a paid order through fulfilment: fulfilling → ready for pickup or shipped → completed. */
export async function advanceOrderFlow(ctx: Ctx, orderId: string, input: { status: 'fulfilling' | 'ready_for_pickup' | 'shipped' | 'completed'; note: string }): Promise<OrderDto> {
  requireRole(ctx, 'owner', 'operator', 'leader');
  return inTransaction(ctx, async (ctx) => {
    await getOrder(ctx, orderId);
    const order = await lockOrder(ctx, orderId);
    assertCanManageOrder(ctx, order);
    // Orders collected at a pickup point move through picking lists, arrival and the pickup code.
    if (order.pickupPointId) throw new AppError(OrderErrors.managed_by_fulfilment);
    await transition(ctx, order, input.status, input.note, input.status === 'completed' ? { completedAt: new Date() } : {});
    await audit(ctx, { action: `order.${input.status}`, entityType: 'order', entityId: orderId, data: { from: order.status, note: input.note } });
    return getOrder(ctx, orderId);
  });
}
