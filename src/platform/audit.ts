import { desc, and, eq, lt } from 'drizzle-orm';
import type { Ctx } from './context';
import { newId } from './ids';
import { decodeCursor, toPage, type Page } from './pagination';
import { auditLog } from './platform.schema';

/**
 * Records who did what, inside the caller's transaction, so an action and its audit row commit
 * or roll back together.
 */
export async function audit(ctx: Ctx, entry: { action: string; entityType: string; entityId: string; data?: Record<string, unknown> }): Promise<void> {
  await ctx.tx.insert(auditLog).values({
    tenantId: ctx.tenantId,
    id: newId('audit'),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    actorName: ctx.actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    data: entry.data ?? {},
    requestId: ctx.requestId,
  });
}

export interface AuditEntry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actor: { type: string; id: string; name: string };
  data: Record<string, unknown>;
  createdAt: string;
}

/** The tenant's audit trail, newest first. Callers check access. */
export async function listAudit(ctx: Ctx, q: { limit: number; cursor?: string | undefined; entityType?: string | undefined; entityId?: string | undefined }): Promise<Page<AuditEntry>> {
  const conds = [eq(auditLog.tenantId, ctx.tenantId)];
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.cursor) conds.push(lt(auditLog.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(auditLog).where(and(...conds)).orderBy(desc(auditLog.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => [r.id], (r) => ({
    id: r.id,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    actor: { type: r.actorType, id: r.actorId, name: r.actorName },
    data: r.data,
    createdAt: r.createdAt.toISOString(),
  }));
}
