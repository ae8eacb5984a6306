import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { groupMembers, groups, memberImportRows } from '../community.schema';

export interface MembershipFact {
  memberId: string;
  groupId: string;
  orgUnitId: string;
  status: string;
  source: string;
  joinedAt: Date;
  referrerType: 'user' | 'member' | null;
  referrerId: string | null;
}

/** Every group these members are or were in, with the group's org unit: what the CRM projects. */
export async function membershipsOfMembers(ctx: Ctx, memberIds: string[]): Promise<MembershipFact[]> {
  if (memberIds.length === 0) return [];
  return ctx.tx
    .select({
      memberId: groupMembers.memberId,
      groupId: groupMembers.groupId,
      orgUnitId: groups.orgUnitId,
      status: groupMembers.status,
      source: groupMembers.source,
      joinedAt: groupMembers.joinedAt,
      referrerType: groupMembers.referrerType,
      referrerId: groupMembers.referrerId,
    })
    .from(groupMembers)
    .innerJoin(groups, and(eq(groups.tenantId, groupMembers.tenantId), eq(groups.id, groupMembers.groupId)))
    .where(and(eq(groupMembers.tenantId, ctx.tenantId), sql`${groupMembers.memberId} = any(${sql.param([...new Set(memberIds)])}::text[])`));
}

export interface ImportFact {
  memberId: string;
  channel: string;
  externalId: string;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

/** What member imports said about these members: the shop they bought in, its buyer id, and when they first and last ordered there. */
export async function importFactsOfMembers(ctx: Ctx, memberIds: string[]): Promise<ImportFact[]> {
  if (memberIds.length === 0) return [];
  const rows = await ctx.tx
    .selectDistinct({ memberId: memberImportRows.memberId, channel: memberImportRows.channel, externalId: memberImportRows.externalId, firstOrderAt: memberImportRows.firstOrderAt, lastOrderAt: memberImportRows.lastOrderAt })
    .from(memberImportRows)
    .where(
      and(
        eq(memberImportRows.tenantId, ctx.tenantId),
        sql`${memberImportRows.memberId} = any(${sql.param([...new Set(memberIds)])}::text[])`,
        sql`(${memberImportRows.channel} <> '' or ${memberImportRows.externalId} <> '' or ${memberImportRows.lastOrderAt} is not null)`,
      ),
    );
  return rows.map((r) => ({ ...r, memberId: r.memberId! }));
}

/**
 * Erasure, community's part: the person's chat ids are forgotten, their moderated message excerpts
 * blanked, a leader application's contact details and intro cleared, and import report rows keep
 * only their outcome. Roster rows stay (ids and dates) so group counts stay true.
 */
export async function pseudonymiseCommunity(ctx: Ctx, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const ids = sql`${sql.param(memberIds)}::text[]`;
  await ctx.tx.execute(sql`delete from chat_identities where tenant_id = ${ctx.tenantId} and member_id = any(${ids})`);
  await ctx.tx.execute(sql`update moderation_events set excerpt = '' where tenant_id = ${ctx.tenantId} and member_id = any(${ids})`);
  await ctx.tx.execute(sql`update leader_profiles set real_name = '', phone = '', email = '', intro = '' where tenant_id = ${ctx.tenantId} and member_id = any(${ids})`);
  await ctx.tx.execute(sql`update member_import_rows set phone = '', name = '', external_id = '' where tenant_id = ${ctx.tenantId} and member_id = any(${ids})`);
}
