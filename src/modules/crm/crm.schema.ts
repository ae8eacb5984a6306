import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const LIFECYCLE_STAGES = ['new', 'active', 'repeat', 'at_risk', 'dormant', 'churned', 'won_back'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const CHANNELS = ['community', 'ecommerce', 'store'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The order windows a profile keeps counts and spend for (days); segments choose among them. */
export const ORDER_WINDOWS = [30, 90, 180, 365] as const;
export type OrderWindow = (typeof ORDER_WINDOWS)[number];
export const CONSENT_PURPOSES = ['marketing', 'share_contact'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface KocBreakdown {
  gmv1: number;
  gmv2: number;
  buyers: number;
  shareOrders: number;
  helpfulReviews: number;
}

/**
 * One row per person (a member, by phone): the CRM's projection of what the other modules know,
 * kept current from their events and facts. Segments count over this table alone, so every
 * attribute a rule can name is a column or an array here, indexed for it. The id is the member id;
 * a profile merged into another keeps its row (status `merged`, `merged_into`) so links still resolve.
 */
export const crmProfiles = pgTable(
  'crm_profiles',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    status: text().$type<'active' | 'merged' | 'erased'>().notNull().default('active'),
    mergedInto: text(),
    phone: text(),
    name: text().notNull().default(''),
    source: text().notNull().default('self_signup'),
    channels: text().array().$type<Channel[]>().notNull().default(sql`'{}'::text[]`),
    orgUnitIds: text().array().notNull().default(sql`'{}'::text[]`),
    groupIds: text().array().notNull().default(sql`'{}'::text[]`),
    tagIds: text().array().notNull().default(sql`'{}'::text[]`),
    tierId: text(),
    stage: text().$type<LifecycleStage>().notNull().default('new'),
    stageSince: timestamp({ withTimezone: true }).notNull().defaultNow(),
    registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    firstOrderAt: timestamp({ withTimezone: true }),
    lastOrderAt: timestamp({ withTimezone: true }),
    lastEventAt: timestamp({ withTimezone: true }),
    orderCount: integer().notNull().default(0),
    spendFen: bigint({ mode: 'number' }).notNull().default(0),
    orders30d: integer('orders_30d').notNull().default(0),
    spend30d: bigint('spend_30d', { mode: 'number' }).notNull().default(0),
    orders90d: integer('orders_90d').notNull().default(0),
    spend90d: bigint('spend_90d', { mode: 'number' }).notNull().default(0),
    orders180d: integer('orders_180d').notNull().default(0),
    spend180d: bigint('spend_180d', { mode: 'number' }).notNull().default(0),
    orders365d: integer('orders_365d').notNull().default(0),
    spend365d: bigint('spend_365d', { mode: 'number' }).notNull().default(0),
    /** Who brought this person (a distributor's binding, else the member whose invite they joined by). */
    referrerId: text(),
    invitedCount: integer().notNull().default(0),
    /** People this person invited who have bought at least once. */
    invitedBuyers: integer().notNull().default(0),
    kocScore: integer().notNull().default(0),
    /** What the score is made of: GMV referred at depth 1 and 2, invitees who bought, orders through their share links, helpful reviews. */
    koc: jsonb().$type<KocBreakdown>().notNull().default({ gmv1: 0, gmv2: 0, buyers: 0, shareOrders: 0, helpfulReviews: 0 }),
    /** Points in the tier window (when tiers go by points). */
    points: integer().notNull().default(0),
    tierSince: timestamp({ withTimezone: true }),
    /** Since when the person no longer qualifies for their tier: the downgrade waits out the grace period. */
    tierBelowSince: timestamp({ withTimezone: true }),
    /** The latest consent per purpose (the history is in crm_consents). */
    consentMarketing: boolean().notNull().default(false),
    consentShareContact: boolean().notNull().default(false),
    erasedAt: timestamp({ withTimezone: true }),
    /** When the windows or the lifecycle stage will next change with time alone: the refresher looks again then. */
    recheckAt: timestamp({ withTimezone: true }),
    refreshedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('crm_profiles_last_order_idx').on(t.tenantId, t.lastOrderAt),
    // The member list and a segment's first page go newest first: this stops after one page.
    index('crm_profiles_registered_idx').on(t.tenantId, t.registeredAt.desc(), t.id.desc()),
    index('crm_profiles_spend_idx').on(t.tenantId, t.spendFen, t.id),
    index('crm_profiles_stage_idx').on(t.tenantId, t.stage),
    index('crm_profiles_tier_idx').on(t.tenantId, t.tierId),
    index('crm_profiles_koc_idx').on(t.tenantId, t.kocScore, t.id).where(sql`koc_score > 0`),
    index('crm_profiles_referrer_idx').on(t.tenantId, t.referrerId).where(sql`referrer_id is not null`),
    index('crm_profiles_merged_idx').on(t.tenantId, t.mergedInto).where(sql`merged_into is not null`),
    index('crm_profiles_recheck_idx').on(t.recheckAt).where(sql`recheck_at is not null`),
    index('crm_profiles_tags_gin').using('gin', t.tagIds),
    index('crm_profiles_groups_gin').using('gin', t.groupIds),
    index('crm_profiles_org_units_gin').using('gin', t.orgUnitIds),
    check('crm_profiles_status_check', sql`${t.status} in ('active','merged','erased')`),
    check('crm_profiles_stage_check', sql`${t.stage} in ('new','active','repeat','at_risk','dormant','churned','won_back')`),
    check('crm_profiles_merge_check', sql`(${t.status} = 'merged') = (${t.mergedInto} is not null)`),
  ],
);

/** The ways a person is known outside Tuan: chat id, e-commerce buyer id, store card number. */
export const crmIdentities = pgTable(
  'crm_identities',
  {
    tenantId: text().notNull(),
    kind: text().$type<'chat' | 'buyer' | 'store_card'>().notNull(),
    value: text().notNull(),
    profileId: text().notNull(),
    /** Where it was learned: an import, an event batch, the chat webhook. */
    source: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.value] }), index('crm_identities_profile_idx').on(t.tenantId, t.profileId), check('crm_identities_kind_check', sql`${t.kind} in ('chat','buyer','store_card')`)],
);

