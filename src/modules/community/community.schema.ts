import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';

export const GROUP_TYPES = ['retail', 'fan', 'store'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];
export const GROUP_STATUSES = ['active', 'muted', 'archived'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/**
 * A chat group (群) as a record: the unit of community retail. Retail groups sell, fan groups are
 * measured by engagement, store groups (店+群) belong to a store. It belongs to one org unit.
 */
export const groups = pgTable(
  'groups',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    orgUnitId: text().notNull(),
    type: text().$type<GroupType>().notNull(),
    name: text().notNull(),
    /** What a member gains by joining: shown on the join page. */
    purpose: text().notNull().default(''),
    /** 群规: the member accepts them to join. */
    rules: text().notNull().default(''),
    capacity: integer().notNull().default(500),
    /** Warnings after which a member is muted automatically by moderation. */
    warnLimit: integer().notNull().default(3),
    status: text().$type<GroupStatus>().notNull().default('active'),
    /** The chat platform's id for this group, when one is linked. */
    externalId: text(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('groups_org_unit_idx').on(t.tenantId, t.orgUnitId),
    uniqueIndex('groups_external_id_key').on(t.tenantId, t.externalId).where(sql`external_id is not null`),
    check('groups_type_check', sql`${t.type} in ('retail','fan','store')`),
    check('groups_status_check', sql`${t.status} in ('active','muted','archived')`),
    check('groups_capacity_check', sql`${t.capacity} between 1 and 100000 and ${t.warnLimit} between 1 and 100`),
  ],
);

/** The leaders (staff users with the leader role) who run a group. */
export const groupLeaders = pgTable(
  'group_leaders',
  {
    tenantId: text().notNull(),
    groupId: text().notNull(),
    userId: text().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.groupId, t.userId] }),
    index('group_leaders_user_idx').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete('cascade'),
  ],
);

export const JOIN_SOURCES = ['official', 'operator_contacts', 'member_referral', 'offline_event', 'import'] as const;
export type JoinSource = (typeof JOIN_SOURCES)[number];
export const ROSTER_STATUSES = ['active', 'muted', 'removed', 'banned', 'left'] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];

/** Invite links (and their QR codes): per group, per leader or per member, each with its source. */
export const groupInvites = pgTable(
  'group_invites',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    /** The short code in the link: /m/join/CODE. */
    code: text().notNull(),
    groupId: text().notNull(),
    source: text().$type<JoinSource>().notNull(),
    /** The offline event's name, for source offline_event. */
    eventName: text().notNull().default(''),
    /** Who brought people through this link: a leader or operator (user) or a member. */
    referrerType: text().$type<'user' | 'member'>(),
    referrerId: text(),
    label: text().notNull().default(''),
    maxUses: integer(),
    uses: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdByType: text().$type<'user' | 'token' | 'member' | 'system'>().notNull(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('group_invites_code_key').on(t.tenantId, t.code),
    index('group_invites_group_idx').on(t.tenantId, t.groupId, t.id),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }),
    check('group_invites_source_check', sql`${t.source} in ('official','operator_contacts','member_referral','offline_event','import')`),
    check('group_invites_uses_check', sql`${t.uses} >= 0 and (${t.maxUses} is null or ${t.uses} <= ${t.maxUses})`),
  ],
);

/** The roster: one row per member per group, keeping how and when they came and where they stand. */
export const groupMembers = pgTable(
  'group_members',
  {
    tenantId: text().notNull(),
    groupId: text().notNull(),
    memberId: text().notNull(),
    status: text().$type<RosterStatus>().notNull().default('active'),
    source: text().$type<JoinSource>().notNull(),
    eventName: text().notNull().default(''),
    referrerType: text().$type<'user' | 'member'>(),
    referrerId: text(),
    inviteId: text(),
    joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    rulesAcceptedAt: timestamp({ withTimezone: true }),
    warnings: integer().notNull().default(0),
    /** Why the status last changed (a removal or ban reason), by whom and when. */
    statusReason: text().notNull().default(''),
    statusChangedBy: text(),
    statusChangedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.groupId, t.memberId] }),
    index('group_members_member_idx').on(t.tenantId, t.memberId),
    index('group_members_group_joined_idx').on(t.tenantId, t.groupId, t.joinedAt),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }),
    check('group_members_status_check', sql`${t.status} in ('active','muted','removed','banned','left')`),
    check('group_members_source_check', sql`${t.source} in ('official','operator_contacts','member_referral','offline_event','import')`),
    check('group_members_warnings_check', sql`${t.warnings} >= 0`),
  ],
);

