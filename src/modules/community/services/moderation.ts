import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, CommonErrors, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { emit } from '../../../platform/events';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getMembersBasic, getUsersBasic, memberIdByPhone } from '../../identity';
import { groupMembers, groups, moderationEvents, moderationRules } from '../community.schema';
import { CommunityErrors } from '../community.errors';
import type { ZCheckMessageRequest, ZCheckMessageResult, ZCreateModerationRuleRequest, ZListModerationEventsQuery, ZModerationEvent, ZModerationRule } from '../community.validators';
import { groupForStaff, visibleGroups, type GroupRow } from './access';
import { groupNames } from './groups';
import { matchKeywords } from './keywords';
import { logModeration } from './roster';

type RuleRow = typeof moderationRules.$inferSelect;

async function ruleDtos(ctx: Ctx, rows: RuleRow[]): Promise<Array<z.infer<typeof ZModerationRule>>> {
  const ids = [...new Set(rows.map((r) => r.groupId).filter((x): x is string => !!x))];
  const names = await groupNames(ctx, ids);
  const staff = await getUsersBasic(ctx, rows.map((r) => r.createdBy));
  return rows.map((r) => ({
    id: r.id,
    groupId: r.groupId,
    groupName: r.groupId ? (names.get(r.groupId) ?? '') : null,
    keyword: r.keyword,
    action: r.action,
    note: r.note,
    active: r.active === 1,
    createdBy: r.createdBy,
    createdByName: staff.get(r.createdBy)?.name ?? '',
    createdAt: r.createdAt.toISOString(),
  }));
}

/** A keyword rule for the whole tenant (owners, operators) or for one group (its leaders too). */
export async function createModerationRule(ctx: Ctx, input: z.infer<typeof ZCreateModerationRuleRequest>) {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    if (input.groupId) await groupForStaff(ctx, input.groupId);
    else if (ctx.actor.role === 'leader') throw new AppError(CommonErrors.forbidden);
    const [row] = await ctx.tx
      .insert(moderationRules)
      .values({ tenantId: ctx.tenantId, id: newId('moderationRule'), groupId: input.groupId ?? null, keyword: input.keyword, action: input.action, note: input.note, createdBy: ctx.actor.id })
      .returning();
    await audit(ctx, { action: 'moderation_rule.created', entityType: 'moderation_rule', entityId: row!.id, data: { groupId: row!.groupId, keyword: row!.keyword, action: row!.action } });
    return (await ruleDtos(ctx, [row!]))[0]!;
  });
}

/** Turns a rule off (kept for the log's sake: events name the rule that matched). */
export async function deactivateModerationRule(ctx: Ctx, id: string) {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [rule] = await ctx.tx.select().from(moderationRules).where(and(eq(moderationRules.tenantId, ctx.tenantId), eq(moderationRules.id, id))).for('update');
    if (!rule) throw notFound({ zh: '关键词规则', en: 'Moderation rule' });
    if (rule.groupId) await groupForStaff(ctx, rule.groupId);
    else if (ctx.actor.role === 'leader') throw new AppError(CommonErrors.forbidden);
    const [row] = await ctx.tx.update(moderationRules).set({ active: 0 }).where(and(eq(moderationRules.tenantId, ctx.tenantId), eq(moderationRules.id, id))).returning();
    if (rule.active) await audit(ctx, { action: 'moderation_rule.deactivated', entityType: 'moderation_rule', entityId: id, data: { keyword: rule.keyword } });
    return (await ruleDtos(ctx, [row!]))[0]!;
  });
}

