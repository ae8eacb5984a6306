import type { Consumer } from '../../platform/consumers';
import { accrueOrder, clawBackOrder, scheduleRelease } from './services/accruals';

/**
 * The commission ledger's subscription to orders. Each event is applied in one transaction with
 * the row that marks it consumed, and each handler works from the order's state, not the event's
 * figures, so redelivery, late delivery or a replay changes nothing twice.
 */
export const distributionConsumer: Consumer = {
  name: 'distribution',
  types: ['order.paid', 'order.refunded', 'order.completed'],
  async handle(ctx, event) {
    switch (event.type) {
      case 'order.paid':
        return accrueOrder(ctx, (event.payload as { orderId: string }).orderId);
      case 'order.refunded': {
        const p = event.payload as { orderId: string; refundId: string };
        return clawBackOrder(ctx, p.orderId, p.refundId);
      }
      case 'order.completed': {
        const p = event.payload as { orderId: string; completedAt: string };
        return scheduleRelease(ctx, p.orderId, new Date(p.completedAt));
      }
    }
  },
};
