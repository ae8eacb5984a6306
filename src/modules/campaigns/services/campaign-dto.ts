import { and, asc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { campaignItems, campaigns, type CampaignStoredStatus } from '../campaigns.schema';
import type { CampaignItemDto, CampaignStatus } from '../campaigns.validators';
import type { CampaignRow } from './campaign-access';

/** What callers see: the stored state plus the clock (scheduled, live, ended). */
export function effectiveStatus(stored: CampaignStoredStatus, startsAt: Date, endsAt: Date, now = new Date()): CampaignStatus {
  if (stored !== 'published') return stored;
  if (now < startsAt) return 'scheduled';
  if (now < endsAt) return 'live';
  return 'ended';
}

/** SQL conditions for an effective status, for list filters. */
export function statusCondition(status: CampaignStatus) {
  switch (status) {
    case 'scheduled':
      return sql`${campaigns.status} = 'published' and ${campaigns.startsAt} > now()`;
    case 'live':
      return sql`${campaigns.status} = 'published' and ${campaigns.startsAt} <= now() and ${campaigns.endsAt} > now()`;
    case 'ended':
      return sql`${campaigns.status} = 'published' and ${campaigns.endsAt} <= now()`;
    default:
      return sql`${campaigns.status} = ${status}`;
  }
}

export type ItemRow = typeof campaignItems.$inferSelect;

export function itemDto(r: ItemRow): CampaignItemDto {
  return {
    id: r.id,
    skuId: r.skuId,
    productId: r.productId,
    title: r.title,
    specs: r.specs,
    priceFen: r.priceFen,
    perMemberLimit: r.perMemberLimit,
    cap: r.cap,
    reserved: r.reserved,
    sold: r.sold,
    left: r.cap - r.reserved - r.sold,
  };
}

export async function loadItems(ctx: Ctx, campaignIds: string[], onlyItems?: string[]): Promise<Map<string, ItemRow[]>> {
  const out = new Map<string, ItemRow[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return out;
  const rows = await ctx.tx
    .select()
    .from(campaignItems)
    .where(
      and(
        eq(campaignItems.tenantId, ctx.tenantId),
        sql`${campaignItems.campaignId} = any(${sql.param(campaignIds)}::text[])`,
        onlyItems ? sql`${campaignItems.id} = any(${sql.param([...new Set(onlyItems)])}::text[])` : undefined,
      ),
    )
    .orderBy(asc(campaignItems.position), asc(campaignItems.id));
  for (const r of rows) out.get(r.campaignId)?.push(r);
  return out;
}

export function campaignDto(c: CampaignRow, items: ItemRow[]) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    coverImages: c.coverImages,
    status: effectiveStatus(c.status, c.startsAt, c.endsAt),
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    threshold: { kind: c.thresholdKind, value: c.thresholdValue },
    fulfilment: c.fulfilment,
    warehouseId: c.warehouseId,
    orgUnitId: c.orgUnitId,
    createdBy: c.createdBy,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    settledAt: c.settledAt?.toISOString() ?? null,
    canceledAt: c.canceledAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    items: items.map(itemDto),
  };
}

export type CampaignView = ReturnType<typeof campaignDto>;