/** Keyword rules: tenant-wide (group_id null) or for one group; a match blocks or warns. */
export const moderationRules = pgTable(
  'moderation_rules',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    groupId: text(),
    keyword: text().notNull(),
    action: text().$type<'block' | 'warn'>().notNull(),
    note: text().notNull().default(''),
    active: integer().notNull().default(1),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('moderation_rules_group_idx').on(t.tenantId, t.groupId),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }),
    check('moderation_rules_action_check', sql`${t.action} in ('block','warn')`),
  ],
);

export const MODERATION_KINDS = ['message_blocked', 'message_warned', 'member_muted', 'member_unmuted', 'member_removed', 'member_banned', 'member_unbanned'] as const;
export type ModerationKind = (typeof MODERATION_KINDS)[number];

/** The moderation log: every violation found and every action taken on a member, by whom. */
export const moderationEvents = pgTable(
  'moderation_events',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    groupId: text().notNull(),
    memberId: text(),
    kind: text().$type<ModerationKind>().notNull(),
    ruleId: text(),
    keyword: text(),
    /** The message that matched (kept short). */
    excerpt: text().notNull().default(''),
    reason: text().notNull().default(''),
    actorType: text().notNull(),
    actorId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('moderation_events_group_idx').on(t.tenantId, t.groupId, t.id),
    check('moderation_events_kind_check', sql`${t.kind} in ('message_blocked','message_warned','member_muted','member_unmuted','member_removed','member_banned','member_unbanned')`),
  ],
);

export const LEADER_STATUSES = ['applied', 'approved', 'rejected', 'suspended'] as const;
export type LeaderStatus = (typeof LEADER_STATUSES)[number];

/**
 * 团长 profiles. A member applies; an operator approves, which gives them a staff account with the
 * leader role (user_id). Leaders made directly as staff users have a profile with origin 'staff'.
 */
export const leaderProfiles = pgTable(
  'leader_profiles',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    memberId: text(),
    userId: text(),
    status: text().$type<LeaderStatus>().notNull(),
    origin: text().$type<'application' | 'staff'>().notNull(),
    realName: text().notNull(),
    phone: text().notNull(),
    email: text().notNull(),
    orgUnitId: text().notNull(),
    /** Who they are and where they would serve: the operator reads it to decide. */
    intro: text().notNull().default(''),
    decidedBy: text(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('leader_profiles_user_key').on(t.tenantId, t.userId).where(sql`user_id is not null`),
    uniqueIndex('leader_profiles_member_key').on(t.tenantId, t.memberId).where(sql`member_id is not null`),
    check('leader_profiles_status_check', sql`${t.status} in ('applied','approved','rejected','suspended')`),
    check('leader_profiles_user_check', sql`${t.status} not in ('approved','suspended') or ${t.userId} is not null`),
  ],
);

/** A leader's pickup point (自提点): where members collect group-buy orders. */
export const pickupPoints = pgTable(
  'pickup_points',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    leaderId: text().notNull(),
    orgUnitId: text().notNull(),
    name: text().notNull(),
    address: text().notNull(),
    openingHours: text().notNull().default(''),
    contactName: text().notNull().default(''),
    contactPhone: text().notNull().default(''),
    /** Orders the point can hold for one delivery batch. */
    capacity: integer().notNull().default(100),
    status: text().$type<'active' | 'closed'>().notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('pickup_points_leader_idx').on(t.tenantId, t.leaderId),
    check('pickup_points_status_check', sql`${t.status} in ('active','closed')`),
    check('pickup_points_capacity_check', sql`${t.capacity} between 1 and 100000`),
  ],
);

export const IMPORT_STATUSES = ['running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * A bulk member import (CSV or XLSX): e-commerce buyers handed to the community team, say. Rows are
 * committed a chunk at a time, each row whole or not at all; the counters show progress while it runs.
 */
export const memberImports = pgTable(
  'member_imports',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    groupId: text(),
    filename: text().notNull().default(''),
    format: text().$type<'csv' | 'xlsx'>().notNull(),
    status: text().$type<ImportStatus>().notNull().default('running'),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    createdRows: integer().notNull().default(0),
    matchedRows: integer().notNull().default(0),
    joinedRows: integer().notNull().default(0),
    duplicateRows: integer().notNull().default(0),
    failedRows: integer().notNull().default(0),
    error: text(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Touched by every committed chunk: a running import not touched for minutes was interrupted. */
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check('member_imports_status_check', sql`${t.status} in ('running','done','failed')`),
    check('member_imports_format_check', sql`${t.format} in ('csv','xlsx')`),
  ],
);

export const IMPORT_ROW_OUTCOMES = ['created', 'matched', 'duplicate', 'failed'] as const;
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number];

/**
 * The report of an import, one row per file row: created (a new member), matched (an existing
 * member by phone), duplicate (the phone appeared earlier in the file), failed (with the reason).
 * It keeps the channel and order dates the file carried, for the CRM.
 */
