import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { getCampaign, livePublicCampaignsByIds, type CampaignView } from '../../campaigns';
import { crmCampaignAudiences } from '../crm.schema';
import { requireCrm } from './access';
import { profileIdsOf } from './refresh';
import { getSegmentRow } from './segments';

/**
 * Aims a campaign at saved segments (replacing its audience; an empty list clears it). The members
 * of any of them see the campaign under "for you" while it is live; everyone can still open it.
 */
export async function setCampaignAudience(ctx: Ctx, campaignId: string, segmentIds: string[]): Promise<{ campaignId: string; segments: Array<{ id: string; name: string; memberCount: number }> }> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    await getCampaign(ctx, campaignId); // 404 outside the actor's scope
    const segments = [];
    for (const id of [...new Set(segmentIds)]) segments.push(await getSegmentRow(ctx, id));
    await ctx.tx.delete(crmCampaignAudiences).where(and(eq(crmCampaignAudiences.tenantId, ctx.tenantId), eq(crmCampaignAudiences.campaignId, campaignId)));
    if (segments.length) await ctx.tx.insert(crmCampaignAudiences).values(segments.map((s) => ({ tenantId: ctx.tenantId, campaignId, segmentId: s.id, createdBy: ctx.actor.id })));
    await audit(ctx, { action: 'crm.campaign_audience.set', entityType: 'campaign', entityId: campaignId, data: { segmentIds: segments.map((s) => s.id) } });
    return { campaignId, segments: segments.map((s) => ({ id: s.id, name: s.name, memberCount: s.memberCount })) };
  });
}

export async function getCampaignAudience(ctx: Ctx, campaignId: string): Promise<{ campaignId: string; segments: Array<{ id: string; name: string; memberCount: number }> }> {
  requireCrm(ctx);
  await getCampaign(ctx, campaignId);
  const rows = await queryRows<{ id: string; name: string; member_count: number }>(
    ctx.tx,
    sql`select g.id, g.name, g.member_count from crm_campaign_audiences a join crm_segments g on g.tenant_id = a.tenant_id and g.id = a.segment_id
        where a.tenant_id = ${ctx.tenantId} and a.campaign_id = ${campaignId} order by g.name`,
  );
  return { campaignId, segments: rows.map((r) => ({ id: r.id, name: r.name, memberCount: r.member_count })) };
}

/** The live campaigns aimed at a segment the signed-in member is in ("for you"). */
export async function listForYou(ctx: Ctx): Promise<{ items: CampaignView[] }> {
  requireRole(ctx, 'member');
  const profileId = (await profileIdsOf(ctx, [ctx.actor.id])).get(ctx.actor.id)!;
  const rows = await queryRows<{ campaign_id: string }>(
    ctx.tx,
    sql`select distinct a.campaign_id from crm_segment_members s join crm_campaign_audiences a on a.tenant_id = s.tenant_id and a.segment_id = s.segment_id
        where s.tenant_id = ${ctx.tenantId} and s.profile_id = ${profileId}`,
  );
  return { items: await livePublicCampaignsByIds(ctx, rows.map((r) => r.campaign_id)) };
}
