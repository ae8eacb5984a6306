import { and, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { CAMPAIGN_ENTITY, CampaignErrors } from '../campaigns.errors';
import { campaigns } from '../campaigns.schema';

export type CampaignRow = typeof campaigns.$inferSelect;

function scopeIds(ctx: Ctx): string[] | 'all' {
  const a = ctx.actor;
  if (a.type === 'system') return 'all';
  if (a.type === 'user' || a.type === 'token') return a.scope.all ? 'all' : a.scope.orgUnitIds;
  return [];
}

/**
 * Which campaigns an actor sees: owners all; operators those of their org units and the published
 * brand-wide ones; leaders their own, and the published ones of the brand and of their org units
 * (to reshare into their groups). Someone else's draft is nobody's business but its author's and
 * the owners'.
 */
export function visibleCampaigns(ctx: Ctx): SQL[] {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const conds: SQL[] = [eq(campaigns.tenantId, ctx.tenantId)];
  if (ctx.actor.role === 'leader') {
    const ids = scopeIds(ctx);
    const mine = ids === 'all' ? sql`true` : or(isNull(campaigns.orgUnitId), sql`${campaigns.orgUnitId} = any(${sql.param(ids)}::text[])`)!;
    conds.push(or(eq(campaigns.createdBy, ctx.actor.id), and(ne(campaigns.status, 'draft'), mine))!);
    return conds;
  }
  const ids = scopeIds(ctx);
  if (ids !== 'all') {
    conds.push(or(and(isNull(campaigns.orgUnitId), ne(campaigns.status, 'draft')), sql`${campaigns.orgUnitId} = any(${sql.param(ids)}::text[])`)!);
  }
  return conds;
}

/** Whether the actor may change this campaign (owners: any; operators: in scope; leaders: their own). */
export function assertCanManage(ctx: Ctx, row: CampaignRow): void {
  if (ctx.actor.role === 'owner' || ctx.actor.role === 'system') return;
  if (ctx.actor.role === 'leader' && row.createdBy === ctx.actor.id) return;
  if (ctx.actor.role === 'operator') {
    const ids = scopeIds(ctx);
    if (ids === 'all' || (row.orgUnitId && ids.includes(row.orgUnitId))) return;
  }
  throw new AppError(CampaignErrors.out_of_scope);
}

/** Checks that an org unit is inside the actor's scope (owners: anywhere). */
export function assertOrgUnitInScope(ctx: Ctx, orgUnitId: string | null): void {
  const ids = scopeIds(ctx);
  if (ids === 'all') return;
  if (!orgUnitId || !ids.includes(orgUnitId)) throw new AppError(CampaignErrors.out_of_scope, { errors: [{ path: 'orgUnitId', message: 'outside your scope' }] });
}

/** Loads a campaign the actor can see, for update when asked; 404 otherwise. */
export async function loadCampaign(ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<CampaignRow> {
  const q = ctx.tx.select().from(campaigns).where(and(...visibleCampaigns(ctx), eq(campaigns.id, id))).limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound(CAMPAIGN_ENTITY);
  return row;
}

/** The first org unit of an operator's or leader's scope (their default for new campaigns). */
export function defaultOrgUnit(ctx: Ctx): string | null {
  const ids = scopeIds(ctx);
  return ids === 'all' ? null : (ids[0] ?? null);
}
