import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { getCampaign, getPublicCampaignView, type CampaignView } from '../../campaigns';
import { campaignGroups, groupMembers, groups, pickupPoints } from '../community.schema';
import { CommunityErrors, GROUP_ENTITY } from '../community.errors';
import type { ZCampaignShare } from '../community.validators';
import { groupForStaff } from './access';
import type { LinkBase } from './invites';

export type CampaignShare = z.infer<typeof ZCampaignShare>;

const yuan = (fen: number) => (fen / 100).toFixed(fen % 100 === 0 ? 0 : 2);

/** The campaign's member page for a group: orders placed from it record the group. */
export function campaignGroupUrl(base: LinkBase, campaignId: string, groupId: string): string {
  return `${base.publicBaseUrl.replace(/\/$/, '')}/m/${encodeURIComponent(base.tenantSlug)}/c/${encodeURIComponent(campaignId)}?g=${encodeURIComponent(groupId)}`;
}

/**
 * The card an operator pastes into the chat: title, prices, deadline, pickup, the link. Plain text,
 * because chat apps keep line breaks and emoji but not formatting.
 */
export function shareText(c: Pick<CampaignView, 'title' | 'endsAt' | 'items' | 'fulfilment'>, url: string, now = new Date()): string {
  const prices = c.items.map((i) => i.priceFen);
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  const price = prices.length === 0 ? '' : low === high ? `¥${yuan(low)}` : `¥${yuan(low)} 起`;
  const end = new Date(c.endsAt);
  const local = new Date(end.getTime() + 8 * 3_600_000);
  const sameDay = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) === local.toISOString().slice(0, 10);
  const deadline = `${sameDay ? '今天' : `${local.getUTCMonth() + 1}月${local.getUTCDate()}日`} ${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  const how = c.fulfilment === 'delivery' ? '送货上门' : c.fulfilment === 'both' ? '到点自提或送货上门' : '到点自提';
  const lines = [
    `【团购】${c.title}`,
    ...c.items.slice(0, 5).map((i) => `· ${i.title} ¥${yuan(i.priceFen)}`),
    ...(c.items.length > 5 ? [`…共 ${c.items.length} 款`] : []),
    `💰 ${price}  ⏰ ${deadline} 截单  🚚 ${how}`,
    `👉 点链接接龙：${url}`,
  ];
  return lines.join('\n');
}

/**
 * Publishes a campaign to groups (owners and operators: groups in scope; leaders: the groups they
 * run, with a campaign of the brand's or their own). Answers a share card per group.
 */
export async function publishCampaignToGroups(ctx: Ctx, campaignId: string, groupIds: string[], base: LinkBase): Promise<CampaignShare[]> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const campaign = await getCampaign(ctx, campaignId);
    if (!['scheduled', 'live'].includes(campaign.status)) throw new AppError(CommunityErrors.campaign_not_open, { params: { status: campaign.status } });
    const out: CampaignShare[] = [];
    for (const id of [...new Set(groupIds)]) {
      const g = await groupForStaff(ctx, id);
      await ctx.tx.insert(campaignGroups).values({ tenantId: ctx.tenantId, campaignId, groupId: g.id, publishedBy: ctx.actor.id }).onConflictDoNothing();
      const url = campaignGroupUrl(base, campaignId, g.id);
      out.push({ groupId: g.id, groupName: g.name, url, text: shareText(campaign, url) });
    }
    await audit(ctx, { action: 'campaign.published_to_groups', entityType: 'campaign', entityId: campaignId, data: { groupIds: out.map((o) => o.groupId) } });
    return out;
  });
}

/** Takes a campaign out of a group (orders already placed keep their group). */
export async function unpublishCampaignFromGroup(ctx: Ctx, campaignId: string, groupId: string): Promise<void> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  await inTransaction(ctx, async (ctx) => {
    await groupForStaff(ctx, groupId);
    const gone = await ctx.tx.delete(campaignGroups).where(and(eq(campaignGroups.tenantId, ctx.tenantId), eq(campaignGroups.campaignId, campaignId), eq(campaignGroups.groupId, groupId))).returning();
    if (!gone.length) throw notFound(GROUP_ENTITY);
    await audit(ctx, { action: 'campaign.unpublished_from_group', entityType: 'campaign', entityId: campaignId, data: { groupId } });
  });
}

/** The groups a campaign is published to that the actor may see, with each group's share card. */
export async function listCampaignGroups(ctx: Ctx, campaignId: string, base: LinkBase): Promise<CampaignShare[]> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const campaign = await getCampaign(ctx, campaignId);
  const rows = await ctx.tx
    .select({ id: groups.id, name: groups.name })
    .from(campaignGroups)
    .innerJoin(groups, and(eq(groups.tenantId, campaignGroups.tenantId), eq(groups.id, campaignGroups.groupId)))
    .where(and(eq(campaignGroups.tenantId, ctx.tenantId), eq(campaignGroups.campaignId, campaignId)))
    .orderBy(desc(campaignGroups.publishedAt));
  const visible: CampaignShare[] = [];
  for (const g of rows) {
    try {
      await groupForStaff(ctx, g.id);
    } catch {
      continue;
    }
    const url = campaignGroupUrl(base, campaignId, g.id);
    visible.push({ groupId: g.id, groupName: g.name, url, text: shareText(campaign, url) });
  }
  return visible;
}

/** Campaign ids published to a group (for the member's group page and the leader's lists). */
export async function campaignIdsOfGroup(ctx: Ctx, groupId: string): Promise<string[]> {
  const rows = await ctx.tx.select({ id: campaignGroups.campaignId }).from(campaignGroups).where(and(eq(campaignGroups.tenantId, ctx.tenantId), eq(campaignGroups.groupId, groupId))).orderBy(desc(campaignGroups.publishedAt));
  return rows.map((r) => r.id);
}

export interface Placement {
  memberId: string;
  campaignId: string;
  fulfilment: 'pickup' | 'delivery';
  groupId?: string | undefined;
  pickupPointId?: string | undefined;
}

/**
 * Checks where a checkout batch's orders come from and go to, in at most three queries for the
 * whole batch: the pickup point is open (and only for pickup), the member is in the group, and the
 * campaign is published there. Answers the pickup point's leader, or the error, per placement.
 */
export async function checkPlacements(ctx: Ctx, placements: Placement[]): Promise<Array<{ pickupLeaderId: string | null } | AppError>> {
  const pointIds = [...new Set(placements.map((p) => p.pickupPointId).filter((x): x is string => !!x))];
  const points = new Map<string, string>();
  if (pointIds.length) {
    const rows = await ctx.tx
      .select({ id: pickupPoints.id, leaderId: pickupPoints.leaderId })
      .from(pickupPoints)
      .where(
        and(
          eq(pickupPoints.tenantId, ctx.tenantId),
          eq(pickupPoints.status, 'active'),
          sql`${pickupPoints.id} = any(${sql.param(pointIds)}::text[])`,
          // A suspended leader cannot hand goods over: their points take no new orders.
          sql`not exists (select 1 from leader_profiles lp where lp.tenant_id = ${pickupPoints.tenantId} and lp.user_id = ${pickupPoints.leaderId} and lp.status = 'suspended')`,
        ),
      );
    for (const r of rows) points.set(r.id, r.leaderId);
  }
  const withGroup = placements.filter((p) => p.groupId);
  const inGroup = new Set<string>();
  const published = new Set<string>();
  const paused = new Set<string>();
  if (withGroup.length) {
    const rows = await ctx.tx
      .select({ groupId: groupMembers.groupId, memberId: groupMembers.memberId })
      .from(groupMembers)
      .where(
        and(
          eq(groupMembers.tenantId, ctx.tenantId),
          sql`(${groupMembers.groupId}, ${groupMembers.memberId}) in (select * from unnest(${sql.param(withGroup.map((p) => p.groupId!))}::text[], ${sql.param(withGroup.map((p) => p.memberId))}::text[]))`,
          sql`${groupMembers.status} in ('active','muted')`,
        ),
      );
    for (const r of rows) inGroup.add(`${r.groupId}\0${r.memberId}`);
    const pubs = await ctx.tx
      .select({ groupId: campaignGroups.groupId, campaignId: campaignGroups.campaignId, pausedAt: campaignGroups.pausedAt })
      .from(campaignGroups)
      .where(and(eq(campaignGroups.tenantId, ctx.tenantId), sql`(${campaignGroups.campaignId}, ${campaignGroups.groupId}) in (select * from unnest(${sql.param(withGroup.map((p) => p.campaignId))}::text[], ${sql.param(withGroup.map((p) => p.groupId!))}::text[]))`));
    for (const r of pubs) (r.pausedAt ? paused : published).add(`${r.campaignId}\0${r.groupId}`);
  }
  return placements.map((p) => {
    if (p.pickupPointId && p.fulfilment === 'delivery') return new AppError(CommunityErrors.pickup_point_for_delivery, { errors: [{ path: 'pickupPointId', message: 'not for delivery orders' }] });
    if (p.pickupPointId && !points.has(p.pickupPointId)) return new AppError(CommunityErrors.pickup_point_unavailable, { errors: [{ path: 'pickupPointId', message: 'no such open pickup point' }] });
    if (p.groupId && !inGroup.has(`${p.groupId}\0${p.memberId}`)) return new AppError(CommunityErrors.order_not_in_group, { errors: [{ path: 'groupId', message: 'not in this group' }] });
    if (p.groupId && paused.has(`${p.campaignId}\0${p.groupId}`)) return new AppError(CommunityErrors.campaign_paused_in_group, { errors: [{ path: 'groupId', message: 'paused in this group' }] });
    if (p.groupId && !published.has(`${p.campaignId}\0${p.groupId}`)) return new AppError(CommunityErrors.campaign_not_in_group, { errors: [{ path: 'groupId', message: 'campaign not published to this group' }] });
    return { pickupLeaderId: p.pickupPointId ? points.get(p.pickupPointId)! : null };
  });
}

/** The campaigns published to a group the member is in, open ones first (the group's page on the member side). */
export async function memberGroupCampaigns(ctx: Ctx, groupId: string): Promise<Array<{ id: string; title: string; status: string; endsAt: string; minPriceFen: number; itemCount: number; paused: boolean }>> {
  requireRole(ctx, 'member');
  const [roster] = await ctx.tx.select().from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, ctx.actor.id)));
  if (!roster || (roster.status !== 'active' && roster.status !== 'muted')) throw notFound(GROUP_ENTITY);
  const pubs = await ctx.tx.select({ id: campaignGroups.campaignId, pausedAt: campaignGroups.pausedAt }).from(campaignGroups).where(and(eq(campaignGroups.tenantId, ctx.tenantId), eq(campaignGroups.groupId, groupId))).orderBy(desc(campaignGroups.publishedAt)).limit(50);
  const pausedIds = new Set(pubs.filter((p) => p.pausedAt).map((p) => p.id));
  const out = [];
  for (const id of pubs.map((p) => p.id)) {
    const c = await getPublicCampaignView(ctx, id).catch(() => null);
    if (!c || c.status === 'canceled') continue;
    out.push({ id: c.id, title: c.title, status: c.status, endsAt: c.endsAt, minPriceFen: c.items.length ? Math.min(...c.items.map((i) => i.priceFen)) : 0, itemCount: c.items.length, paused: pausedIds.has(c.id) });
  }
  const rank = (s: string) => (s === 'live' ? 0 : s === 'scheduled' ? 1 : 2);
  return out.sort((a, b) => rank(a.status) - rank(b.status));
}
