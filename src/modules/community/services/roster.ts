import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getMembersBasic, getUsersBasic, maskedName, searchPartyIds } from '../../identity';
import { groupInvites, groupMembers, groups, moderationEvents, type JoinSource, type ModerationKind, type RosterStatus } from '../community.schema';
import { CommunityErrors, INVITE_ENTITY, ROSTER_ENTITY } from '../community.errors';
import type { ZListGroupMembersQuery, ZMyGroup, ZRosterEntry } from '../community.validators';
import { groupForStaff, phoneFor, visibleGroups, type GroupRow } from './access';
import { groupNames, leadersOf, rosterStats } from './groups';
import { inviteProblem } from './invites';

export type RosterDto = z.infer<typeof ZRosterEntry>;
type RosterRow = typeof groupMembers.$inferSelect;

const INVALID_REASON_ZH = { expired: '已过期', revoked: '已停用', used_up: '次数已用完', group_closed: '群已关闭' } as const;

/** The reason kept on a member who left while muted: they come back muted, with their warnings. */
export const LEFT_WHILE_MUTED = '离开时处于禁言 (left while muted)';

/** Members who count against a group's capacity and see its messages. */
export const IN_GROUP: RosterStatus[] = ['active', 'muted'];

async function toDtos(ctx: Ctx, rows: RosterRow[]): Promise<RosterDto[]> {
  const people = await getMembersBasic(ctx, [...rows.map((r) => r.memberId), ...rows.filter((r) => r.referrerType === 'member').map((r) => r.referrerId!)]);
  const staff = await getUsersBasic(ctx, rows.filter((r) => r.referrerType === 'user').map((r) => r.referrerId!));
  return rows.map((r) => {
    const m = people.get(r.memberId);
    const refName = r.referrerType === 'user' ? (staff.get(r.referrerId!)?.name ?? '') : r.referrerType === 'member' ? maskedName(people.get(r.referrerId!) ?? { name: '', phone: '' }) : '';
    return {
      groupId: r.groupId,
      memberId: r.memberId,
      phone: m ? phoneFor(ctx, m.phone) : '',
      name: m?.name ?? '',
      status: r.status,
      source: r.source,
      eventName: r.eventName,
      referrer: r.referrerType && r.referrerId ? { type: r.referrerType, id: r.referrerId, name: refName } : null,
      joinedAt: r.joinedAt.toISOString(),
      rulesAcceptedAt: r.rulesAcceptedAt?.toISOString() ?? null,
      warnings: r.warnings,
      statusReason: r.statusReason,
      statusChangedAt: r.statusChangedAt?.toISOString() ?? null,
    };
  });
}

/** How many count against a group's capacity now (active and muted). */
export async function membersInGroup(ctx: Ctx, groupId: string): Promise<number> {
  const [count] = await ctx.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(groupMembers)
    .where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId), sql`${groupMembers.status} in ('active','muted')`));
  return Number(count?.n ?? 0);
}

export interface RosterAdd {
  memberId: string;
  source: JoinSource;
  eventName?: string;
  referrerType?: 'user' | 'member' | null;
  referrerId?: string | null;
  inviteId?: string | null;
  rulesAcceptedAt?: Date | null;
  joinedAt?: Date;
}

/**
 * Puts a member on a group's roster (the group row must be locked by the caller). A banned member
 * is refused; one already in the group is a conflict; one who left or was removed joins again with
 * the new source. Capacity counts active and muted members.
 */
export async function addToRoster(ctx: Ctx, group: GroupRow, add: RosterAdd): Promise<RosterRow> {
  const [existing] = await ctx.tx.select().from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, group.id), eq(groupMembers.memberId, add.memberId))).for('update');
  if (existing?.status === 'banned') throw new AppError(CommunityErrors.banned);
  if (existing && IN_GROUP.includes(existing.status)) throw new AppError(CommunityErrors.already_member);
  if ((await membersInGroup(ctx, group.id)) >= group.capacity) throw new AppError(CommunityErrors.group_full, { params: { capacity: group.capacity } });
  // Leaving does not lift a mute: someone who left while muted comes back muted, warnings kept.
  const stillMuted = existing?.status === 'left' && existing.statusReason === LEFT_WHILE_MUTED;
  const values = {
    status: stillMuted ? ('muted' as const) : ('active' as const),
    source: add.source,
    eventName: add.eventName ?? '',
    referrerType: add.referrerType ?? null,
    referrerId: add.referrerId ?? null,
    inviteId: add.inviteId ?? null,
    joinedAt: add.joinedAt ?? new Date(),
    rulesAcceptedAt: add.rulesAcceptedAt ?? null,
    warnings: stillMuted ? existing!.warnings : 0,
    statusReason: stillMuted ? existing!.statusReason : '',
    statusChangedBy: stillMuted ? existing!.statusChangedBy : null,
    statusChangedAt: stillMuted ? existing!.statusChangedAt : null,
  };
  const [row] = await ctx.tx
    .insert(groupMembers)
    .values({ tenantId: ctx.tenantId, groupId: group.id, memberId: add.memberId, ...values })
    .onConflictDoUpdate({ target: [groupMembers.tenantId, groupMembers.groupId, groupMembers.memberId], set: values })
    .returning();
  await emit(ctx, 'group.member_joined', { groupId: group.id, memberId: add.memberId, source: add.source, eventName: values.eventName, referrerType: values.referrerType, referrerId: values.referrerId, inviteId: values.inviteId, rejoined: !!existing });
  return row!;
}

