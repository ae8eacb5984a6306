import { and, eq, sql, type SQL } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../../platform/context';
import { notFound } from '../../../platform/errors';
import { maskPhone } from '../../identity';
import { groupLeaders, groups } from '../community.schema';
import { GROUP_ENTITY } from '../community.errors';

export type GroupRow = typeof groups.$inferSelect;

/**
 * Which groups the actor may see: owners (and the system) every group; operators and tokens the
 * groups of their org units; leaders only the groups they run. A condition on `groups`.
 */
export function visibleGroups(ctx: Ctx): SQL {
  const a = ctx.actor;
  const tenant = eq(groups.tenantId, ctx.tenantId);
  if (a.type === 'system' || a.role === 'owner') return tenant;
  if ((a.type === 'user' || a.type === 'token') && a.role === 'operator') {
    if (a.scope.all) return tenant;
    return and(tenant, sql`${groups.orgUnitId} = any(${sql.param(a.scope.orgUnitIds)}::text[])`)!;
  }
  if (a.type === 'user' && a.role === 'leader') {
    return and(tenant, sql`exists (select 1 from ${groupLeaders} gl where gl.tenant_id = ${groups.tenantId} and gl.group_id = ${groups.id} and gl.user_id = ${a.id})`)!;
  }
  return sql`false`;
}

/**
 * A group the staff actor may see, or 404 (a leader learns nothing of other leaders' groups).
 * `lock` takes the row for update, for changes that must serialise on the group.
 */
export async function groupForStaff(ctx: Ctx, id: string, opts: { lock?: boolean } = {}): Promise<GroupRow> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const q = ctx.tx.select().from(groups).where(and(visibleGroups(ctx), eq(groups.id, id)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound(GROUP_ENTITY);
  return row;
}

/** Phones in full for owners and operators (and the member themselves); masked for leaders. */
export function phoneFor(ctx: Ctx, phone: string): string {
  const r = ctx.actor.role;
  return r === 'owner' || r === 'operator' || r === 'system' ? phone : maskPhone(phone);
}

/** True when the actor is staff scoped to org units that do not include this one (owners never are). */
export function outsideScope(ctx: Ctx, orgUnitId: string): boolean {
  const a = ctx.actor;
  return (a.type === 'user' || a.type === 'token') && !a.scope.all && !a.scope.orgUnitIds.includes(orgUnitId);
}
