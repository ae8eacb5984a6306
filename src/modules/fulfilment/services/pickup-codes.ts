import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { memberNotices, pickupAttempts, pickupCodes } from '../fulfilment.schema';
import { FulfilmentErrors } from '../fulfilment.errors';

export const MAX_WRONG_CODES = 5;
export const LOCK_MINUTES = 15;

/** A random 6-digit code (leading zeros kept). */
export function newPickupCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Issues an order's code, unique among the open codes at its point; an order keeps the code it has. */
export async function issuePickupCode(ctx: Ctx, orderId: string, pickupPointId: string): Promise<string> {
  const [existing] = await ctx.tx.select().from(pickupCodes).where(and(eq(pickupCodes.tenantId, ctx.tenantId), eq(pickupCodes.orderId, orderId)));
  if (existing) return existing.code;
  for (let i = 0; i < 20; i++) {
    const code = newPickupCode();
    const [row] = await ctx.tx.insert(pickupCodes).values({ tenantId: ctx.tenantId, orderId, pickupPointId, code }).onConflictDoNothing().returning();
    if (row) return row.code;
  }
  throw new Error('could not find a free pickup code');
}

export type CodeLookup = { kind: 'open'; orderId: string; pickupPointId: string } | { kind: 'used'; orderId: string; usedAt: Date } | { kind: 'none' } | { kind: 'ambiguous' };

/** Finds a code among the given points: open first, else a used one (to say so), else none. */
export async function lookupCode(ctx: Ctx, pointIds: string[], code: string): Promise<CodeLookup> {
  if (pointIds.length === 0) return { kind: 'none' };
  const rows = await ctx.tx.select().from(pickupCodes).where(and(eq(pickupCodes.tenantId, ctx.tenantId), eq(pickupCodes.code, code), sql`${pickupCodes.pickupPointId} = any(${sql.param(pointIds)}::text[])`));
  const open = rows.filter((r) => !r.usedAt);
  if (open.length > 1) return { kind: 'ambiguous' };
  if (open[0]) return { kind: 'open', orderId: open[0].orderId, pickupPointId: open[0].pickupPointId };
  const used = rows.sort((a, b) => b.usedAt!.getTime() - a.usedAt!.getTime())[0];
  return used ? { kind: 'used', orderId: used.orderId, usedAt: used.usedAt! } : { kind: 'none' };
}

export async function markCodeUsed(ctx: Ctx, orderId: string): Promise<void> {
  await ctx.tx.update(pickupCodes).set({ usedAt: new Date(), usedBy: ctx.actor.id }).where(and(eq(pickupCodes.tenantId, ctx.tenantId), eq(pickupCodes.orderId, orderId), isNull(pickupCodes.usedAt)));
}

/**
 * Throws 429 while this person is locked out at this point. Takes a transaction-scoped lock on
 * (point, person) first, so parallel guesses queue behind each other and each sees the count the
 * one before left: five wrong codes are five, however fast they arrive.
 */
export async function assertNotLocked(ctx: Ctx, pointKey: string): Promise<void> {
  await ctx.tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pickup:${ctx.tenantId}:${pointKey}:${ctx.actor.id}`}))`);
  const [row] = await ctx.tx.select().from(pickupAttempts).where(and(eq(pickupAttempts.tenantId, ctx.tenantId), eq(pickupAttempts.pickupPointId, pointKey), eq(pickupAttempts.actorId, ctx.actor.id)));
  if (row?.lockedUntil && row.lockedUntil > new Date()) {
    throw new AppError(FulfilmentErrors.pickup_locked, { params: { minutes: Math.ceil((row.lockedUntil.getTime() - Date.now()) / 60_000) }, headers: { 'retry-after': String(Math.ceil((row.lockedUntil.getTime() - Date.now()) / 1000)) } });
  }
}

