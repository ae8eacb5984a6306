import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Stored states. What callers see adds time: a `published` campaign is `scheduled` before its
 * start, `live` until its end, then `ended` until the closing job settles it as succeeded or failed.
 */
export const CAMPAIGN_STORED_STATUSES = ['draft', 'published', 'succeeded', 'failed', 'canceled'] as const;
export type CampaignStoredStatus = (typeof CAMPAIGN_STORED_STATUSES)[number];

export const campaigns = pgTable(
  'campaigns',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    coverImages: jsonb().$type<string[]>().notNull().default([]),
    status: text().$type<CampaignStoredStatus>().notNull().default('draft'),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    /** 成团: none, a minimum number of paying members, or a minimum number of units sold. */
    thresholdKind: text().$type<'none' | 'participants' | 'units'>().notNull().default('none'),
    thresholdValue: integer().notNull().default(0),
    fulfilment: text().$type<'pickup' | 'delivery' | 'both'>().notNull().default('pickup'),
    warehouseId: text().notNull(),
    /** The org unit the campaign belongs to, for operators' and leaders' scope. */
    orgUnitId: text(),
    createdBy: text().notNull(),
    createdByRole: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }),
    settledAt: timestamp({ withTimezone: true }),
    canceledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('campaigns_due_idx').on(t.endsAt).where(sql`status = 'published'`),
    check('campaigns_status_check', sql`${t.status} in ('draft','published','succeeded','failed','canceled')`),
    check('campaigns_window_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('campaigns_threshold_check', sql`${t.thresholdKind} in ('none','participants','units') and ${t.thresholdValue} >= 0`),
    check('campaigns_fulfilment_check', sql`${t.fulfilment} in ('pickup','delivery','both')`),
  ],
);

/**
 * A SKU on sale in a campaign. `reserved` counts units held by unpaid orders, `sold` units paid for;
 * together they never pass `cap`, which the database itself enforces.
 */
export const campaignItems = pgTable(
  'campaign_items',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    campaignId: text().notNull(),
    skuId: text().notNull(),
    productId: text().notNull(),
    title: text().notNull(),
    specs: jsonb().$type<Record<string, string>>().notNull().default({}),
    priceFen: integer().notNull(),
    perMemberLimit: integer(),
    cap: integer().notNull(),
    reserved: integer().notNull().default(0),
    sold: integer().notNull().default(0),
    position: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('campaign_items_campaign_idx').on(t.tenantId, t.campaignId),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }),
    check('campaign_items_units_check', sql`${t.reserved} >= 0 and ${t.sold} >= 0 and ${t.reserved} + ${t.sold} <= ${t.cap}`),
    check('campaign_items_price_check', sql`${t.priceFen} >= 0`),
    check('campaign_items_limit_check', sql`${t.perMemberLimit} is null or ${t.perMemberLimit} > 0`),
  ],
);

/** Units each member holds of a campaign item across all their live orders, for per-member limits. */
export const campaignMemberUnits = pgTable(
  'campaign_member_units',
  {
    tenantId: text().notNull(),
    campaignItemId: text().notNull(),
    memberId: text().notNull(),
    quantity: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.campaignItemId, t.memberId] }), check('campaign_member_units_check', sql`${t.quantity} >= 0`)],
);
