import { and, asc, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { BaseCtx, Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { CampaignErrors } from '../campaigns.errors';
import { campaigns } from '../campaigns.schema';
import { assertCanManage, loadCampaign, type CampaignRow } from './campaign-access';
import { effectiveStatus } from './campaign-dto';

/** Campaigns past their end and not yet settled, across tenants, oldest first. */
export async function dueCampaigns(base: BaseCtx, limit = 100): Promise<Array<{ tenantId: string; id: string }>> {
  return base.tx
    .select({ tenantId: campaigns.tenantId, id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'published'), sql`${campaigns.endsAt} <= now()`))
    .orderBy(asc(campaigns.endsAt))
    .limit(limit);
}

/**
 * Locks a campaign for settlement if it is still due; null when another process settled it
 * already (or it was canceled), so closing twice does nothing more.
 */
export async function lockDueCampaign(ctx: Ctx, id: string): Promise<CampaignRow | null> {
  const [row] = await ctx.tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id), eq(campaigns.status, 'published'), sql`${campaigns.endsAt} <= now()`))
    .limit(1)
    .for('update', { skipLocked: true });
  return row ?? null;
}

/** Whether a campaign met its threshold (成团). */
export function metThreshold(row: Pick<CampaignRow, 'thresholdKind' | 'thresholdValue'>, figures: { participants: number; units: number }): boolean {
  if (row.thresholdKind === 'participants') return figures.participants >= row.thresholdValue;
  if (row.thresholdKind === 'units') return figures.units >= row.thresholdValue;
  return true;
}

/** Records the outcome of a closed campaign and announces it. */
export async function markSettled(ctx: Ctx, row: CampaignRow, outcome: 'succeeded' | 'failed', figures: { participants: number; units: number }): Promise<void> {
  const now = new Date();
  await ctx.tx.update(campaigns).set({ status: outcome, settledAt: now, updatedAt: now }).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, row.id)));
  await audit(ctx, { action: `campaign.${outcome}`, entityType: 'campaign', entityId: row.id, data: { ...figures, threshold: { kind: row.thresholdKind, value: row.thresholdValue } } });
  if (outcome === 'succeeded') await emit(ctx, 'campaign.succeeded', { campaignId: row.id, ...figures });
  else await emit(ctx, 'campaign.failed', { campaignId: row.id, ...figures, threshold: { kind: row.thresholdKind, value: row.thresholdValue } });
}

/** Marks a draft or published campaign canceled. The caller's flow then cancels and refunds its orders. */
export async function markCanceled(ctx: Ctx, id: string): Promise<CampaignRow> {
  const row = await loadCampaign(ctx, id, { forUpdate: true });
  assertCanManage(ctx, row);
  if (row.status !== 'draft' && row.status !== 'published') {
    throw new AppError(CampaignErrors.invalid_transition, { params: { from: effectiveStatus(row.status, row.startsAt, row.endsAt), to: 'canceled' } });
  }
  const now = new Date();
  const [after] = await ctx.tx.update(campaigns).set({ status: 'canceled', canceledAt: now, updatedAt: now }).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id))).returning();
  await audit(ctx, { action: 'campaign.canceled', entityType: 'campaign', entityId: id });
  await emit(ctx, 'campaign.canceled', { campaignId: id });
  return after!;
}