/**
 * The timeline: social events sent in batches by integrations, and the CRM's record of domain events
 * (orders, joins). `member_id` is who it happened to; `profile_id` is whose profile shows it now
 * (the two differ after a merge). A client event id makes a resent batch add nothing.
 */
export const crmEvents = pgTable(
  'crm_events',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    profileId: text().notNull(),
    memberId: text().notNull(),
    type: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    clientEventId: text(),
    origin: text().$type<'api' | 'domain' | 'console'>().notNull(),
    channel: text(),
    /** What it was about: a campaign, a group, an order. */
    subjectId: text(),
    properties: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('crm_events_client_id_key').on(t.tenantId, t.clientEventId).where(sql`client_event_id is not null`),
    index('crm_events_profile_idx').on(t.tenantId, t.profileId, t.occurredAt),
    // Segment conditions "did X at least k times in N days" scan this range and read the profile from the index.
    index('crm_events_type_idx').on(t.tenantId, t.type, t.occurredAt, t.profileId),
    check('crm_events_origin_check', sql`${t.origin} in ('api','domain','console')`),
  ],
);


/**
 * Profiles whose projection must be recomputed (an event arrived, a fact changed); drained by the
 * refresher. No unique key on purpose: a unique insert would wait for a refresher that has claimed
 * (deleted, not yet committed) the same profile while it waits for the writer's rows — a deadlock.
 * Writers skip a profile already queued, so duplicates stay rare, and the refresher de-duplicates.
 */
