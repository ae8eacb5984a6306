import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { emit } from '../../../platform/events';
import { inTransaction, type Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { CampaignErrors } from '../campaigns.errors';
import { campaignItems, campaigns } from '../campaigns.schema';
import type { UpdateCampaignRequest } from '../campaigns.validators';
import { assertCanManage, loadCampaign } from './campaign-access';
import { campaignDto, effectiveStatus, loadItems, type CampaignView } from './campaign-dto';
import { assertWarehouse, writeItems } from './create-campaign';

/** What may change in each state. A live campaign may extend its end and change caps (never below what is taken). */
const EDITABLE: Record<string, Array<keyof UpdateCampaignRequest>> = {
  draft: ['title', 'description', 'coverImages', 'startsAt', 'endsAt', 'threshold', 'fulfilment', 'warehouseId', 'items', 'caps'],
  scheduled: ['title', 'description', 'coverImages', 'startsAt', 'endsAt', 'caps'],
  live: ['title', 'description', 'coverImages', 'endsAt', 'caps'],
};

/** Changes a campaign within what its state allows. */
export async function updateCampaign(ctx: Ctx, id: string, input: UpdateCampaignRequest): Promise<CampaignView> {
  return inTransaction(ctx, async (ctx) => {
    const row = await loadCampaign(ctx, id, { forUpdate: true });
    assertCanManage(ctx, row);
    const status = effectiveStatus(row.status, row.startsAt, row.endsAt);
    const allowed = EDITABLE[status] ?? [];
    const fields = Object.keys(input) as Array<keyof UpdateCampaignRequest>;
    const refused = fields.filter((f) => !allowed.includes(f));
    if (refused.length) {
      throw new AppError(CampaignErrors.not_editable, { params: { status, fields: refused.join(', ') }, errors: refused.map((f) => ({ path: f, message: `not editable while ${status}` })) });
    }
    const startsAt = input.startsAt ? new Date(input.startsAt) : row.startsAt;
    const endsAt = input.endsAt ? new Date(input.endsAt) : row.endsAt;
    if (endsAt <= startsAt) throw new AppError(CampaignErrors.ends_in_past, { errors: [{ path: 'endsAt', message: 'must be after startsAt' }] });
    if (status === 'live' && input.endsAt && endsAt < row.endsAt) {
      throw new AppError(CampaignErrors.not_editable, { params: { status, fields: 'endsAt (earlier)' }, errors: [{ path: 'endsAt', message: 'a live campaign can only be extended' }] });
    }
    if (input.warehouseId) await assertWarehouse(ctx, input.warehouseId);
    const key = and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id));
    await ctx.tx
      .update(campaigns)
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.coverImages !== undefined && { coverImages: input.coverImages }),
        ...(input.fulfilment !== undefined && { fulfilment: input.fulfilment }),
        ...(input.warehouseId !== undefined && { warehouseId: input.warehouseId }),
        ...(input.threshold !== undefined && { thresholdKind: input.threshold.kind, thresholdValue: input.threshold.kind === 'none' ? 0 : input.threshold.value }),
        startsAt,
        endsAt,
        updatedAt: new Date(),
      })
      .where(key);
    if (input.items) {
      await ctx.tx.delete(campaignItems).where(and(eq(campaignItems.tenantId, ctx.tenantId), eq(campaignItems.campaignId, id)));
      await writeItems(ctx, id, input.items);
    }
    for (const [i, c] of (input.caps ?? []).entries()) {
      // Conditional, so a sale between our read and this write can never leave cap below what is taken.
      const changed = await ctx.tx
        .update(campaignItems)
        .set({ cap: c.cap })
        .where(and(eq(campaignItems.tenantId, ctx.tenantId), eq(campaignItems.campaignId, id), eq(campaignItems.id, c.itemId), sqlCapOk(c.cap)))
        .returning({ id: campaignItems.id });
      if (changed.length === 0) {
        const [item] = await ctx.tx.select().from(campaignItems).where(and(eq(campaignItems.tenantId, ctx.tenantId), eq(campaignItems.campaignId, id), eq(campaignItems.id, c.itemId)));
        if (!item) throw new AppError(CampaignErrors.item_not_in_campaign, { params: { item: c.itemId }, errors: [{ path: `caps.${i}.itemId`, message: 'not in this campaign' }] });
        throw new AppError(CampaignErrors.cap_below_taken, { params: { item: item.title, taken: item.reserved + item.sold }, errors: [{ path: `caps.${i}.cap`, message: `at least ${item.reserved + item.sold}` }] });
      }
    }
    await audit(ctx, { action: 'campaign.updated', entityType: 'campaign', entityId: id, data: { fields, status } });
    const [after] = await ctx.tx.select().from(campaigns).where(key);
    return campaignDto(after!, (await loadItems(ctx, [id])).get(id) ?? []);
  });
}

function sqlCapOk(cap: number) {
  return sql`${campaignItems.reserved} + ${campaignItems.sold} <= ${cap}`;
}

/** Publishes a draft: it becomes scheduled, or live at once if its start has come. */
export async function publishCampaign(ctx: Ctx, id: string): Promise<CampaignView> {
  return inTransaction(ctx, async (ctx) => {
    const row = await loadCampaign(ctx, id, { forUpdate: true });
    assertCanManage(ctx, row);
    const status = effectiveStatus(row.status, row.startsAt, row.endsAt);
    if (row.status !== 'draft') throw new AppError(CampaignErrors.invalid_transition, { params: { from: status, to: 'published' } });
    if (row.endsAt <= new Date()) throw new AppError(CampaignErrors.ends_in_past, { errors: [{ path: 'endsAt', message: 'in the past' }] });
    const items = (await loadItems(ctx, [id])).get(id) ?? [];
    if (items.length === 0) throw new AppError(CampaignErrors.no_items);
    const now = new Date();
    const [after] = await ctx.tx.update(campaigns).set({ status: 'published', publishedAt: now, updatedAt: now }).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id))).returning();
    await audit(ctx, { action: 'campaign.published', entityType: 'campaign', entityId: id });
    await emit(ctx, 'campaign.published', { campaignId: id });
    return campaignDto(after!, items);
  });
}

/**
 * 截单: a live campaign stops taking orders now (its end moves to this moment). The closing job
 * then settles it like any campaign at its end: threshold, refunds if it failed, picking lists.
 */
export async function endCampaignNow(ctx: Ctx, id: string): Promise<CampaignView> {
  return inTransaction(ctx, async (ctx) => {
    const row = await loadCampaign(ctx, id, { forUpdate: true });
    assertCanManage(ctx, row);
    const status = effectiveStatus(row.status, row.startsAt, row.endsAt);
    if (status !== 'live') throw new AppError(CampaignErrors.not_editable, { params: { status, fields: 'endsAt' }, errors: [{ path: 'endsAt', message: `only a live campaign can stop taking orders (this one is ${status})` }] });
    // The database's clock, the one the closing job compares against.
    const [after] = await ctx.tx.update(campaigns).set({ endsAt: sql`now()`, updatedAt: new Date() }).where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id))).returning();
    await audit(ctx, { action: 'campaign.ended_early', entityType: 'campaign', entityId: id, data: { endsAt: { before: row.endsAt.toISOString(), after: after!.endsAt.toISOString() } } });
    return campaignDto(after!, (await loadItems(ctx, [id])).get(id) ?? []);
  });
}
