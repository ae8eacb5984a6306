import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * Distribution (分销): who referred each order, what each beneficiary earns on it, and a
 * double-entry ledger of that money. Commission slots are the group's leader and at most two
 * referral levels; every table that names a slot allows only these three (a database check).
 */
export const COMMISSION_SLOTS = ['leader', 'level1', 'level2'] as const;
export type CommissionSlot = (typeof COMMISSION_SLOTS)[number];
const slotCheck = (col: unknown) => sql`${col} in ('leader','level1','level2')`;

/** A tenant's distribution rules. One row per tenant, created with defaults on first read. */
export const distributionSettings = pgTable(
  'distribution_settings',
  {
    tenantId: text().notNull().primaryKey(),
    /** first_touch: the first sharer keeps the buyer for `protectionDays`; last_touch: the latest link wins. */
    bindingMode: text().$type<'first_touch' | 'last_touch'>().notNull().default('first_touch'),
    protectionDays: integer().notNull().default(30),
    /** Days after an order completes before its commission becomes available (售后期). */
    afterSaleDays: integer().notNull().default(7),
    level2Enabled: boolean().notNull().default(true),
    /** Whether members who are not approved distributors earn on their referrals. */
    membersEarn: boolean().notNull().default(false),
    payoutMinimumFen: integer().notNull().default(100),
    updatedBy: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('distribution_settings_mode_check', sql`${t.bindingMode} in ('first_touch','last_touch')`),
    check('distribution_settings_days_check', sql`${t.protectionDays} between 0 and 3650 and ${t.afterSaleDays} between 0 and 365 and ${t.payoutMinimumFen} >= 0`),
  ],
);

/** Members who sell for the brand (分销员/帮卖): applied, approved, rejected or suspended. */
export const distributors = pgTable(
  'distributors',
  {
    tenantId: text().notNull(),
    memberId: text().notNull(),
    status: text().$type<'applied' | 'approved' | 'rejected' | 'suspended'>().notNull(),
    realName: text().notNull().default(''),
    reason: text().notNull().default(''),
    /** Where payouts go, e.g. a WeChat account or a bank card; printed on the payout file. */
    payoutAccount: text().notNull().default(''),
    /** 'application' when the member applied, 'invitation' when an operator invited them. */
    origin: text().$type<'application' | 'invitation'>().notNull(),
    decidedBy: text(),
    decidedAt: timestamp({ withTimezone: true }),
    decisionNote: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.memberId] }),
    index('distributors_status_idx').on(t.tenantId, t.status, t.memberId),
    check('distributors_status_check', sql`${t.status} in ('applied','approved','rejected','suspended')`),
    check('distributors_origin_check', sql`${t.origin} in ('application','invitation')`),
  ],
);

/** Referral codes of staff (leaders); members carry theirs on the member record. */
export const staffReferralCodes = pgTable(
  'staff_referral_codes',
  {
    tenantId: text().notNull(),
    userId: text().notNull(),
    code: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), unique('staff_referral_codes_code_key').on(t.tenantId, t.code)],
);

/**
 * Who a member is bound to (锁客) and who first invited them. The binding follows the tenant's
 * rule; the inviter is set once and never changes (it is the referral tree).
 */
export const referralBindings = pgTable(
  'referral_bindings',
  {
    tenantId: text().notNull(),
    memberId: text().notNull(),
    /** A member or user id (the prefix tells which). */
    boundTo: text().notNull(),
    boundCode: text().notNull(),
    boundAt: timestamp({ withTimezone: true }).notNull(),
    boundUntil: timestamp({ withTimezone: true }).notNull(),
    invitedBy: text().notNull(),
    invitedAt: timestamp({ withTimezone: true }).notNull(),
    touches: integer().notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.memberId] }), index('referral_bindings_inviter_idx').on(t.tenantId, t.invitedBy)],
);

/**
 * Attribution of an order line, written when the order is placed and never changed (the database
 * refuses updates). A row exists only for lines with someone to credit. At most two referral levels:
 * there is no column for a third.
 */
export const orderLineReferrals = pgTable(
  'order_line_referrals',
  {
    tenantId: text().notNull(),
    orderLineId: text().notNull(),
    orderId: text().notNull(),
    buyerId: text().notNull(),
    referralCode: text(),
    leaderId: text(),
    level1Id: text(),
    level2Id: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orderLineId] }),
    index('order_line_referrals_order_idx').on(t.tenantId, t.orderId),
    check('order_line_referrals_levels_check', sql`(${t.level2Id} is null or ${t.level1Id} is not null) and ${t.level1Id} is distinct from ${t.buyerId} and ${t.level2Id} is distinct from ${t.buyerId} and (${t.level2Id} is null or ${t.level2Id} <> ${t.level1Id})`),
  ],
);

/** Commission policies: a tenant default and overrides per campaign, product or SKU. */
export const commissionPolicies = pgTable(
  'commission_policies',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    scopeKind: text().$type<'tenant' | 'campaign' | 'product' | 'sku'>().notNull(),
    /** The campaign, product or SKU id; the tenant id for the default. */
    scopeId: text().notNull(),
    note: text().notNull().default(''),
    updatedBy: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('commission_policies_scope_key').on(t.tenantId, t.scopeKind, t.scopeId),
    check('commission_policies_scope_check', sql`${t.scopeKind} in ('tenant','campaign','product','sku')`),
  ],
);

