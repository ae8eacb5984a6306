import { checkSignature, signBody } from '../../platform/signing';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { BaseCtx, Ctx } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { PaymentErrors } from './payments.errors';
import { sandboxPayments } from './payments.schema';
import type { PaymentProvider, VerifiedNotification } from './provider';

export const SIGNATURE_HEADER = 'tuan-signature';
export const TOLERANCE_SECONDS = 300;

const ZNotification = z.object({
  id: z.string().min(1).max(100),
  type: z.enum(['payment.succeeded', 'payment.failed']),
  created: z.number().int(),
  data: z.object({ tenantId: z.string(), paymentId: z.string(), providerRef: z.string(), amountFen: z.number().int() }),
});

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as the sandbox signs its notifications. */
export function signNotification(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return signBody(secret, rawBody, timestamp);
}

/** Verifies a signature header against the raw body: right key, and a timestamp within the tolerance. */
export function verifySignature(secret: string, header: string | undefined, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000)): void {
  const verdict = checkSignature(secret, header, rawBody, TOLERANCE_SECONDS, nowSeconds);
  if (verdict === 'bad') throw new AppError(PaymentErrors.invalid_signature);
  if (verdict === 'stale') throw new AppError(PaymentErrors.stale_notification, { params: { tolerance: TOLERANCE_SECONDS } });
}

/**
 * The built-in sandbox provider. Its "gateway" is a table (`sandbox_payments`); the hosted pay
 * page is a member page with Pay and Fail buttons, and the outcome comes back as a signed
 * notification through the same endpoint a real provider would call.
 */
export const sandboxProvider: PaymentProvider = {
  name: 'sandbox',

  async create(ctx, p) {
    const id = newId('sandboxPayment');
    await ctx.tx.insert(sandboxPayments).values({ tenantId: ctx.tenantId, id, paymentId: p.paymentId, amountFen: p.amountFen });
    return { providerRef: id, payUrl: this.payUrl({ paymentId: p.paymentId, providerRef: id, memberPagesBase: p.memberPagesBase }) };
  },

  payUrl(p) {
    return `${p.memberPagesBase}/pay/${p.paymentId}`;
  },

  async query(ctx, p) {
    const [row] = await ctx.tx.select().from(sandboxPayments).where(and(eq(sandboxPayments.tenantId, ctx.tenantId), eq(sandboxPayments.id, p.providerRef)));
    return { status: row?.status ?? 'pending' };
  },

  async refund(ctx, p) {
    const [row] = await ctx.tx
      .update(sandboxPayments)
      .set({ refundedFen: sql`${sandboxPayments.refundedFen} + ${p.amountFen}` })
      .where(and(eq(sandboxPayments.tenantId, ctx.tenantId), eq(sandboxPayments.id, p.providerRef), eq(sandboxPayments.status, 'paid'), sql`${sandboxPayments.refundedFen} + ${p.amountFen} <= ${sandboxPayments.amountFen}`))
      .returning({ id: sandboxPayments.id });
    return { status: row ? 'succeeded' : 'failed', providerRef: `${p.providerRef}:${p.refundId}` };
  },

  verifyNotification(base: BaseCtx, headers, rawBody): VerifiedNotification {
    const header = headers[SIGNATURE_HEADER];
    verifySignature(base.config.sandboxPaymentSecret, Array.isArray(header) ? header[0] : header, rawBody);
    let parsed: z.infer<typeof ZNotification>;
    try {
      parsed = ZNotification.parse(JSON.parse(rawBody));
    } catch {
      throw new AppError(PaymentErrors.invalid_signature);
    }
    return { eventId: parsed.id, type: parsed.type, ...parsed.data };
  },
};

/**
 * The sandbox gateway settles a payment (the payer pressed Pay or Fail on the hosted page) and
 * produces the signed notification it would send. Settling twice changes nothing; it still
 * produces the notification, as a real gateway re-sends them.
 */
export async function settleSandboxPayment(ctx: Ctx, providerRef: string, outcome: 'paid' | 'failed', secret: string): Promise<{ rawBody: string; signature: string } | null> {
  const [row] = await ctx.tx.select().from(sandboxPayments).where(and(eq(sandboxPayments.tenantId, ctx.tenantId), eq(sandboxPayments.id, providerRef))).for('update');
  if (!row) return null;
  let status = row.status;
  if (status === 'pending') {
    await ctx.tx.update(sandboxPayments).set({ status: outcome, settledAt: new Date() }).where(and(eq(sandboxPayments.tenantId, ctx.tenantId), eq(sandboxPayments.id, providerRef)));
    status = outcome;
  }
  const body = {
    id: `sbxevt_${row.id}_${status}`,
    type: status === 'paid' ? 'payment.succeeded' : 'payment.failed',
    created: Math.floor(Date.now() / 1000),
    data: { tenantId: ctx.tenantId, paymentId: row.paymentId, providerRef: row.id, amountFen: row.amountFen },
  };
  const rawBody = JSON.stringify(body);
  return { rawBody, signature: signNotification(secret, rawBody) };
}
