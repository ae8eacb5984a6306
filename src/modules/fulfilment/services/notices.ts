import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../../platform/context';
import { decodeCursor, toPage } from '../../../platform/pagination';
import { memberNotices } from '../fulfilment.schema';

/** A member's notices, newest first, with how many are unread. */
export async function listMyNotices(ctx: Ctx, q: { limit: number; cursor?: string | undefined }) {
  requireRole(ctx, 'member');
  const conds = [eq(memberNotices.tenantId, ctx.tenantId), eq(memberNotices.memberId, ctx.actor.id)];
  if (q.cursor) conds.push(lt(memberNotices.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(memberNotices).where(and(...conds)).orderBy(desc(memberNotices.id)).limit(q.limit + 1);
  const [unread] = await ctx.tx.select({ n: sql<number>`count(*)::int` }).from(memberNotices).where(and(eq(memberNotices.tenantId, ctx.tenantId), eq(memberNotices.memberId, ctx.actor.id), isNull(memberNotices.readAt)));
  const page = toPage(rows, q.limit, (r) => [r.id], (r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, orderId: r.orderId, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null }));
  return { ...page, unread: Number(unread?.n ?? 0) };
}

/** Marks all of a member's notices read. */
export async function markNoticesRead(ctx: Ctx): Promise<void> {
  requireRole(ctx, 'member');
  await ctx.tx.update(memberNotices).set({ readAt: new Date() }).where(and(eq(memberNotices.tenantId, ctx.tenantId), eq(memberNotices.memberId, ctx.actor.id), isNull(memberNotices.readAt)));
}