export const crmDirty = pgTable(
  'crm_dirty',
  {
    tenantId: text().notNull(),
    profileId: text().notNull(),
    markedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crm_dirty_queue_idx').on(t.tenantId, t.markedAt), index('crm_dirty_profile_idx').on(t.tenantId, t.profileId)],
);

/**
 * Which profiles changed, and in which transaction: a row per inserted, updated or deleted profile,
 * written by statement triggers on `crm_profiles` (migration 0012), so no writer can forget it. The
 * in-memory segment index (profile-index.ts) reads the changes since its last look by transaction id
 * — every transaction older than a snapshot's xmin has finished, so nothing is skipped — and applies
 * them before it counts. Pruned after an hour; an index that has not looked for that long is rebuilt.
 */
export const crmProfileChanges = pgTable(
  'crm_profile_changes',
  {
    tenantId: text().notNull(),
    /** The writing transaction's id (pg_current_xact_id()). */
    xid: bigint({ mode: 'number' }).notNull(),
    profileId: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crm_profile_changes_xid_idx').on(t.tenantId, t.xid), index('crm_profile_changes_at_idx').on(t.at)],
);

export const crmTagGroups = pgTable(
  'crm_tag_groups',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('crm_tag_groups_name_key').on(t.tenantId, t.name)],
);

/**
 * A tag (标签). Manual tags are applied by people; a rule tag's members are exactly the profiles its
 * rule matches (a segment rule that may name manual tags only), kept current like a saved segment.
 */
export const crmTags = pgTable(
  'crm_tags',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    groupId: text(),
    name: text().notNull(),
    color: text().notNull().default('blue'),
    kind: text().$type<'manual' | 'rule'>().notNull(),
    rule: jsonb(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    refreshedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('crm_tags_name_key').on(t.tenantId, t.name),
    check('crm_tags_kind_check', sql`${t.kind} in ('manual','rule') and (${t.kind} = 'rule') = (${t.rule} is not null)`),
  ],
);

/** A saved segment (用户细分): a rule, and its membership kept current. */
export const crmSegments = pgTable(
  'crm_segments',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    rule: jsonb().notNull(),
    memberCount: integer().notNull().default(0),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    refreshedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex('crm_segments_name_key').on(t.tenantId, t.name)],
);

export const crmSegmentMembers = pgTable(
  'crm_segment_members',
  {
    tenantId: text().notNull(),
    segmentId: text().notNull(),
    profileId: text().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.segmentId, t.profileId] }), index('crm_segment_members_profile_idx').on(t.tenantId, t.profileId)],
);

/** Each change of a profile's lifecycle stage. */
export const crmStageHistory = pgTable(
  'crm_stage_history',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    profileId: text().notNull(),
    fromStage: text(),
    toStage: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('crm_stage_history_profile_idx').on(t.tenantId, t.profileId, t.at)],
);

/** How many profiles stood in each stage at the end of each day (written by the daily job). */
export const crmStageDaily = pgTable(
  'crm_stage_daily',
  {
    tenantId: text().notNull(),
    day: text().notNull(),
    stage: text().notNull(),
    profiles: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.stage] })],
);

/** Per-tenant CRM settings: lifecycle thresholds and tier rules. */
export const crmSettings = pgTable('crm_settings', {
  tenantId: text().primaryKey(),
  lifecycle: jsonb(),
  tiers: jsonb(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: text(),
});

/**
 * Consent per purpose, append-only: each grant and withdrawal with when, where it came from (the
 * member's page, a form at the store, an integration) and who recorded it. The latest row wins.
 */
export const crmConsents = pgTable(
  'crm_consents',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    profileId: text().notNull(),
    memberId: text().notNull(),
    purpose: text().$type<ConsentPurpose>().notNull(),
    granted: boolean().notNull(),
    source: text().notNull(),
    note: text().notNull().default(''),
    recordedBy: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('crm_consents_profile_idx').on(t.tenantId, t.profileId, t.purpose, t.at),
    check('crm_consents_purpose_check', sql`${t.purpose} in ('marketing','share_contact')`),
  ],
);

/** Each change of a profile's tier: upgrades as they qualify, downgrades after the grace period. */
export const crmTierHistory = pgTable(
  'crm_tier_history',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    profileId: text().notNull(),
    fromTier: text(),
    toTier: text(),
    reason: text().$type<'upgrade' | 'downgrade' | 'rules'>().notNull(),
    metric: integer().notNull().default(0),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('crm_tier_history_profile_idx').on(t.tenantId, t.profileId, t.at)],
);

/** A campaign aimed at segments: their members see it under "for you" (为你推荐). */
export const crmCampaignAudiences = pgTable(
  'crm_campaign_audiences',
  {
    tenantId: text().notNull(),
    campaignId: text().notNull(),
    segmentId: text().notNull(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.campaignId, t.segmentId] }), index('crm_campaign_audiences_segment_idx').on(t.tenantId, t.segmentId)],
);