export const memberImportRows = pgTable(
  'member_import_rows',
  {
    tenantId: text().notNull(),
    importId: text().notNull(),
    rowNumber: integer().notNull(),
    outcome: text().$type<ImportRowOutcome>().notNull(),
    reason: text().notNull().default(''),
    memberId: text(),
    joined: integer().notNull().default(0),
    phone: text().notNull().default(''),
    name: text().notNull().default(''),
    channel: text().notNull().default(''),
    externalId: text().notNull().default(''),
    firstOrderAt: timestamp({ withTimezone: true }),
    lastOrderAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.importId, t.rowNumber] }),
    index('member_import_rows_outcome_idx').on(t.tenantId, t.importId, t.outcome, t.rowNumber),
    index('member_import_rows_member_idx').on(t.tenantId, t.memberId).where(sql`member_id is not null`),
    check('member_import_rows_outcome_check', sql`${t.outcome} in ('created','matched','duplicate','failed')`),
  ],
);

/** A campaign published to a group: members of the group see it, and orders from it record the group. */
export const campaignGroups = pgTable(
  'campaign_groups',
  {
    tenantId: text().notNull(),
    campaignId: text().notNull(),
    groupId: text().notNull(),
    publishedBy: text().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Paused in this group (by a playbook): orders from the group are refused until it resumes. */
    pausedAt: timestamp({ withTimezone: true }),
    pausedByRun: text(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.campaignId, t.groupId] }),
    index('campaign_groups_group_idx').on(t.tenantId, t.groupId, t.publishedAt),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }),
  ],
);

export const PLAYBOOK_STEP_KINDS = ['pause_campaigns', 'post_announcement', 'mute_group', 'notify_operator'] as const;
export type PlaybookStepKind = (typeof PLAYBOOK_STEP_KINDS)[number];
export interface PlaybookStep {
  kind: PlaybookStepKind;
  /** The announcement, or the note to the operator. */
  text?: string;
}

/** 突发预案: named steps to run on a group in trouble (a food-safety rumour, a spam wave). */
export const playbooks = pgTable(
  'playbooks',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    steps: jsonb().$type<PlaybookStep[]>().notNull(),
    active: integer().notNull().default(1),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique('playbooks_name_key').on(t.tenantId, t.name)],
);

export interface PlaybookLogEntry {
  step: number;
  kind: PlaybookStepKind;
  status: 'done' | 'skipped' | 'undone';
  detail: string;
  /** What undo needs: the campaigns paused, the group's status before. */
  undo?: { campaignIds?: string[]; previousStatus?: string } | undefined;
  undoable: boolean;
  at: string;
}

/** One run of a playbook on a group: its log, step by step, and whether it was undone. */
export const playbookRuns = pgTable(
  'playbook_runs',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    playbookId: text().notNull(),
    groupId: text().notNull(),
    status: text().$type<'done' | 'undone'>().notNull().default('done'),
    log: jsonb().$type<PlaybookLogEntry[]>().notNull(),
    startedBy: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    undoneBy: text(),
    undoneAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('playbook_runs_group_idx').on(t.tenantId, t.groupId, t.id),
    foreignKey({ columns: [t.tenantId, t.playbookId], foreignColumns: [playbooks.tenantId, playbooks.id] }),
    check('playbook_runs_status_check', sql`${t.status} in ('done','undone')`),
  ],
);

/** Announcements posted to a group (by a playbook or by hand); the chat integration posts them. */
export const groupAnnouncements = pgTable(
  'group_announcements',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    groupId: text().notNull(),
    text: text().notNull(),
    runId: text(),
    postedBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('group_announcements_group_idx').on(t.tenantId, t.groupId, t.id)],
);

/**
 * The chat platform's side: the secret its webhook calls are signed with (one per tenant), the
 * people it knows by its own ids, and the events already handled (a resent event changes nothing).
 */
export const chatIntegrations = pgTable(
  'chat_integrations',
  {
    tenantId: text().notNull(),
    platform: text().notNull().default('generic'),
    secret: text().notNull(),
    createdBy: text().notNull(),
    rotatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);

export const chatIdentities = pgTable(
  'chat_identities',
  {
    tenantId: text().notNull(),
    externalUserId: text().notNull(),
    memberId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.externalUserId] }), index('chat_identities_member_idx').on(t.tenantId, t.memberId)],
);

export const chatEvents = pgTable(
  'chat_events',
  {
    tenantId: text().notNull(),
    eventId: text().notNull(),
    type: text().notNull(),
    groupId: text(),
    memberId: text(),
    outcome: jsonb().$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId] })],
);
