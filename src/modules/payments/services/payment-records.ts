import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { PAYMENT_ENTITY, PaymentErrors } from '../payments.errors';
import { paymentNotifications, payments, refunds } from '../payments.schema';
import type { PaymentProvider } from '../provider';
import { sandboxProvider } from '../sandbox-provider';

export type PaymentRow = typeof payments.$inferSelect;

const providers = new Map<string, PaymentProvider>([[sandboxProvider.name, sandboxProvider]]);

/** Adds a provider (a WeChat Pay adapter, say) under its name. */
export function registerPaymentProvider(provider: PaymentProvider): void {
  providers.set(provider.name, provider);
}

/**
 * A provider by name. The sandbox (payments without money) answers only where it is switched on:
 * by default on the embedded database, never on a server unless SANDBOX_PAYMENTS=1.
 */
export function paymentProvider(name: string, config: { sandboxPayments: boolean }): PaymentProvider {
  const p = providers.get(name);
  if (!p) throw new AppError(PaymentErrors.unknown_provider, { params: { provider: name } });
  if (p.name === sandboxProvider.name && !config.sandboxPayments) throw new AppError(PaymentErrors.provider_disabled, { params: { provider: name } });
  return p;
}

/**
 * Opens a payment for an order with a provider, or returns the one already open: paying twice
 * for one order cannot start two payments.
 */
export async function openPayment(ctx: Ctx, input: { orderId: string; amountFen: number; description: string; memberPagesBase: string; provider?: string }): Promise<{ payment: PaymentRow; payUrl: string }> {
  const provider = paymentProvider(input.provider ?? 'sandbox', ctx.config);
  const [open] = await ctx.tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, ctx.tenantId), eq(payments.orderId, input.orderId), eq(payments.status, 'created'), eq(payments.provider, provider.name)))
    .orderBy(desc(payments.id))
    .limit(1);
  if (open) return { payment: open, payUrl: provider.payUrl({ paymentId: open.id, providerRef: open.providerRef ?? '', memberPagesBase: input.memberPagesBase }) };
  const id = newId('payment');
  const created = await provider.create(ctx, { paymentId: id, orderId: input.orderId, amountFen: input.amountFen, description: input.description, memberPagesBase: input.memberPagesBase });
  const [row] = await ctx.tx.insert(payments).values({ tenantId: ctx.tenantId, id, orderId: input.orderId, provider: provider.name, amountFen: input.amountFen, providerRef: created.providerRef }).returning();
  return { payment: row!, payUrl: created.payUrl };
}

export async function getPayment(ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<PaymentRow> {
  const q = ctx.tx.select().from(payments).where(and(eq(payments.tenantId, ctx.tenantId), eq(payments.id, id))).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound(PAYMENT_ENTITY);
  return row;
}

/** Open (not yet settled) payments of an order. */
export async function openPaymentsOf(ctx: Ctx, orderId: string): Promise<PaymentRow[]> {
  return ctx.tx.select().from(payments).where(and(eq(payments.tenantId, ctx.tenantId), eq(payments.orderId, orderId), eq(payments.status, 'created')));
}

/**
 * The captured payment of an order that refunds go back through: the oldest succeeded one with
 * money left on it (a late duplicate payment was refunded in full and has none).
 */
export async function capturedPaymentOf(ctx: Ctx, orderId: string): Promise<PaymentRow | null> {
  const [row] = await ctx.tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, ctx.tenantId), eq(payments.orderId, orderId), eq(payments.status, 'succeeded'), sql`${payments.refundedFen} < ${payments.amountFen}`))
    .orderBy(asc(payments.id))
    .limit(1);
  return row ?? null;
}

/** Records a provider event as applied; false when it was applied before (a replay). */
export async function claimNotification(ctx: Ctx, provider: string, eventId: string, paymentId: string, type: string): Promise<boolean> {
  const rows = await ctx.tx.insert(paymentNotifications).values({ tenantId: ctx.tenantId, provider, eventId, paymentId, type }).onConflictDoNothing().returning({ id: paymentNotifications.eventId });
  return rows.length > 0;
}

/**
 * Settles a payment; false when it was already settled (out-of-order or repeated news). A success
 * from the provider wins over a local cancel or an earlier failure: the money did move.
 */
export async function settlePayment(ctx: Ctx, id: string, status: 'succeeded' | 'failed' | 'canceled'): Promise<boolean> {
  const from = status === 'succeeded' ? ['created', 'failed', 'canceled'] : ['created'];
  const rows = await ctx.tx
    .update(payments)
    .set({ status, settledAt: new Date() })
    .where(and(eq(payments.tenantId, ctx.tenantId), eq(payments.id, id), sql`${payments.status} = any(${sql.param(from)}::text[])`))
    .returning({ id: payments.id });
  return rows.length > 0;
}

/**
 * Refunds through the payment's provider and records it. Refusal by the provider is a 502 and the
 * caller's transaction rolls back, so nothing is half-refunded.
 */
export async function refundPayment(
  ctx: Ctx,
  payment: PaymentRow,
  input: { amountFen: number; lines: Array<{ lineId: string; quantity: number; amountFen: number }>; reason: string },
): Promise<{ refundId: string }> {
  // Deterministic: a retried refund (after a rollback) reaches the provider with the same id, so a
  // provider that already paid it out answers with that refund instead of paying twice.
  const refundId = `rfd_${payment.id.slice(4)}_${payment.refundedFen}_${input.amountFen}`;
  const provider = paymentProvider(payment.provider, ctx.config);
  const result = await provider.refund(ctx, { paymentId: payment.id, providerRef: payment.providerRef ?? '', refundId, amountFen: input.amountFen });
  if (result.status !== 'succeeded') throw new AppError(PaymentErrors.refund_failed);
  const updated = await ctx.tx
    .update(payments)
    .set({ refundedFen: sql`${payments.refundedFen} + ${input.amountFen}` })
    .where(and(eq(payments.tenantId, ctx.tenantId), eq(payments.id, payment.id), sql`${payments.refundedFen} + ${input.amountFen} <= ${payments.amountFen}`))
    .returning({ id: payments.id });
  if (updated.length === 0) throw new AppError(PaymentErrors.refund_failed);
  await ctx.tx.insert(refunds).values({
    tenantId: ctx.tenantId,
    id: refundId,
    orderId: payment.orderId,
    paymentId: payment.id,
    amountFen: input.amountFen,
    lines: input.lines,
    reason: input.reason,
    status: 'succeeded',
    providerRef: result.providerRef,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
  });
  return { refundId };
}
