import type { BaseCtx, Ctx } from '../../platform/context';

/** A payment notification whose signature and freshness have been checked. */
export interface VerifiedNotification {
  eventId: string;
  type: 'payment.succeeded' | 'payment.failed';
  tenantId: string;
  paymentId: string;
  amountFen: number;
  providerRef: string;
}

/**
 * What a payment provider (the built-in sandbox, WeChat Pay, Alipay, …) must do for Tuan.
 * See docs/payments.md for how a WeChat Pay adapter maps onto it.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Opens a payment intent on the provider's side; returns its reference and where the payer goes. */
  create(ctx: Ctx, p: { paymentId: string; orderId: string; amountFen: number; description: string; memberPagesBase: string }): Promise<{ providerRef: string; payUrl: string }>;
  /** Where the payer goes for an open payment (the same answer `create` gave). */
  payUrl(p: { paymentId: string; providerRef: string; memberPagesBase: string }): string;
  /** Asks the provider what became of a payment (when a notification may have been lost). */
  query(ctx: Ctx, p: { paymentId: string; providerRef: string }): Promise<{ status: 'pending' | 'paid' | 'failed' }>;
  /** Refunds part or all of a captured payment. */
  refund(ctx: Ctx, p: { paymentId: string; providerRef: string; refundId: string; amountFen: number }): Promise<{ status: 'succeeded' | 'failed'; providerRef: string }>;
  /** Checks a notification's signature and timestamp; throws a 401 AppError when either is wrong. */
  verifyNotification(base: BaseCtx, headers: Record<string, string | string[] | undefined>, rawBody: string): VerifiedNotification;
}
