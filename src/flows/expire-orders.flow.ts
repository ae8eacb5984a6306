import { inTransaction, systemCtx, type BaseCtx } from '../platform/context';
import { expiredOrders, lockOrder } from '../modules/orders';
import { openPaymentsOf, paymentProvider } from '../modules/payments';
import { applyPaymentSuccess } from './payment.flow';
import { closeUnpaidOrder } from './release-order';

/**
 * Ends one unpaid order past its deadline. Before giving up, it asks the provider about any open
 * payment, so a success whose notification was lost still makes the order paid.
 */
export async function expireOrderFlow(base: BaseCtx, tenantId: string, orderId: string): Promise<'expired' | 'paid' | 'skipped'> {
  const ctx = systemCtx(base, tenantId, 'order expiry');
  return inTransaction(ctx, async (ctx) => {
    const order = await lockOrder(ctx, orderId);
    if (order.status !== 'pending_payment' || order.expiresAt > new Date()) return 'skipped';
    for (const p of await openPaymentsOf(ctx, orderId)) {
      const { status } = await paymentProvider(p.provider, ctx.config).query(ctx, { paymentId: p.id, providerRef: p.providerRef ?? '' });
      if (status === 'paid') {
        await applyPaymentSuccess(ctx, p);
        return 'paid';
      }
    }
    await closeUnpaidOrder(ctx, order, '超时未支付 (not paid in time)');
    return 'expired';
  });
}

/** The expiry job: every unpaid order past its deadline, each in its own transaction; one that fails is reported and retried next round. */
export async function expireDueOrders(base: BaseCtx, onError: (err: unknown, orderId: string) => void = () => {}): Promise<number> {
  let n = 0;
  for (const o of await expiredOrders(base)) {
    try {
      if ((await expireOrderFlow(base, o.tenantId, o.id)) !== 'skipped') n++;
    } catch (err) {
      onError(err, o.id);
    }
  }
  return n;
}
