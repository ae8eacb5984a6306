import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, CommonErrors, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getUsersBasic } from '../../identity';
import { pickupPoints } from '../community.schema';
import { CommunityErrors, PICKUP_POINT_ENTITY } from '../community.errors';
import { leaderProfileOf } from './leaders';
import { outsideScope } from './access';
import type { ZCreatePickupPointRequest, ZListPickupPointsQuery, ZPickupPoint, ZUpdatePickupPointRequest } from '../community.validators';

export type PickupPointDto = z.infer<typeof ZPickupPoint>;
type Row = typeof pickupPoints.$inferSelect;

async function toDtos(ctx: Ctx, rows: Row[]): Promise<PickupPointDto[]> {
  const leaders = await getUsersBasic(ctx, rows.map((r) => r.leaderId));
  return rows.map((r) => ({
    id: r.id,
    leaderId: r.leaderId,
    leaderName: leaders.get(r.leaderId)?.name ?? '',
    orgUnitId: r.orgUnitId,
    name: r.name,
    address: r.address,
    openingHours: r.openingHours,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    capacity: r.capacity,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Pickup points the actor may see: a leader their own; operators those in their org units; owners all. */
function visiblePoints(ctx: Ctx) {
  const a = ctx.actor;
  const tenant = eq(pickupPoints.tenantId, ctx.tenantId);
  if (a.type === 'system' || a.role === 'owner') return tenant;
  if (a.role === 'leader') return and(tenant, eq(pickupPoints.leaderId, a.id))!;
  if ((a.type === 'user' || a.type === 'token') && a.role === 'operator') return a.scope.all ? tenant : and(tenant, sql`${pickupPoints.orgUnitId} = any(${sql.param(a.scope.orgUnitIds)}::text[])`)!;
  return sql`false`;
}

/** A leader's approved profile (its org unit is where the point serves), or an error. */
async function approvedLeader(ctx: Ctx, userId: string): Promise<{ orgUnitId: string }> {
  const p = await leaderProfileOf(ctx, userId);
  const u = (await getUsersBasic(ctx, [userId])).get(userId);
  if (!p || p.status !== 'approved' || !u || u.role !== 'leader') throw new AppError(CommunityErrors.not_a_leader, { params: { id: userId }, errors: [{ path: 'leaderId', message: 'not an approved leader' }] });
  return p;
}

/** A leader adds their own pickup point; owners and operators add one for a leader in their scope. */
export async function createPickupPoint(ctx: Ctx, input: z.infer<typeof ZCreatePickupPointRequest>): Promise<PickupPointDto> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const a = ctx.actor;
    const leaderId = a.role === 'leader' ? a.id : input.leaderId;
    if (!leaderId) throw new AppError(CommonErrors.validation_failed, { errors: [{ path: 'leaderId', message: 'required for staff other than leaders' }] });
    if (a.role === 'leader' && input.leaderId && input.leaderId !== a.id) throw new AppError(CommonErrors.forbidden);
    const { orgUnitId } = await approvedLeader(ctx, leaderId);
    if (a.role === 'operator' && outsideScope(ctx, orgUnitId)) throw new AppError(CommonErrors.forbidden);
    const { leaderId: _omit, ...fields } = input;
    const [row] = await ctx.tx.insert(pickupPoints).values({ tenantId: ctx.tenantId, id: newId('pickupPoint'), leaderId, orgUnitId, ...fields }).returning();
    await audit(ctx, { action: 'pickup_point.created', entityType: 'pickup_point', entityId: row!.id, data: { leaderId, name: row!.name, address: row!.address } });
    return (await toDtos(ctx, [row!]))[0]!;
  });
}

export async function updatePickupPoint(ctx: Ctx, id: string, input: z.infer<typeof ZUpdatePickupPointRequest>): Promise<PickupPointDto> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [before] = await ctx.tx.select().from(pickupPoints).where(and(visiblePoints(ctx), eq(pickupPoints.id, id))).for('update');
    if (!before) throw notFound(PICKUP_POINT_ENTITY);
    const [row] = await ctx.tx.update(pickupPoints).set({ ...input, updatedAt: new Date() }).where(and(eq(pickupPoints.tenantId, ctx.tenantId), eq(pickupPoints.id, id))).returning();
    const changed = Object.keys(input).filter((k) => (before as Record<string, unknown>)[k] !== (input as Record<string, unknown>)[k]);
    await audit(ctx, { action: 'pickup_point.updated', entityType: 'pickup_point', entityId: id, data: { changed, before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k]])) } });
    return (await toDtos(ctx, [row!]))[0]!;
  });
}