/** Counts a wrong code; answers the tries left (0 means locked now). The window restarts after the lock time. */
export async function countWrongCode(ctx: Ctx, pointKey: string): Promise<number> {
  const windowStart = new Date(Date.now() - LOCK_MINUTES * 60_000);
  const [row] = await ctx.tx
    .insert(pickupAttempts)
    .values({ tenantId: ctx.tenantId, pickupPointId: pointKey, actorId: ctx.actor.id, failures: 1, windowStartedAt: new Date() })
    .onConflictDoUpdate({
      target: [pickupAttempts.tenantId, pickupAttempts.pickupPointId, pickupAttempts.actorId],
      set: {
        failures: sql`case when ${pickupAttempts.windowStartedAt} < ${windowStart} then 1 else ${pickupAttempts.failures} + 1 end`,
        windowStartedAt: sql`case when ${pickupAttempts.windowStartedAt} < ${windowStart} then now() else ${pickupAttempts.windowStartedAt} end`,
        lockedUntil: null,
      },
    })
    .returning();
  const left = Math.max(0, MAX_WRONG_CODES - row!.failures);
  if (left === 0) await ctx.tx.update(pickupAttempts).set({ lockedUntil: new Date(Date.now() + LOCK_MINUTES * 60_000) }).where(and(eq(pickupAttempts.tenantId, ctx.tenantId), eq(pickupAttempts.pickupPointId, pointKey), eq(pickupAttempts.actorId, ctx.actor.id)));
  return left;
}

export async function clearWrongCodes(ctx: Ctx, pointKey: string): Promise<void> {
  await ctx.tx.delete(pickupAttempts).where(and(eq(pickupAttempts.tenantId, ctx.tenantId), eq(pickupAttempts.pickupPointId, pointKey), eq(pickupAttempts.actorId, ctx.actor.id)));
}

/** The member's own code for an order, with a QR code of it (the leader's scanner types the digits). */
export async function myPickupCode(ctx: Ctx, orderId: string): Promise<{ orderId: string; code: string; qrSvg: string; issuedAt: string; usedAt: string | null }> {
  const [row] = await ctx.tx.select().from(pickupCodes).where(and(eq(pickupCodes.tenantId, ctx.tenantId), eq(pickupCodes.orderId, orderId)));
  if (!row) throw notFound({ zh: '提货码', en: 'Pickup code' });
  return { orderId, code: row.code, qrSvg: await QRCode.toString(row.code, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }), issuedAt: row.issuedAt.toISOString(), usedAt: row.usedAt?.toISOString() ?? null };
}

/** Orders whose goods arrived more than `days` ago and are still not collected, for the operator. */
export async function uncollectedOrderIds(ctx: Ctx, pointIds: string[] | 'all', days: number): Promise<Array<{ orderId: string; pickupPointId: string; issuedAt: Date }>> {
  const conds = [eq(pickupCodes.tenantId, ctx.tenantId), isNull(pickupCodes.usedAt), sql`${pickupCodes.issuedAt} < now() - make_interval(days => ${days})`];
  if (pointIds !== 'all') conds.push(sql`${pickupCodes.pickupPointId} = any(${sql.param(pointIds)}::text[])`);
  return ctx.tx.select({ orderId: pickupCodes.orderId, pickupPointId: pickupCodes.pickupPointId, issuedAt: pickupCodes.issuedAt }).from(pickupCodes).where(and(...conds)).orderBy(pickupCodes.issuedAt).limit(1000);
}

/** Writes notices to members' pages (arrivals, short lines). */
export async function notifyMembers(ctx: Ctx, notices: Array<{ memberId: string; kind: string; title: string; body: string; orderId: string | null }>): Promise<void> {
  if (notices.length === 0) return;
  await ctx.tx.insert(memberNotices).values(notices.map((n) => ({ tenantId: ctx.tenantId, id: newId('notice'), ...n })));
}

/** Closes an order's code that is still open (the order was refunded or completed another way). */
export async function voidPickupCode(ctx: Ctx, orderId: string, why: 'refunded' | 'completed'): Promise<void> {
  await ctx.tx.update(pickupCodes).set({ usedAt: new Date(), usedBy: `void:${why}` }).where(and(eq(pickupCodes.tenantId, ctx.tenantId), eq(pickupCodes.orderId, orderId), isNull(pickupCodes.usedAt)));
}
