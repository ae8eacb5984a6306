import { and, asc, eq, gt, ilike, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, CommonErrors } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getUsersBasic, orgUnitNames } from '../../identity';
import { groupLeaders, groupMembers, groups, JOIN_SOURCES, ROSTER_STATUSES } from '../community.schema';
import { CommunityErrors } from '../community.errors';
import type { ZCreateGroupRequest, ZGroup, ZListGroupsQuery, ZUpdateGroupRequest } from '../community.validators';
import { groupForStaff, outsideScope, visibleGroups, type GroupRow } from './access';

export type GroupDto = z.infer<typeof ZGroup>;

/** Leaders of groups, by group id. */
export async function leadersOf(ctx: Ctx, groupIds: string[]): Promise<Map<string, Array<{ id: string; name: string }>>> {
  const out = new Map<string, Array<{ id: string; name: string }>>();
  if (groupIds.length === 0) return out;
  const rows = await ctx.tx
    .select()
    .from(groupLeaders)
    .where(and(eq(groupLeaders.tenantId, ctx.tenantId), sql`${groupLeaders.groupId} = any(${sql.param(groupIds)}::text[])`))
    .orderBy(asc(groupLeaders.addedAt));
  const users = await getUsersBasic(ctx, rows.map((r) => r.userId));
  for (const r of rows) out.set(r.groupId, [...(out.get(r.groupId) ?? []), { id: r.userId, name: users.get(r.userId)?.name ?? '' }]);
  return out;
}

/** Roster counts by status and members ever joined by source, per group. */
export async function rosterStats(ctx: Ctx, groupIds: string[]) {
  const out = new Map<string, { counts: Record<(typeof ROSTER_STATUSES)[number], number>; sources: Record<string, number> }>();
  for (const id of groupIds) out.set(id, { counts: { active: 0, muted: 0, removed: 0, banned: 0, left: 0 }, sources: Object.fromEntries(JOIN_SOURCES.map((s) => [s, 0])) });
  if (groupIds.length === 0) return out;
  const rows = await ctx.tx
    .select({ groupId: groupMembers.groupId, status: groupMembers.status, source: groupMembers.source, n: sql<number>`count(*)::int` })
    .from(groupMembers)
    .where(and(eq(groupMembers.tenantId, ctx.tenantId), sql`${groupMembers.groupId} = any(${sql.param(groupIds)}::text[])`))
    .groupBy(groupMembers.groupId, groupMembers.status, groupMembers.source);
  for (const r of rows) {
    const s = out.get(r.groupId)!;
    s.counts[r.status] += Number(r.n);
    s.sources[r.source] = (s.sources[r.source] ?? 0) + Number(r.n);
  }
  return out;
}

export async function toGroupDtos(ctx: Ctx, rows: GroupRow[]): Promise<GroupDto[]> {
  const ids = rows.map((r) => r.id);
  const [leaders, stats, units] = [await leadersOf(ctx, ids), await rosterStats(ctx, ids), await orgUnitNames(ctx, rows.map((r) => r.orgUnitId))];
  return rows.map((g) => ({
    id: g.id,
    orgUnitId: g.orgUnitId,
    orgUnitName: units.get(g.orgUnitId) ?? '',
    type: g.type,
    name: g.name,
    purpose: g.purpose,
    rules: g.rules,
    capacity: g.capacity,
    warnLimit: g.warnLimit,
    status: g.status,
    externalId: g.externalId,
    leaders: leaders.get(g.id) ?? [],
    counts: stats.get(g.id)!.counts,
    sources: stats.get(g.id)!.sources,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  }));
}

/** Staff may place a group only in an org unit of their scope. */
async function assertOrgUnitInScope(ctx: Ctx, orgUnitId: string): Promise<void> {
  if (outsideScope(ctx, orgUnitId)) throw new AppError(CommonErrors.forbidden);
  const names = await orgUnitNames(ctx, [orgUnitId]);
  if (!names.has(orgUnitId)) throw new AppError(CommunityErrors.unknown_org_unit, { params: { id: orgUnitId }, errors: [{ path: 'orgUnitId', message: 'no such org unit' }] });
}

/** Every id must be an active staff user with the leader role. */
async function assertLeaders(ctx: Ctx, ids: string[]): Promise<void> {
  const found = await getUsersBasic(ctx, ids);
  for (const id of ids) {
    const u = found.get(id);
    if (!u || u.role !== 'leader' || u.status !== 'active') throw new AppError(CommunityErrors.not_a_leader, { params: { id }, errors: [{ path: 'leaderIds', message: `${id} is not an active leader` }] });
  }
}

