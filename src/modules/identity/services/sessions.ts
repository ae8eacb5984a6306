import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor, BaseCtx } from '../../../platform/context';
import { newId } from '../../../platform/ids';
import { apiTokens, members, sessions, userOrgUnits, users } from '../identity.schema';
import { API_TOKEN_PREFIX, formatCredential, hashSecret, newSecret, parseCredential, secretMatches } from '../secrets';
import { expandScope } from './scope';

export const SESSION_COOKIE = 'tuan_sid';

/** Opens a session for a person and returns the cookie value. */
export async function createSession(
  ctx: BaseCtx,
  input: { tenantId: string; actorType: 'user' | 'member'; actorId: string; ttlMs: number },
): Promise<{ cookie: string; expiresAt: Date }> {
  const id = newId('session');
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + input.ttlMs);
  await ctx.tx.insert(sessions).values({
    tenantId: input.tenantId,
    id,
    secretHash: hashSecret(secret),
    actorType: input.actorType,
    actorId: input.actorId,
    expiresAt,
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
  });
  return { cookie: formatCredential(input.tenantId, id, secret), expiresAt };
}

/** Ends the session the cookie names, if it is valid. */
export async function endSession(ctx: BaseCtx, cookie: string): Promise<void> {
  const cred = parseCredential(cookie);
  if (!cred) return;
  forgetSession(ctx, cookie);
  const [row] = await ctx.tx.select().from(sessions).where(and(eq(sessions.tenantId, cred.tenantId), eq(sessions.id, cred.id))).limit(1);
  if (row && secretMatches(cred.secret, row.secretHash)) {
    await ctx.tx.delete(sessions).where(and(eq(sessions.tenantId, cred.tenantId), eq(sessions.id, cred.id)));
  }
}

const TOUCH_EVERY_MS = 5 * 60_000;

async function staffActor(ctx: BaseCtx, tenantId: string, userId: string): Promise<Actor | null> {
  const [user] = await ctx.tx.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).limit(1);
  if (!user || user.status !== 'active') return null;
  if (user.role === 'owner') return { type: 'user', id: user.id, name: user.name, role: user.role, scope: { all: true } };
  const assigned = await ctx.tx
    .select({ id: userOrgUnits.orgUnitId })
    .from(userOrgUnits)
    .where(and(eq(userOrgUnits.tenantId, tenantId), eq(userOrgUnits.userId, userId)));
  const scope = await expandScope(ctx, tenantId, assigned.map((a) => a.id));
  return { type: 'user', id: user.id, name: user.name, role: user.role, scope };
}

/**
 * A short-lived, per-process memory of resolved sessions: every request needs its session, and a
 * flash sale sends thousands a second. An entry lives `sessionCacheMs` (10 s by default) and never
 * past the session's expiry; logout forgets it at once in this process. What a cache cannot see at
 * once: a session ended, a member blocked or a user's org units changed in another process take up
 * to that long to apply there.
 */
const sessionCache = new WeakMap<object, Map<string, { tenantId: string; actor: Actor; secretHash: string; until: number }>>();
const SESSION_CACHE_MAX = 100_000;

function cacheFor(ctx: BaseCtx) {
  let m = sessionCache.get(ctx.db);
  if (!m) sessionCache.set(ctx.db, (m = new Map()));
  return m;
}

/** Forgets a cached session (logout). */
export function forgetSession(ctx: BaseCtx, cookie: string): void {
  const cred = parseCredential(cookie);
  if (cred) cacheFor(ctx).delete(`${cred.tenantId}.${cred.id}`);
}

/** Resolves a session cookie to its tenant and actor; null when missing, expired or forged. */
export async function authenticateSession(ctx: BaseCtx, cookie: string): Promise<{ tenantId: string; actor: Actor } | null> {
  const cred = parseCredential(cookie);
  if (!cred) return null;
  const ttl = ctx.config.sessionCacheMs;
  const cache = cacheFor(ctx);
  const key = `${cred.tenantId}.${cred.id}`;
  const hit = ttl > 0 ? cache.get(key) : undefined;
  if (hit && hit.until > Date.now()) return secretMatches(cred.secret, hit.secretHash) ? { tenantId: hit.tenantId, actor: hit.actor } : null;
  const found = await lookupSession(ctx, cred);
  if (found && ttl > 0) {
    if (cache.size >= SESSION_CACHE_MAX) cache.clear();
    cache.set(key, { tenantId: found.tenantId, actor: found.actor, secretHash: found.secretHash, until: Math.min(Date.now() + ttl, found.expiresAt.getTime()) });
  }
  return found ? { tenantId: found.tenantId, actor: found.actor } : null;
}

