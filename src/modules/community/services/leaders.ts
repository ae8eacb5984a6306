import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getMembersBasic, getUsersBasic, orgUnitNames, orgUnitsBasic, provisionLeaderAccount, searchPartyIds, setUserStatus, userOrgUnitIds } from '../../identity';
import { groupLeaders, leaderProfiles, pickupPoints, type LeaderStatus } from '../community.schema';
import { CommunityErrors, LEADER_ENTITY } from '../community.errors';
import type { ZApplyLeaderRequest, ZLeader, ZListLeadersQuery } from '../community.validators';
import { outsideScope, phoneFor } from './access';

export type LeaderDto = z.infer<typeof ZLeader>;
type Row = typeof leaderProfiles.$inferSelect;

async function toDtos(ctx: Ctx, rows: Row[]): Promise<LeaderDto[]> {
  const userIds = rows.map((r) => r.userId).filter((x): x is string => !!x);
  const units = await orgUnitNames(ctx, rows.map((r) => r.orgUnitId));
  const deciders = await getUsersBasic(ctx, rows.map((r) => r.decidedBy).filter((x): x is string => !!x));
  const groupCounts = new Map<string, number>();
  const pointCounts = new Map<string, number>();
  if (userIds.length) {
    for (const r of await ctx.tx.select({ id: groupLeaders.userId, n: sql<number>`count(*)::int` }).from(groupLeaders).where(and(eq(groupLeaders.tenantId, ctx.tenantId), sql`${groupLeaders.userId} = any(${sql.param(userIds)}::text[])`)).groupBy(groupLeaders.userId)) groupCounts.set(r.id, Number(r.n));
    for (const r of await ctx.tx.select({ id: pickupPoints.leaderId, n: sql<number>`count(*)::int` }).from(pickupPoints).where(and(eq(pickupPoints.tenantId, ctx.tenantId), eq(pickupPoints.status, 'active'), sql`${pickupPoints.leaderId} = any(${sql.param(userIds)}::text[])`)).groupBy(pickupPoints.leaderId)) pointCounts.set(r.id, Number(r.n));
  }
  return rows.map((r) => ({
    id: r.id,
    memberId: r.memberId,
    userId: r.userId,
    status: r.status,
    origin: r.origin,
    realName: r.realName,
    phone: ctx.actor.type === 'member' ? r.phone : phoneFor(ctx, r.phone),
    email: r.email,
    orgUnitId: r.orgUnitId,
    orgUnitName: units.get(r.orgUnitId) ?? '',
    intro: r.intro,
    decidedBy: r.decidedBy,
    decidedByName: r.decidedBy ? (deciders.get(r.decidedBy)?.name ?? '') : '',
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    groupCount: r.userId ? (groupCounts.get(r.userId) ?? 0) : 0,
    pickupPointCount: r.userId ? (pointCounts.get(r.userId) ?? 0) : 0,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** A member applies to be a 团长: who they are, where they would serve, the email for the console. */
export async function applyLeader(ctx: Ctx, input: z.infer<typeof ZApplyLeaderRequest>): Promise<LeaderDto> {
  requireRole(ctx, 'member');
  return inTransaction(ctx, async (ctx) => {
    const unit = (await orgUnitsBasic(ctx, [input.orgUnitId])).get(input.orgUnitId);
    if (!unit || unit.kind === 'brand') throw new AppError(CommunityErrors.unknown_org_unit, { params: { id: input.orgUnitId }, errors: [{ path: 'orgUnitId', message: unit ? 'choose a region, dealer or store, not the brand' : 'no such org unit' }] });
    const [existing] = await ctx.tx.select().from(leaderProfiles).where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.memberId, ctx.actor.id))).for('update');
    if (existing && existing.status !== 'rejected') throw new AppError(CommunityErrors.leader_exists, { params: { status: existing.status } });
    const phone = (await getMembersBasic(ctx, [ctx.actor.id])).get(ctx.actor.id)!.phone;
    const values = { status: 'applied' as const, realName: input.realName, phone, email: input.email.toLowerCase(), orgUnitId: input.orgUnitId, intro: input.intro, decidedBy: null, decidedAt: null, decisionNote: '', updatedAt: new Date() };
    const [row] = existing
      ? await ctx.tx.update(leaderProfiles).set(values).where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.id, existing.id))).returning()
      : await ctx.tx.insert(leaderProfiles).values({ tenantId: ctx.tenantId, id: newId('leaderProfile'), memberId: ctx.actor.id, origin: 'application', ...values }).returning();
    await audit(ctx, { action: 'leader.applied', entityType: 'leader', entityId: row!.id, data: { realName: input.realName, orgUnitId: input.orgUnitId } });
    return (await toDtos(ctx, [row!]))[0]!;
  });
}

/** The signed-in member's own leader application, if any. */
export async function myLeaderApplication(ctx: Ctx): Promise<{ application: LeaderDto | null }> {
  requireRole(ctx, 'member');
  const [row] = await ctx.tx.select().from(leaderProfiles).where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.memberId, ctx.actor.id)));
  return { application: row ? (await toDtos(ctx, [row]))[0]! : null };
}