async function setLeaders(ctx: Ctx, groupId: string, leaderIds: string[]): Promise<void> {
  await ctx.tx.delete(groupLeaders).where(and(eq(groupLeaders.tenantId, ctx.tenantId), eq(groupLeaders.groupId, groupId), sql`not (${groupLeaders.userId} = any(${sql.param(leaderIds)}::text[]))`));
  if (leaderIds.length) await ctx.tx.insert(groupLeaders).values(leaderIds.map((userId) => ({ tenantId: ctx.tenantId, groupId, userId }))).onConflictDoNothing();
}

function externalIdTaken(externalId: string): AppError {
  return new AppError(CommunityErrors.external_id_taken, { params: { externalId }, errors: [{ path: 'externalId', message: 'linked to another group' }] });
}

/** Creates a group in an org unit of the operator's scope, with its leaders. */
export async function createGroup(ctx: Ctx, input: z.infer<typeof ZCreateGroupRequest>): Promise<GroupDto> {
  requireRole(ctx, 'owner', 'operator', 'system');
  const leaderIds = [...new Set(input.leaderIds)];
  return inTransaction(ctx, async (ctx) => {
    await assertOrgUnitInScope(ctx, input.orgUnitId);
    await assertLeaders(ctx, leaderIds);
    const id = newId('group');
    const [row] = await ctx.tx
      .insert(groups)
      .values({ tenantId: ctx.tenantId, id, orgUnitId: input.orgUnitId, type: input.type, name: input.name, purpose: input.purpose, rules: input.rules, capacity: input.capacity, warnLimit: input.warnLimit, externalId: input.externalId ?? null, createdBy: ctx.actor.id })
      .onConflictDoNothing()
      .returning();
    if (!row) throw externalIdTaken(input.externalId!);
    await setLeaders(ctx, id, leaderIds);
    await audit(ctx, { action: 'group.created', entityType: 'group', entityId: id, data: { name: input.name, type: input.type, orgUnitId: input.orgUnitId, leaderIds } });
    return (await toGroupDtos(ctx, [row]))[0]!;
  });
}

/** Changes a group's details, status or leaders (owners and operators in scope). */
export async function updateGroup(ctx: Ctx, id: string, input: z.infer<typeof ZUpdateGroupRequest>): Promise<GroupDto> {
  requireRole(ctx, 'owner', 'operator', 'system');
  return inTransaction(ctx, async (ctx) => {
    const before = await groupForStaff(ctx, id, { lock: true });
    const { leaderIds, ...fields } = input;
    if (leaderIds) await assertLeaders(ctx, [...new Set(leaderIds)]);
    if (fields.externalId) {
      const [clash] = await ctx.tx.select({ id: groups.id }).from(groups).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.externalId, fields.externalId)));
      if (clash && clash.id !== id) throw externalIdTaken(fields.externalId);
    }
    const [row] = await ctx.tx.update(groups).set({ ...fields, updatedAt: new Date() }).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.id, id))).returning();
    if (leaderIds) await setLeaders(ctx, id, [...new Set(leaderIds)]);
    const changed = Object.keys(fields).filter((k) => (before as Record<string, unknown>)[k] !== (fields as Record<string, unknown>)[k]);
    await audit(ctx, { action: 'group.updated', entityType: 'group', entityId: id, data: { changed, ...(leaderIds ? { leaderIds } : {}), before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k]])) } });
    return (await toGroupDtos(ctx, [row!]))[0]!;
  });
}

export async function getGroup(ctx: Ctx, id: string): Promise<GroupDto> {
  return (await toGroupDtos(ctx, [await groupForStaff(ctx, id)]))[0]!;
}

/** Groups the actor may see, oldest first (keyset on id), filtered by type, status, org unit, leader, name. */
export async function listGroups(ctx: Ctx, q: z.infer<typeof ZListGroupsQuery>): Promise<Page<GroupDto>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const conds = [visibleGroups(ctx)];
  if (q.type) conds.push(eq(groups.type, q.type));
  if (q.status) conds.push(eq(groups.status, q.status));
  if (q.orgUnitId) conds.push(eq(groups.orgUnitId, q.orgUnitId));
  if (q.leaderId) conds.push(sql`exists (select 1 from ${groupLeaders} f where f.tenant_id = ${groups.tenantId} and f.group_id = ${groups.id} and f.user_id = ${q.leaderId})`);
  if (q.q) conds.push(ilike(groups.name, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (q.cursor) conds.push(gt(groups.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(groups).where(and(...conds)).orderBy(asc(groups.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await toGroupDtos(ctx, page.items), nextCursor: page.nextCursor };
}

/** Groups by id, for other modules' labels (no scope check: callers have their own). */
export async function groupNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx.select({ id: groups.id, name: groups.name }).from(groups).where(and(eq(groups.tenantId, ctx.tenantId), sql`${groups.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r.name]));
}