type Cred = { tenantId: string; id: string; secret: string };
type Found = { tenantId: string; actor: Actor; secretHash: string; expiresAt: Date } | null;

/**
 * Session lookups that miss the cache, gathered per event-loop turn: a flash sale's first request
 * from each of thousands of members arrives within seconds, and one query for all the sessions that
 * arrived together costs the database and this process far less than one query each (measured: a
 * session select per member was half of all statements in the flash-group-buy bench).
 */
const pendingLookups = new WeakMap<object, { items: Array<{ cred: Cred; resolve(f: Found): void; reject(e: unknown): void }>; scheduled: boolean }>();

function lookupSession(ctx: BaseCtx, cred: Cred): Promise<Found> {
  if (ctx.inTx) return lookupSessions(ctx, [cred]).then((r) => r[0]!);
  let q = pendingLookups.get(ctx.db);
  if (!q) pendingLookups.set(ctx.db, (q = { items: [], scheduled: false }));
  const queue = q;
  return new Promise<Found>((resolve, reject) => {
    queue.items.push({ cred, resolve, reject });
    if (queue.scheduled) return;
    queue.scheduled = true;
    setImmediate(() => {
      const items = queue.items;
      queue.items = [];
      queue.scheduled = false;
      lookupSessions(ctx, items.map((i) => i.cred)).then(
        (found) => items.forEach((it, n) => it.resolve(found[n]!)),
        (err: unknown) => items.forEach((it) => it.reject(err)),
      );
    });
  });
}

/** Resolves many sessions in one round trip (the session and, for members, the member). */
async function lookupSessions(ctx: BaseCtx, creds: Cred[]): Promise<Found[]> {
  const rows = await ctx.tx
    .select({ session: sessions, member: { id: members.id, name: members.name, status: members.status } })
    .from(sessions)
    .leftJoin(members, and(eq(sessions.actorType, 'member'), eq(members.tenantId, sessions.tenantId), eq(members.id, sessions.actorId)))
    .where(
      and(
        sql`(${sessions.tenantId}, ${sessions.id}) in (select * from unnest(${sql.param(creds.map((c) => c.tenantId))}::text[], ${sql.param(creds.map((c) => c.id))}::text[]))`,
        gt(sessions.expiresAt, sql`now()`),
      ),
    );
  const byKey = new Map(rows.map((r) => [`${r.session.tenantId}.${r.session.id}`, r]));
  const touch: Array<{ tenantId: string; id: string }> = [];
  const out: Found[] = [];
  for (const cred of creds) {
    const found = byKey.get(`${cred.tenantId}.${cred.id}`);
    const row = found?.session;
    if (!row || !secretMatches(cred.secret, row.secretHash)) {
      out.push(null);
      continue;
    }
    let actor: Actor | null;
    if (row.actorType === 'user') {
      actor = await staffActor(ctx, cred.tenantId, row.actorId);
    } else {
      const m = found.member;
      actor = m && m.status === 'active' ? { type: 'member', id: m.id, name: m.name, role: 'member' } : null;
    }
    if (!actor) {
      out.push(null);
      continue;
    }
    if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS && !touch.some((t) => t.tenantId === cred.tenantId && t.id === cred.id)) touch.push({ tenantId: cred.tenantId, id: cred.id });
    out.push({ tenantId: cred.tenantId, actor, secretHash: row.secretHash, expiresAt: row.expiresAt });
  }
  if (touch.length) {
    await ctx.tx
      .update(sessions)
      .set({ lastSeenAt: new Date() })
      .where(sql`(${sessions.tenantId}, ${sessions.id}) in (select * from unnest(${sql.param(touch.map((t) => t.tenantId))}::text[], ${sql.param(touch.map((t) => t.id))}::text[]))`);
  }
  return out;
}

/** Resolves a bearer token (`tuan_<tenant>.<id>.<secret>`); revoked tokens resolve to null. */
export async function authenticateToken(ctx: BaseCtx, bearer: string): Promise<{ tenantId: string; actor: Actor } | null> {
  if (!bearer.startsWith(API_TOKEN_PREFIX)) return null;
  const cred = parseCredential(bearer.slice(API_TOKEN_PREFIX.length));
  if (!cred) return null;
  const [row] = await ctx.tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tenantId, cred.tenantId), eq(apiTokens.id, cred.id), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row || !secretMatches(cred.secret, row.secretHash)) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await ctx.tx.update(apiTokens).set({ lastUsedAt: new Date() }).where(and(eq(apiTokens.tenantId, cred.tenantId), eq(apiTokens.id, cred.id)));
  }
  return { tenantId: cred.tenantId, actor: { type: 'token', id: row.id, name: row.name, role: row.role, scope: { all: true } } };
}