const DECISIONS = {
  approve: { from: ['applied'], to: 'approved' },
  reject: { from: ['applied'], to: 'rejected' },
  suspend: { from: ['approved'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'approved' },
} as const satisfies Record<string, { from: LeaderStatus[]; to: LeaderStatus }>;
export type LeaderDecision = keyof typeof DECISIONS;

/** Operators in whose scope the leader would serve decide; owners decide anywhere. */
function assertMayDecide(ctx: Ctx, orgUnitId: string): void {
  if (ctx.actor.role === 'operator' && outsideScope(ctx, orgUnitId)) throw notFound(LEADER_ENTITY);
}

/**
 * Approve (creating the console account, whose password is returned once), reject, suspend or
 * reinstate a leader. Audited with the note.
 */
export async function decideLeader(ctx: Ctx, id: string, action: LeaderDecision, note: string): Promise<{ leader: LeaderDto; initialPassword: string | null }> {
  requireRole(ctx, 'owner', 'operator', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [row] = await ctx.tx.select().from(leaderProfiles).where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.id, id))).for('update');
    if (!row) throw notFound(LEADER_ENTITY);
    assertMayDecide(ctx, row.orgUnitId);
    const d = DECISIONS[action];
    if (!(d.from as readonly string[]).includes(row.status)) throw new AppError(CommunityErrors.invalid_leader_decision, { params: { status: row.status, action } });
    let userId = row.userId;
    let initialPassword: string | null = null;
    if (action === 'approve' && !userId) {
      const account = await provisionLeaderAccount(ctx, { email: row.email, name: row.realName, orgUnitId: row.orgUnitId });
      userId = account.userId;
      initialPassword = account.password;
    }
    const [after] = await ctx.tx
      .update(leaderProfiles)
      .set({ status: d.to, userId, decidedBy: ctx.actor.id, decidedAt: new Date(), decisionNote: note, updatedAt: new Date() })
      .where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.id, id)))
      .returning();
    // A suspended leader's console account is disabled until they are reinstated.
    if (userId && action === 'suspend') await setUserStatus(ctx, userId, 'disabled');
    if (userId && action === 'reinstate') await setUserStatus(ctx, userId, 'active');
    await audit(ctx, { action: `leader.${action}`, entityType: 'leader', entityId: id, data: { from: row.status, to: d.to, note, userId } });
    if (action === 'approve') await emit(ctx, 'leader.approved', { leaderId: id, userId: userId!, memberId: row.memberId });
    return { leader: (await toDtos(ctx, [after!]))[0]!, initialPassword };
  });
}

/** Leaders and applications in the actor's scope, oldest first. */
export async function listLeaders(ctx: Ctx, q: z.infer<typeof ZListLeadersQuery>): Promise<Page<LeaderDto>> {
  requireRole(ctx, 'owner', 'operator', 'system');
  const conds = [eq(leaderProfiles.tenantId, ctx.tenantId)];
  const a = ctx.actor;
  if ((a.type === 'user' || a.type === 'token') && !a.scope.all) conds.push(sql`${leaderProfiles.orgUnitId} = any(${sql.param(a.scope.orgUnitIds)}::text[])`);
  if (q.status) conds.push(eq(leaderProfiles.status, q.status));
  if (q.q) {
    const ids = await searchPartyIds(ctx, q.q, 2000);
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${leaderProfiles.realName} ilike ${like} or ${leaderProfiles.phone} like ${like} or ${leaderProfiles.userId} = any(${sql.param(ids)}::text[]) or ${leaderProfiles.memberId} = any(${sql.param(ids)}::text[]))`);
  }
  if (q.cursor) conds.push(gt(leaderProfiles.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(leaderProfiles).where(and(...conds)).orderBy(asc(leaderProfiles.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await toDtos(ctx, page.items), nextCursor: page.nextCursor };
}

/**
 * The profile of a staff user with the leader role, made now if they have none (an owner created the
 * account directly): approved, origin staff, serving their first org unit. Null for anyone else.
 */
export async function leaderProfileOf(ctx: Ctx, userId: string): Promise<Row | null> {
  const [row] = await ctx.tx.select().from(leaderProfiles).where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.userId, userId)));
  if (row) return row;
  const u = (await getUsersBasic(ctx, [userId])).get(userId);
  const [orgUnitId] = u && u.role === 'leader' ? await userOrgUnitIds(ctx, userId) : [];
  if (!u || !orgUnitId) return null;
  await ensureStaffLeaderProfile(ctx, { userId, realName: u.name, phone: '', email: u.email, orgUnitId });
  const [made] = await ctx.tx.select().from(leaderProfiles).where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.userId, userId)));
  return made ?? null;
}

/**
 * A profile for a leader who was made a staff user directly (seeding, or an owner creating the
 * account): approved, origin staff. Idempotent.
 */
export async function ensureStaffLeaderProfile(ctx: Ctx, input: { userId: string; realName: string; phone: string; email: string; orgUnitId: string; intro?: string; memberId?: string | null }): Promise<string> {
  const [existing] = await ctx.tx.select({ id: leaderProfiles.id }).from(leaderProfiles).where(and(eq(leaderProfiles.tenantId, ctx.tenantId), eq(leaderProfiles.userId, input.userId)));
  if (existing) return existing.id;
  const id = newId('leaderProfile');
  // onConflictDoNothing: the consumer of user.created and a first pickup point may both make it.
  await ctx.tx.insert(leaderProfiles).values({ tenantId: ctx.tenantId, id, userId: input.userId, memberId: input.memberId ?? null, status: 'approved', origin: 'staff', realName: input.realName, phone: input.phone, email: input.email, orgUnitId: input.orgUnitId, intro: input.intro ?? '', decidedBy: ctx.actor.id, decidedAt: new Date() }).onConflictDoNothing();
  return id;
}
