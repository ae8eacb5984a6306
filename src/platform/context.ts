import type { Config } from './config';
import type { Db, Tx } from './db';
import { AppError, CommonErrors, type Lang } from './errors';

export type StaffRole = 'owner' | 'operator' | 'leader' | 'distributor';
export type Role = StaffRole | 'member' | 'system';

/** Org-unit scope: everything in the tenant, or the subtrees of the listed units. */
export type Scope = { all: true } | { all: false; orgUnitIds: string[] };

export type Actor =
  | { type: 'user'; id: string; name: string; role: StaffRole; scope: Scope }
  | { type: 'token'; id: string; name: string; role: 'owner' | 'operator'; scope: Scope }
  | { type: 'member'; id: string; name: string; role: 'member' }
  | { type: 'system'; id: 'system'; name: string; role: 'system' };

/** What every request and job carries, with or without a tenant. */
export interface BaseCtx {
  db: Db;
  /** The open transaction, or the database itself outside one. Every query runs on this. */
  tx: Tx;
  inTx: boolean;
  lang: Lang;
  requestId: string;
  config: Config;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** The context of an authenticated call: tenant, actor (with role and scope) and the transaction. */
export interface Ctx extends BaseCtx {
  tenantId: string;
  actor: Actor;
}

/** Runs `fn` in a transaction, or in the caller's transaction if one is open. */
export async function inTransaction<C extends BaseCtx, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  if (ctx.inTx) return fn(ctx);
  return ctx.db.transaction(async (tx) => fn({ ...ctx, tx, inTx: true }));
}

/** PostgreSQL's answers that mean "run the transaction again": deadlock detected, serialization failure. */
export function isRetryableDbError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs `fn` in a transaction, again (up to `attempts` times in all) when the database broke a
 * deadlock or a serialization conflict by rolling it back — for user actions that lock many rows
 * other work also locks (a profile merge against the CRM's refresher). Inside a caller's transaction
 * it runs once: only the outermost transaction can be retried.
 */
export async function inRetriedTransaction<C extends BaseCtx, T>(ctx: C, fn: (ctx: C) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, fn);
    } catch (e) {
      if (ctx.inTx || attempt >= attempts || !isRetryableDbError(e)) throw e;
    }
  }
}

/** Access check for the first line of a service: throws 403 unless the actor has one of `roles`. */
export function requireRole(ctx: Ctx, ...roles: Role[]): void {
  if (!roles.includes(ctx.actor.role)) throw new AppError(CommonErrors.forbidden);
}

/** True when the actor is staff (a user or an integration token), not a member. */
export function isStaff(ctx: Ctx): boolean {
  return ctx.actor.type === 'user' || ctx.actor.type === 'token';
}

/** A context for work the system does on its own (seeding, jobs, CLI). */
export function systemCtx(base: BaseCtx, tenantId: string, name = 'system'): Ctx {
  return { ...base, tenantId, actor: { type: 'system', id: 'system', name, role: 'system' } };
}