/** A signed-in member joins through an invite link, accepting the group's rules (recorded). */
export async function joinGroup(ctx: Ctx, input: { code: string; acceptRules: true }): Promise<RosterDto> {
  requireRole(ctx, 'member');
  return inTransaction(ctx, async (ctx) => {
    const [inv] = await ctx.tx.select().from(groupInvites).where(and(eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.code, input.code.toUpperCase()))).for('update');
    if (!inv) throw notFound(INVITE_ENTITY);
    const [group] = await ctx.tx.select().from(groups).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.id, inv.groupId))).for('update');
    const problem = inviteProblem(inv, group!.status);
    if (problem) throw new AppError(CommunityErrors.invite_invalid, { params: { reason_en: problem.replace('_', ' '), reason_zh: INVALID_REASON_ZH[problem] }, errors: [{ path: 'code', message: problem }] });
    // A member's own referral link brings others, never the member themselves.
    const self = inv.referrerType === 'member' && inv.referrerId === ctx.actor.id;
    const row = await addToRoster(ctx, group!, {
      memberId: ctx.actor.id,
      source: self ? 'official' : inv.source,
      eventName: inv.eventName,
      referrerType: self ? null : inv.referrerType,
      referrerId: self ? null : inv.referrerId,
      inviteId: inv.id,
      rulesAcceptedAt: new Date(),
    });
    await ctx.tx.update(groupInvites).set({ uses: sql`${groupInvites.uses} + 1` }).where(and(eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.id, inv.id)));
    return (await toDtos(ctx, [row]))[0]!;
  });
}

/** Marks a roster row as left; a muted member's mute is kept for when they come back. */
export async function markLeft(ctx: Ctx, row: RosterRow, reason: string): Promise<void> {
  await ctx.tx
    .update(groupMembers)
    .set({ status: 'left', statusReason: row.status === 'muted' ? LEFT_WHILE_MUTED : reason, statusChangedBy: ctx.actor.id, statusChangedAt: new Date() })
    .where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, row.groupId), eq(groupMembers.memberId, row.memberId)));
  await emit(ctx, 'group.member_status_changed', { groupId: row.groupId, memberId: row.memberId, from: row.status, to: 'left', reason });
}

/** A member leaves a group of their own accord. */
export async function leaveGroup(ctx: Ctx, groupId: string): Promise<void> {
  requireRole(ctx, 'member');
  await inTransaction(ctx, async (ctx) => {
    const [row] = await ctx.tx.select().from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, ctx.actor.id))).for('update');
    if (!row || !IN_GROUP.includes(row.status)) throw notFound(ROSTER_ENTITY);
    await markLeft(ctx, row, '');
  });
}

/** A group's roster, newest joiners first, filtered by status, source and name (or phone for staff who see phones). */
export async function listGroupMembers(ctx: Ctx, groupId: string, q: z.infer<typeof ZListGroupMembersQuery>): Promise<Page<RosterDto>> {
  await groupForStaff(ctx, groupId);
  const conds = [eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId)];
  if (q.status) conds.push(eq(groupMembers.status, q.status));
  if (q.source) conds.push(eq(groupMembers.source, q.source));
  if (q.q) {
    // Leaders see masked phones, so they search by name only: digits must not reveal a number.
    const ids = ctx.actor.role === 'leader' && /^\d+$/.test(q.q) ? [] : await searchPartyIds(ctx, q.q, 2000);
    conds.push(sql`${groupMembers.memberId} = any(${sql.param(ids)}::text[])`);
  }
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, 2);
    conds.push(or(sql`${groupMembers.joinedAt} < ${String(at)}::timestamptz`, and(sql`${groupMembers.joinedAt} = ${String(at)}::timestamptz`, sql`${groupMembers.memberId} < ${String(id)}`))!);
  }
  const rows = await ctx.tx.select().from(groupMembers).where(and(...conds)).orderBy(desc(groupMembers.joinedAt), desc(groupMembers.memberId)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.joinedAt.toISOString(), r.memberId]);
  return { items: await toDtos(ctx, page.items), nextCursor: page.nextCursor };
}

const ACTIONS = {
  remove: { from: ['active', 'muted'], to: 'removed', kind: 'member_removed' },
  ban: { from: ['active', 'muted', 'removed', 'left'], to: 'banned', kind: 'member_banned' },
  unban: { from: ['banned'], to: 'removed', kind: 'member_unbanned' },
  mute: { from: ['active'], to: 'muted', kind: 'member_muted' },
  unmute: { from: ['muted'], to: 'active', kind: 'member_unmuted' },
} as const satisfies Record<string, { from: RosterStatus[]; to: RosterStatus; kind: ModerationKind }>;
export type MemberAction = keyof typeof ACTIONS;