export async function listPickupPoints(ctx: Ctx, q: z.infer<typeof ZListPickupPointsQuery>): Promise<Page<PickupPointDto>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const conds = [visiblePoints(ctx)];
  if (q.leaderId) conds.push(eq(pickupPoints.leaderId, q.leaderId));
  if (q.status) conds.push(eq(pickupPoints.status, q.status));
  if (q.cursor) conds.push(gt(pickupPoints.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(pickupPoints).where(and(...conds)).orderBy(asc(pickupPoints.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await toDtos(ctx, page.items), nextCursor: page.nextCursor };
}

/** Active pickup points by id, for members choosing one at checkout and for labels. */
export async function getPickupPoint(ctx: Ctx, id: string): Promise<PickupPointDto> {
  const [row] = await ctx.tx.select().from(pickupPoints).where(and(visiblePoints(ctx), eq(pickupPoints.id, id)));
  if (!row) throw notFound(PICKUP_POINT_ENTITY);
  return (await toDtos(ctx, [row]))[0]!;
}

/** Pickup points by id, without a scope check (labels on orders and picking lists). */
export async function pickupPointsByIds(ctx: Ctx, ids: string[]): Promise<Map<string, PickupPointDto>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx.select().from(pickupPoints).where(and(eq(pickupPoints.tenantId, ctx.tenantId), sql`${pickupPoints.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map((await toDtos(ctx, rows)).map((p) => [p.id, p]));
}

/**
 * Where a member may collect: the open points of their group's leaders when a group is given
 * (and the member is in it), otherwise every open point in the tenant; nearest-first is the
 * page's business, so these come by name.
 */
export async function memberPickupPoints(ctx: Ctx, groupId: string | undefined): Promise<PickupPointDto[]> {
  requireRole(ctx, 'member');
  const conds = [eq(pickupPoints.tenantId, ctx.tenantId), eq(pickupPoints.status, 'active'), sql`not exists (select 1 from leader_profiles lp where lp.tenant_id = ${pickupPoints.tenantId} and lp.user_id = ${pickupPoints.leaderId} and lp.status = 'suspended')`];
  // A group's leaders' points, for a member of that group (anyone else gets the tenant's open points).
  if (groupId) conds.push(sql`${pickupPoints.leaderId} in (select gl.user_id from group_leaders gl join group_members gm on gm.tenant_id = gl.tenant_id and gm.group_id = gl.group_id where gl.tenant_id = ${ctx.tenantId} and gl.group_id = ${groupId} and gm.member_id = ${ctx.actor.id} and gm.status in ('active','muted'))`);
  const rows = await ctx.tx.select().from(pickupPoints).where(and(...conds)).orderBy(asc(pickupPoints.name)).limit(200);
  if (groupId && rows.length === 0) return memberPickupPoints(ctx, undefined);
  return (await toDtos(ctx, rows)).map((p) => ({ ...p, contactPhone: p.contactPhone }));
}

/** The ids of a leader's pickup points (open and closed). */
export async function leaderPointIds(ctx: Ctx, leaderId: string): Promise<string[]> {
  const rows = await ctx.tx.select({ id: pickupPoints.id }).from(pickupPoints).where(and(eq(pickupPoints.tenantId, ctx.tenantId), eq(pickupPoints.leaderId, leaderId)));
  return rows.map((r) => r.id);
}
