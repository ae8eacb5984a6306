import { inTransaction, requireRole, systemCtx, type BaseCtx, type Ctx } from '../platform/context';
import { AppError } from '../platform/errors';
import { emit } from '../platform/events';
import { confirmUnits } from '../modules/campaigns';
import { getTenant } from '../modules/identity';
import { getOrder, loadLines, lockOrder, OrderErrors, recordEvent, transition, type OrderDto } from '../modules/orders';
import {
  claimNotification,
  getPayment,
  openPayment,
  PaymentErrors,
  paymentProvider,
  refundPayment,
  settlePayment,
  settleSandboxPayment,
  SIGNATURE_HEADER,
  type PaymentRow,
} from '../modules/payments';

/** A member starts paying for their unpaid order; an open payment is reused. */
export async function createPaymentFlow(ctx: Ctx, orderId: string): Promise<{ paymentId: string; payUrl: string; amountFen: number; provider: string; expiresAt: string }> {
  requireRole(ctx, 'member');
  return inTransaction(ctx, async (ctx) => {
    const dto = await getOrder(ctx, orderId);
    const order = await lockOrder(ctx, dto.id);
    if (order.status !== 'pending_payment' || order.expiresAt <= new Date()) {
      throw new AppError(OrderErrors.not_payable, { params: { status: order.status === 'pending_payment' ? 'expired' : order.status } });
    }
    const tenant = await getTenant(ctx, ctx.tenantId);
    const { payment, payUrl } = await openPayment(ctx, { orderId, amountFen: order.totalFen, description: dto.campaignTitle, memberPagesBase: `/m/${tenant?.slug ?? ''}` });
    return { paymentId: payment.id, payUrl, amountFen: payment.amountFen, provider: payment.provider, expiresAt: order.expiresAt.toISOString() };
  });
}

/**
 * A payment succeeded (by a verified notification or a provider query). The order becomes paid
 * if it is still waiting; if it was closed meanwhile (expired, canceled) the money goes straight
 * back. Applying the same success twice changes nothing.
 */
export async function applyPaymentSuccess(ctx: Ctx, payment: PaymentRow): Promise<void> {
  if (payment.status === 'succeeded') return;
  if (!(await settlePayment(ctx, payment.id, 'succeeded'))) return;
  const order = await lockOrder(ctx, payment.orderId);
  const captured = { ...payment, status: 'succeeded' as const };
  if (order.status === 'pending_payment') {
    await transition(ctx, order, 'paid', payment.provider === 'sandbox' ? '沙箱支付 (sandbox payment)' : `${payment.provider} 支付`, { paidFen: payment.amountFen, paidAt: new Date() });
    const lines = (await loadLines(ctx, [order.id])).get(order.id) ?? [];
    await confirmUnits(ctx, lines.map((l) => ({ itemId: l.campaignItemId, quantity: l.quantity })));
    await emit(ctx, 'order.paid', { orderId: order.id, campaignId: order.campaignId, memberId: order.memberId, paidFen: payment.amountFen, paymentId: payment.id });
    return;
  }
  await refundPayment(ctx, captured, { amountFen: payment.amountFen, lines: [], reason: `payment arrived after the order was ${order.status}` });
  await recordEvent(ctx, order.id, order.status, order.status, `订单关闭后到账的支付已全额退回 (late payment ${payment.id} refunded)`);
}

/**
 * Handles a provider's notification: signature and freshness first (401 and nothing changes
 * otherwise), then once per event id, in one transaction.
 */
export async function handlePaymentNotificationFlow(
  base: BaseCtx,
  providerName: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<{ applied: boolean; paymentId: string }> {
  const provider = paymentProvider(providerName, base.config);
  const n = provider.verifyNotification(base, headers, rawBody);
  const ctx = systemCtx(base, n.tenantId, `payments:${provider.name}`);
  return inTransaction(ctx, async (ctx) => {
    if (!(await claimNotification(ctx, provider.name, n.eventId, n.paymentId, n.type))) return { applied: false, paymentId: n.paymentId };
    const payment = await getPayment(ctx, n.paymentId, { forUpdate: true });
    if (payment.amountFen !== n.amountFen || payment.providerRef !== n.providerRef) throw new AppError(PaymentErrors.amount_mismatch);
    if (n.type === 'payment.failed') {
      await settlePayment(ctx, payment.id, 'failed');
      return { applied: true, paymentId: payment.id };
    }
    await applyPaymentSuccess(ctx, payment);
    return { applied: true, paymentId: payment.id };
  });
}

/**
 * The sandbox's hosted pay page: the member presses Pay (or Fail). The sandbox gateway settles
 * its side and sends its signed notification through the same handler a real provider calls.
 */
export async function completeSandboxPaymentFlow(ctx: Ctx, paymentId: string, outcome: 'paid' | 'failed'): Promise<OrderDto> {
  requireRole(ctx, 'member');
  const payment = await getPayment(ctx, paymentId);
  const order = await getOrder(ctx, payment.orderId); // 404 unless it is the member's own order
  if (payment.provider !== 'sandbox') throw new AppError(PaymentErrors.unknown_provider, { params: { provider: payment.provider } });
  paymentProvider('sandbox', ctx.config);
  const note = await inTransaction(ctx, (ctx) => settleSandboxPayment(ctx, payment.providerRef ?? '', outcome, ctx.config.sandboxPaymentSecret));
  if (note) await handlePaymentNotificationFlow(ctx, 'sandbox', { [SIGNATURE_HEADER]: note.signature }, note.rawBody);
  return getOrder(ctx, order.id);
}