/** One rule of a policy per slot: a rate in basis points of the net paid amount, or a fixed amount per unit. */
export const commissionRules = pgTable(
  'commission_rules',
  {
    tenantId: text().notNull(),
    policyId: text().notNull(),
    slot: text().$type<CommissionSlot>().notNull(),
    method: text().$type<'rate' | 'fixed'>().notNull(),
    rateBps: integer().notNull().default(0),
    fixedFen: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.policyId, t.slot] }),
    check('commission_rules_slot_check', slotCheck(t.slot)),
    check('commission_rules_method_check', sql`(${t.method} = 'rate' and ${t.rateBps} between 0 and 10000 and ${t.fixedFen} = 0) or (${t.method} = 'fixed' and ${t.fixedFen} >= 0 and ${t.rateBps} = 0)`),
  ],
);

/**
 * What each beneficiary is owed on each order line: the rule applied (frozen at the first accrual),
 * what was accrued, what was clawed back, and when it becomes available. The journal is the money;
 * this row is the sub-ledger that says which journal lines belong to which sale.
 */
export const commissionAccruals = pgTable(
  'commission_accruals',
  {
    tenantId: text().notNull(),
    orderLineId: text().notNull(),
    slot: text().$type<CommissionSlot>().notNull(),
    orderId: text().notNull(),
    beneficiaryId: text().notNull(),
    orgUnitId: text(),
    policyId: text(),
    method: text().$type<'rate' | 'fixed'>().notNull(),
    rateBps: integer().notNull().default(0),
    fixedFen: integer().notNull().default(0),
    /** The line's net paid amount and units when first accrued. */
    baseFen: integer().notNull(),
    baseUnits: integer().notNull(),
    /** The line's net paid amount now (lowered by refunds), for sales figures. */
    netBaseFen: integer().notNull(),
    accruedFen: integer().notNull(),
    clawedFen: integer().notNull().default(0),
    releaseDueAt: timestamp({ withTimezone: true }),
    releasedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orderLineId, t.slot] }),
    index('commission_accruals_order_idx').on(t.tenantId, t.orderId),
    index('commission_accruals_beneficiary_idx').on(t.tenantId, t.beneficiaryId, t.createdAt),
    index('commission_accruals_due_idx').on(t.releaseDueAt).where(sql`released_at is null and release_due_at is not null`),
    check('commission_accruals_slot_check', slotCheck(t.slot)),
    check('commission_accruals_money_check', sql`${t.accruedFen} >= 0 and ${t.clawedFen} >= 0 and ${t.clawedFen} <= ${t.accruedFen}`),
  ],
);

export const JOURNAL_KINDS = ['accrual', 'clawback', 'release', 'payout', 'payout_paid', 'payout_canceled'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];
export const LEDGER_ACCOUNTS = ['expense', 'pending', 'available', 'clearing', 'paid'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

/** A journal entry: one business event. Append-only; its postings sum to zero (both checked by the database). */
export const journalEntries = pgTable(
  'journal_entries',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    kind: text().$type<JournalKind>().notNull(),
    orderId: text(),
    payoutBatchId: text(),
    memo: text().notNull().default(''),
    actorType: text().notNull(),
    actorId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('journal_entries_order_idx').on(t.tenantId, t.orderId),
    check('journal_entries_kind_check', sql`${t.kind} in ('accrual','clawback','release','payout','payout_paid','payout_canceled')`),
  ],
);

/**
 * A posting: debit positive, credit negative. Every posting names its beneficiary, so the tenant's
 * expense and clearing accounts are sub-ledgered by person. Append-only.
 */
export const journalPostings = pgTable(
  'journal_postings',
  {
    tenantId: text().notNull(),
    entryId: text().notNull(),
    seq: integer().notNull(),
    beneficiaryId: text().notNull(),
    account: text().$type<LedgerAccount>().notNull(),
    amountFen: integer().notNull(),
    orderId: text(),
    orderLineId: text(),
    slot: text().$type<CommissionSlot>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entryId, t.seq] }),
    index('journal_postings_beneficiary_idx').on(t.tenantId, t.beneficiaryId, t.entryId),
    check('journal_postings_account_check', sql`${t.account} in ('expense','pending','available','clearing','paid')`),
    check('journal_postings_slot_check', sql`${t.slot} is null or ${slotCheck(t.slot)}`),
  ],
);

/**
 * Each beneficiary's balances, kept in the same transaction as the postings (a replay of the journal
 * gives the same figures; tests check it). Amounts are what the tenant owes, so positive.
 */
export const commissionBalances = pgTable(
  'commission_balances',
  {
    tenantId: text().notNull(),
    beneficiaryId: text().notNull(),
    earnedFen: integer().notNull().default(0),
    pendingFen: integer().notNull().default(0),
    availableFen: integer().notNull().default(0),
    inPayoutFen: integer().notNull().default(0),
    paidFen: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.beneficiaryId] }),
    check('commission_balances_sum_check', sql`${t.earnedFen} = ${t.pendingFen} + ${t.availableFen} + ${t.inPayoutFen} + ${t.paidFen}`),
  ],
);

/** A payout batch: every available balance above the minimum when it was made. */
export const payoutBatches = pgTable(
  'payout_batches',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    status: text().$type<'open' | 'paid' | 'canceled'>().notNull().default('open'),
    minimumFen: integer().notNull(),
    totalFen: integer().notNull(),
    itemCount: integer().notNull(),
    reference: text().notNull().default(''),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    paidBy: text(),
    paidAt: timestamp({ withTimezone: true }),
    canceledBy: text(),
    canceledAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), check('payout_batches_status_check', sql`${t.status} in ('open','paid','canceled')`)],
);

export const payoutItems = pgTable(
  'payout_items',
  {
    tenantId: text().notNull(),
    batchId: text().notNull(),
    beneficiaryId: text().notNull(),
    amountFen: integer().notNull(),
    name: text().notNull().default(''),
    phone: text().notNull().default(''),
    payoutAccount: text().notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.batchId, t.beneficiaryId] }), check('payout_items_amount_check', sql`${t.amountFen} > 0`)],
);