/** Rules the actor may see: tenant-wide ones and those of visible groups; newest first. */
export async function listModerationRules(ctx: Ctx, q: { limit: number; cursor?: string | undefined; groupId?: string | undefined }): Promise<Page<z.infer<typeof ZModerationRule>>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const conds = [eq(moderationRules.tenantId, ctx.tenantId), or(isNull(moderationRules.groupId), sql`exists (select 1 from ${groups} where ${visibleGroups(ctx)} and ${groups.id} = ${moderationRules.groupId})`)!];
  if (q.groupId) conds.push(or(isNull(moderationRules.groupId), eq(moderationRules.groupId, q.groupId))!);
  if (q.cursor) conds.push(lt(moderationRules.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(moderationRules).where(and(...conds)).orderBy(desc(moderationRules.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await ruleDtos(ctx, page.items), nextCursor: page.nextCursor };
}

async function resolveGroup(ctx: Ctx, input: { groupId?: string | undefined; externalGroupId?: string | undefined }): Promise<GroupRow> {
  if (input.groupId) return groupForStaff(ctx, input.groupId);
  const [g] = await ctx.tx.select().from(groups).where(and(visibleGroups(ctx), eq(groups.externalId, input.externalGroupId!)));
  if (!g) throw new AppError(CommunityErrors.unknown_group, { params: { ref: input.externalGroupId! } });
  return g;
}

/**
 * What a chat integration calls with each group message: the action to take (allow, warn, block)
 * and the rules that matched. A match is logged and counts a warning against the sender; at the
 * group's warn limit the sender is muted. A muted sender's messages are blocked.
 */
export async function checkMessage(ctx: Ctx, input: z.infer<typeof ZCheckMessageRequest>): Promise<z.infer<typeof ZCheckMessageResult>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const group = await resolveGroup(ctx, input);
    const memberId = input.memberId ?? (input.phone ? await memberIdByPhone(ctx, input.phone) : null);
    const rules = await ctx.tx
      .select({ id: moderationRules.id, keyword: moderationRules.keyword, action: moderationRules.action })
      .from(moderationRules)
      .where(and(eq(moderationRules.tenantId, ctx.tenantId), eq(moderationRules.active, 1), or(isNull(moderationRules.groupId), eq(moderationRules.groupId, group.id))));
    const result = matchKeywords(input.text, rules);
    const [found] = memberId
      ? await ctx.tx.select().from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, group.id), eq(groupMembers.memberId, memberId))).for('update')
      : [];
    // Someone who left is no longer on the roster for moderation: no warnings, no mute that would bring them back.
    const roster = found && found.status !== 'left' ? found : undefined;
    const matches = result.matches.map((m) => ({ ruleId: m.id, keyword: m.keyword, action: m.action }));
    if (roster && roster.status !== 'active') {
      // Muted, removed or banned people cannot post: the integration deletes the message.
      return { action: 'block' as const, matches, warnings: roster.warnings, muted: roster.status === 'muted', eventId: null };
    }
    if (result.action === 'allow') return { action: 'allow' as const, matches, warnings: roster?.warnings ?? 0, muted: false, eventId: null };
    const first = result.matches.find((m) => m.action === result.action)!;
    const eventId = await logModeration(ctx, { groupId: group.id, memberId, kind: result.action === 'block' ? 'message_blocked' : 'message_warned', ruleId: first.id, keyword: first.keyword, excerpt: input.text.slice(0, 200) });
    let warnings = 0;
    let muted = false;
    if (roster) {
      warnings = roster.warnings + 1;
      muted = warnings >= group.warnLimit;
      await ctx.tx
        .update(groupMembers)
        .set({ warnings, ...(muted ? { status: 'muted' as const, statusReason: `自动禁言：${warnings} 次警告 (auto: ${warnings} warnings)`, statusChangedBy: ctx.actor.id, statusChangedAt: new Date() } : {}) })
        .where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, group.id), eq(groupMembers.memberId, roster.memberId)));
      if (muted) {
        const reason = `自动禁言：${warnings} 次警告，上限 ${group.warnLimit} (auto: ${warnings} warnings, limit ${group.warnLimit})`;
        await logModeration(ctx, { groupId: group.id, memberId, kind: 'member_muted', reason });
        await audit(ctx, { action: 'group_member.mute', entityType: 'group', entityId: group.id, data: { memberId, from: 'active', to: 'muted', reason } });
        await emit(ctx, 'group.member_status_changed', { groupId: group.id, memberId: roster.memberId, from: 'active', to: 'muted', reason });
      }
    }
    return { action: result.action, matches, warnings, muted, eventId };
  });
}

/** The moderation log of the groups the actor sees, newest first. */
export async function listModerationEvents(ctx: Ctx, q: z.infer<typeof ZListModerationEventsQuery>): Promise<Page<z.infer<typeof ZModerationEvent>>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  if (q.groupId) await groupForStaff(ctx, q.groupId);
  const conds = [eq(moderationEvents.tenantId, ctx.tenantId), sql`exists (select 1 from ${groups} where ${visibleGroups(ctx)} and ${groups.id} = ${moderationEvents.groupId})`];
  if (q.groupId) conds.push(eq(moderationEvents.groupId, q.groupId));
  if (q.memberId) conds.push(eq(moderationEvents.memberId, q.memberId));
  if (q.kind) conds.push(eq(moderationEvents.kind, q.kind));
  if (q.cursor) conds.push(lt(moderationEvents.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(moderationEvents).where(and(...conds)).orderBy(desc(moderationEvents.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  const gIds = [...new Set(page.items.map((r) => r.groupId))];
  const gNames = await groupNames(ctx, gIds);
  const people = await getMembersBasic(ctx, page.items.map((r) => r.memberId).filter((x): x is string => !!x));
  const staff = await getUsersBasic(ctx, page.items.filter((r) => r.actorType === 'user').map((r) => r.actorId));
  return {
    items: page.items.map((r) => ({
      id: r.id,
      groupId: r.groupId,
      groupName: gNames.get(r.groupId) ?? '',
      memberId: r.memberId,
      memberName: r.memberId ? (people.get(r.memberId)?.name ?? '') : '',
      kind: r.kind,
      keyword: r.keyword,
      excerpt: r.excerpt,
      reason: r.reason,
      actorType: r.actorType,
      actorId: r.actorId,
      actorName: r.actorType === 'user' ? (staff.get(r.actorId)?.name ?? '') : r.actorType === 'token' ? 'API' : r.actorType === 'system' ? 'system' : '',
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
