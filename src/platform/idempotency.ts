import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { inTransaction, type Ctx } from './context';
import { AppError, CommonErrors } from './errors';
import { idempotencyKeys } from './platform.schema';

/** The `Idempotency-Key` header: 1–255 visible characters. */
export const ZIdempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(1).max(255).regex(/^[\x21-\x7e]+$/, { message: 'visible ASCII characters' }).optional(),
});

export function requireIdempotencyKey(key: string | undefined): string {
  if (!key) throw new AppError(CommonErrors.idempotency_key_required, { errors: [{ path: 'headers.idempotency-key', message: 'required' }] });
  return key;
}

function hashRequest(operation: string, request: unknown): string {
  return crypto.createHash('sha256').update(operation).update('\0').update(JSON.stringify(request)).digest('hex');
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs `fn` once per (actor, key). The key row is inserted first, in the same transaction as the
 * work: a concurrent duplicate blocks on it until the first commits, then replays its response; if
 * the first fails, its transaction (key included) rolls back and the next attempt runs afresh.
 * The same key with a different request is a 422.
 */
export async function idempotent<T>(ctx: Ctx, opts: { key: string; operation: string; request: unknown; status: number }, fn: (ctx: Ctx) => Promise<T>): Promise<IdempotentResult<T>> {
  const requestHash = hashRequest(opts.operation, opts.request);
  return inTransaction(ctx, async (ctx) => {
    const pk = and(eq(idempotencyKeys.tenantId, ctx.tenantId), eq(idempotencyKeys.actorId, ctx.actor.id), eq(idempotencyKeys.key, opts.key));
    const inserted = await ctx.tx
      .insert(idempotencyKeys)
      .values({ tenantId: ctx.tenantId, actorId: ctx.actor.id, key: opts.key, operation: opts.operation, requestHash, responseStatus: 0, responseBody: {} })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [prior] = await ctx.tx.select().from(idempotencyKeys).where(pk).limit(1);
      if (!prior || prior.requestHash !== requestHash) {
        throw new AppError(CommonErrors.idempotency_key_reused, { errors: [{ path: 'headers.idempotency-key', message: 'used for a different request' }] });
      }
      return { status: prior.responseStatus, body: prior.responseBody as T, replayed: true };
    }
    const body = await fn(ctx);
    await ctx.tx.update(idempotencyKeys).set({ responseStatus: opts.status, responseBody: body as unknown }).where(pk);
    return { status: opts.status, body, replayed: false };
  });
}
