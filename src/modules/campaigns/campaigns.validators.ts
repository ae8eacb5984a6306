import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'live', 'ended', 'succeeded', 'failed', 'canceled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const Fen = z.number().int().min(0).max(100_000_000).describe('Integer fen');
const Instant = z.iso.datetime({ offset: true }).describe('ISO 8601 time');
const ImageUrl = z.url({ protocol: /^https?$/ }).max(1000);

export const ZThreshold = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('participants'), value: z.number().int().min(1).max(1_000_000) }),
    z.object({ kind: z.literal('units'), value: z.number().int().min(1).max(10_000_000) }),
  ])
  .describe('成团: the campaign succeeds only if this many members pay, or this many units sell');

export const ZCampaignItemInput = z.object({
  skuId: z.string().max(40),
  priceFen: z.number().int().min(1).max(100_000_000).describe('Campaign price per unit, in fen'),
  perMemberLimit: z.number().int().min(1).max(10_000).nullable().default(null),
  cap: z.number().int().min(1).max(10_000_000).describe('At most this many units sold in the campaign'),
});

const Fulfilment = z.enum(['pickup', 'delivery', 'both']);

export const ZCreateCampaignRequest = z
  .object({
    title: z.string().trim().min(1).max(120),
    description: z.string().max(20_000).default(''),
    coverImages: z.array(ImageUrl).max(9).default([]),
    startsAt: Instant,
    endsAt: Instant,
    threshold: ZThreshold.default({ kind: 'none' }),
    fulfilment: Fulfilment.default('pickup'),
    warehouseId: z.string().max(40),
    orgUnitId: z.string().max(40).optional(),
    items: z.array(ZCampaignItemInput).min(1).max(50),
  })
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), { message: 'must be after startsAt', path: ['endsAt'] });

export const ZUpdateCampaignRequest = z
  .object({
    title: z.string().trim().min(1).max(120),
    description: z.string().max(20_000),
    coverImages: z.array(ImageUrl).max(9),
    startsAt: Instant,
    endsAt: Instant,
    threshold: ZThreshold,
    fulfilment: Fulfilment,
    warehouseId: z.string().max(40),
    items: z.array(ZCampaignItemInput).min(1).max(50).describe('Draft only: replaces every item'),
    caps: z.array(z.object({ itemId: z.string().max(40), cap: z.number().int().min(1).max(10_000_000) })).max(50).describe('Change item caps (never below what is sold or held)'),
  })
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to update' });

export const ZCampaignItem = z
  .object({
    id: z.string(),
    skuId: z.string(),
    productId: z.string(),
    title: z.string(),
    specs: z.record(z.string(), z.string()),
    priceFen: z.number().int(),
    perMemberLimit: z.number().int().nullable(),
    cap: z.number().int(),
    reserved: z.number().int().describe('Units held by unpaid orders'),
    sold: z.number().int().describe('Units paid for'),
    left: z.number().int().describe('Units still available: cap − reserved − sold'),
  })
  .meta({ id: 'CampaignItem' });

export const ZCampaignFigures = z
  .object({
    participants: z.number().int().describe('Members with a paid order'),
    paidOrders: z.number().int(),
    unitsSold: z.number().int(),
    gmvFen: z.number().int().describe('Paid minus refunded, in fen'),
  })
  .meta({ id: 'CampaignFigures' });

export const ZCampaign = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    coverImages: z.array(z.string()),
    status: z.enum(CAMPAIGN_STATUSES),
    startsAt: z.string(),
    endsAt: z.string(),
    threshold: z.object({ kind: z.enum(['none', 'participants', 'units']), value: z.number().int() }),
    fulfilment: Fulfilment,
    warehouseId: z.string(),
    orgUnitId: z.string().nullable(),
    createdBy: z.string(),
    publishedAt: z.string().nullable(),
    settledAt: z.string().nullable(),
    canceledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    items: z.array(ZCampaignItem),
    figures: ZCampaignFigures,
  })
  .meta({ id: 'Campaign' });

export const ZListCampaignsQuery = PageQuery.extend({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  q: z.string().trim().max(100).optional(),
});
export const ZCampaignSummary = ZCampaign.omit({ description: true }).meta({ id: 'CampaignSummary' });
export const ZCampaignPage = pageOf(ZCampaignSummary);

export const ZPublicCampaign = z
  .object({
    id: z.string(),
    tenant: z.object({ slug: z.string(), name: z.string() }),
    title: z.string(),
    description: z.string(),
    coverImages: z.array(z.string()),
    status: z.enum(CAMPAIGN_STATUSES),
    startsAt: z.string(),
    endsAt: z.string(),
    serverTime: z.string().describe('For the countdown: the server clock when this was read'),
    threshold: z.object({ kind: z.enum(['none', 'participants', 'units']), value: z.number().int() }),
    fulfilment: Fulfilment,
    items: z.array(
      ZCampaignItem.pick({ id: true, title: true, specs: true, priceFen: true, perMemberLimit: true, cap: true, left: true }).extend({
        sold: z.number().int(),
        myQuantity: z.number().int().optional().describe('For a signed-in member, on items with a per-member limit: units they already hold against it'),
        myPriceFen: z.number().int().optional().describe("For a signed-in member whose tier has a lower price for the item's SKU: what they pay per unit (会员价), in fen"),
        myTierName: z.string().optional().describe('The tier that price belongs to, e.g. 金卡会员'),
      }),
    ),
    participants: z.number().int(),
  })
  .meta({ id: 'PublicCampaign' });

export const ZPublicCampaignCard = z
  .object({
    id: z.string(),
    title: z.string(),
    coverImages: z.array(z.string()),
    status: z.enum(CAMPAIGN_STATUSES),
    startsAt: z.string(),
    endsAt: z.string(),
    minPriceFen: z.number().int(),
    maxPriceFen: z.number().int(),
    itemCount: z.number().int(),
  })
  .meta({ id: 'PublicCampaignCard' });
export const ZPublicCampaignPage = pageOf(ZPublicCampaignCard);

export type CreateCampaignRequest = z.infer<typeof ZCreateCampaignRequest>;
export type UpdateCampaignRequest = z.infer<typeof ZUpdateCampaignRequest>;
export type CampaignDto = z.infer<typeof ZCampaign>;
export type CampaignItemDto = z.infer<typeof ZCampaignItem>;
export type CampaignFigures = z.infer<typeof ZCampaignFigures>;