/** Records a moderation event: the group's moderation log, shown in the console. */
export async function logModeration(ctx: Ctx, e: { groupId: string; memberId: string | null; kind: ModerationKind; ruleId?: string | null; keyword?: string | null; excerpt?: string; reason?: string }): Promise<string> {
  const id = newId('moderationEvent');
  await ctx.tx.insert(moderationEvents).values({ tenantId: ctx.tenantId, id, groupId: e.groupId, memberId: e.memberId, kind: e.kind, ruleId: e.ruleId ?? null, keyword: e.keyword ?? null, excerpt: e.excerpt ?? '', reason: e.reason ?? '', actorType: ctx.actor.type, actorId: ctx.actor.id });
  return id;
}

/**
 * Remove, ban, unban, mute or unmute a member: staff who see the group (its leaders included). Every
 * action is logged with its reason and actor; an unbanned member is "removed" and may join again.
 */
export async function actOnMember(ctx: Ctx, groupId: string, memberId: string, action: MemberAction, reason: string): Promise<RosterDto> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    await groupForStaff(ctx, groupId);
    const [row] = await ctx.tx.select().from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId))).for('update');
    if (!row) throw notFound(ROSTER_ENTITY);
    const a = ACTIONS[action];
    if (!(a.from as readonly string[]).includes(row.status)) throw new AppError(CommunityErrors.invalid_member_action, { params: { status: row.status, action } });
    const [after] = await ctx.tx
      .update(groupMembers)
      .set({ status: a.to, statusReason: reason, statusChangedBy: ctx.actor.id, statusChangedAt: new Date(), ...(action === 'unmute' ? { warnings: 0 } : {}) })
      .where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, memberId)))
      .returning();
    await logModeration(ctx, { groupId, memberId, kind: a.kind, reason });
    await audit(ctx, { action: `group_member.${action}`, entityType: 'group', entityId: groupId, data: { memberId, from: row.status, to: a.to, reason } });
    await emit(ctx, 'group.member_status_changed', { groupId, memberId, from: row.status, to: a.to, reason });
    return (await toDtos(ctx, [after!]))[0]!;
  });
}

/** The groups a member is in (active or muted), with their leaders. */
export async function listMyGroups(ctx: Ctx): Promise<{ items: Array<z.infer<typeof ZMyGroup>> }> {
  requireRole(ctx, 'member');
  const rows = await ctx.tx
    .select({ roster: groupMembers, group: groups })
    .from(groupMembers)
    .innerJoin(groups, and(eq(groups.tenantId, groupMembers.tenantId), eq(groups.id, groupMembers.groupId)))
    .where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.memberId, ctx.actor.id), sql`${groupMembers.status} in ('active','muted')`))
    .orderBy(desc(groupMembers.joinedAt));
  const ids = rows.map((r) => r.group.id);
  const leaders = await leadersOf(ctx, ids);
  const stats = await rosterStats(ctx, ids);
  return {
    items: rows.map(({ roster, group }) => ({
      groupId: group.id,
      name: group.name,
      type: group.type,
      purpose: group.purpose,
      status: roster.status,
      joinedAt: roster.joinedAt.toISOString(),
      memberCount: stats.get(group.id)!.counts.active + stats.get(group.id)!.counts.muted,
      leaders: (leaders.get(group.id) ?? []).map((l) => l.name),
    })),
  };
}

/**
 * The roster across every group the actor sees (a leader's "my members": phones masked), newest
 * joiners first, filtered like a group's roster.
 */
export async function listCommunityMembers(ctx: Ctx, q: z.infer<typeof ZListGroupMembersQuery>): Promise<Page<RosterDto & { groupName: string }>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const conds = [eq(groupMembers.tenantId, ctx.tenantId), sql`exists (select 1 from ${groups} where ${visibleGroups(ctx)} and ${groups.id} = ${groupMembers.groupId})`];
  if (q.status) conds.push(eq(groupMembers.status, q.status));
  if (q.source) conds.push(eq(groupMembers.source, q.source));
  if (q.q) {
    const ids = ctx.actor.role === 'leader' && /^\d+$/.test(q.q) ? [] : await searchPartyIds(ctx, q.q, 2000);
    conds.push(sql`${groupMembers.memberId} = any(${sql.param(ids)}::text[])`);
  }
  if (q.cursor) {
    const [at, gid, id] = decodeCursor(q.cursor, 3);
    conds.push(sql`(${groupMembers.joinedAt}, ${groupMembers.groupId}, ${groupMembers.memberId}) < (${String(at)}::timestamptz, ${String(gid)}, ${String(id)})`);
  }
  const rows = await ctx.tx.select().from(groupMembers).where(and(...conds)).orderBy(desc(groupMembers.joinedAt), desc(groupMembers.groupId), desc(groupMembers.memberId)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.joinedAt.toISOString(), r.groupId, r.memberId]);
  const names = await groupNames(ctx, page.items.map((r) => r.groupId));
  return { items: (await toDtos(ctx, page.items)).map((d) => ({ ...d, groupName: names.get(d.groupId) ?? '' })), nextCursor: page.nextCursor };
}
