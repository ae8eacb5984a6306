import { and, eq, sql, type SQL } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../../platform/context';
import { notFound } from '../../../platform/errors';
import { pickingLists } from '../fulfilment.schema';
import { PICKING_LIST_ENTITY } from '../fulfilment.errors';

export type PickingListRow = typeof pickingLists.$inferSelect;

/** Lists the actor may see: owners all; operators their org units'; leaders their own points'. */
export function visibleLists(ctx: Ctx): SQL {
  const a = ctx.actor;
  const tenant = eq(pickingLists.tenantId, ctx.tenantId);
  if (a.type === 'system' || a.role === 'owner') return tenant;
  if (a.role === 'leader') return and(tenant, eq(pickingLists.leaderId, a.id))!;
  if ((a.type === 'user' || a.type === 'token') && a.role === 'operator') return a.scope.all ? tenant : and(tenant, sql`${pickingLists.orgUnitId} = any(${sql.param(a.scope.orgUnitIds)}::text[])`)!;
  return sql`false`;
}

/** A picking list the actor may see, optionally locked; 404 otherwise (another leader's list does not exist for them). */
export async function listFor(ctx: Ctx, id: string, opts: { lock?: boolean } = {}): Promise<PickingListRow> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const q = ctx.tx.select().from(pickingLists).where(and(visibleLists(ctx), eq(pickingLists.id, id)));
  const [row] = opts.lock ? await q.for('update') : await q;
  if (!row) throw notFound(PICKING_LIST_ENTITY);
  return row;
}
