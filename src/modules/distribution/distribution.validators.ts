import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';
import { JOURNAL_KINDS, LEDGER_ACCOUNTS } from './distribution.schema';

const Id = z.string().min(1).max(40);

export const ZSettings = z
  .object({
    bindingMode: z.enum(['first_touch', 'last_touch']).describe('first_touch: the first sharer keeps the buyer for protectionDays; last_touch: the latest link wins'),
    protectionDays: z.number().int().min(0).max(3650).describe('How long a binding protects the sharer'),
    afterSaleDays: z.number().int().min(0).max(365).describe('Days after completion before commission becomes available (售后期)'),
    level2Enabled: z.boolean().describe("Whether the referrer's own referrer earns (level 2)"),
    membersEarn: z.boolean().describe('Whether members who are not approved distributors earn on their referrals'),
    payoutMinimumFen: z.number().int().min(0).max(100_000_000).describe('Default minimum balance for a payout batch'),
  })
  .meta({ id: 'DistributionSettings' });
export const ZSettingsPatch = ZSettings.partial().strict();

/** One slot's rule: a rate in basis points (100 = 1%) of the net paid amount, or a fixed amount per unit. */
export const ZRule = z
  .discriminatedUnion('method', [
    z.object({ method: z.literal('rate'), rateBps: z.number().int().min(0, { message: 'a rate cannot be negative' }).max(10_000, { message: 'a rate cannot be over 100% (10000 bps)' }) }).strict(),
    z.object({ method: z.literal('fixed'), fixedFen: z.number().int().min(0, { message: 'an amount cannot be negative' }).max(100_000_000) }).strict(),
  ])
  .meta({ id: 'CommissionRule' });

export const ZPolicyScope = z.object({
  kind: z.enum(['tenant', 'campaign', 'product', 'sku']),
  id: Id.optional().describe('The campaign, product or SKU id; omitted for the tenant default'),
});

/**
 * The slots a policy can pay: the group's leader and two referral levels. Any other key (a third
 * level) is refused: distribution in China stops at two levels.
 */
export const ZPolicyRules = z
  .object({ leader: ZRule.optional(), level1: ZRule.optional(), level2: ZRule.optional() })
  .strict()
  .meta({ id: 'CommissionRules' });

export const ZSetPolicyRequest = z.object({ scope: ZPolicyScope, rules: ZPolicyRules, note: z.string().trim().max(200).default('') });

export const ZPolicy = z
  .object({
    id: z.string(),
    scope: z.object({ kind: z.enum(['tenant', 'campaign', 'product', 'sku']), id: z.string(), label: z.string() }),
    rules: ZPolicyRules,
    note: z.string(),
    updatedBy: z.string(),
    updatedByName: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CommissionPolicy' });

export const ZGetPolicyQuery = z.object({
  scope: z.enum(['tenant', 'campaign', 'product', 'sku']).default('tenant'),
  id: Id.optional(),
});
export const ZPolicyView = z.object({
  policy: ZPolicy.nullable().describe('The policy set at exactly this scope, if any'),
  effective: z
    .object({ rules: ZPolicyRules, from: z.enum(['tenant', 'campaign', 'product', 'sku', 'none']) })
    .describe('What applies here once more general policies are taken into account (SKU, then product, then campaign, then the tenant default)'),
});
export const ZPolicyList = z.object({ items: z.array(ZPolicy) });

export const ZDistributorStatus = z.enum(['applied', 'approved', 'rejected', 'suspended']);
export const ZDistributor = z
  .object({
    memberId: z.string(),
    phone: z.string().describe('Masked for leaders'),
    name: z.string(),
    referralCode: z.string().nullable(),
    status: ZDistributorStatus,
    origin: z.enum(['application', 'invitation']),
    realName: z.string(),
    reason: z.string(),
    payoutAccount: z.string(),
    decidedBy: z.string().nullable(),
    decidedByName: z.string(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string(),
    createdAt: z.string(),
    balance: z.object({ earnedFen: z.number().int(), pendingFen: z.number().int(), availableFen: z.number().int(), inPayoutFen: z.number().int(), paidFen: z.number().int() }),
  })
  .meta({ id: 'Distributor' });
export const ZDistributorPage = pageOf(ZDistributor);
export const ZListDistributorsQuery = PageQuery.extend({ status: ZDistributorStatus.optional(), q: z.string().trim().max(50).optional().describe('Phone or name') });

const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, { message: 'a mainland mobile number' });
export const ZApplyDistributorRequest = z.object({
  realName: z.string().trim().min(1).max(50),
  reason: z.string().trim().max(500).default(''),
  payoutAccount: z.string().trim().max(100).default('').describe('Where payouts go (a WeChat account, a bank card)'),
});
export const ZUpdateDistributorProfileRequest = z
  .object({ realName: z.string().trim().min(1).max(50).optional(), payoutAccount: z.string().trim().max(100).optional() })
  .refine((v) => v.realName !== undefined || v.payoutAccount !== undefined, { message: 'nothing to change' });
export const ZInviteDistributorRequest = z.object({ phone: Phone, realName: z.string().trim().max(50).default(''), payoutAccount: z.string().trim().max(100).default(''), note: z.string().trim().max(200).default('') });
export const ZDecisionRequest = z.object({ note: z.string().trim().max(200).default('') }).default({ note: '' });

export const ZBalance = z
  .object({
    beneficiaryId: z.string(),
    kind: z.enum(['member', 'user']),
    name: z.string(),
    phone: z.string().describe('Members only; masked for leaders'),
    earnedFen: z.number().int().describe('All commission accrued, net of claw-backs'),
    pendingFen: z.number().int().describe('In the after-sale window'),
    availableFen: z.number().int().describe('May be negative after a claw-back of money already paid out'),
    inPayoutFen: z.number().int(),
    paidFen: z.number().int(),
  })
  .meta({ id: 'CommissionBalance' });
export const ZBalancePage = pageOf(ZBalance);
export const ZListBalancesQuery = PageQuery.extend({
  q: z.string().trim().max(50).optional().describe('Name or phone'),
  sort: z.enum(['earned', 'available', 'pending', 'paid']).default('earned'),
});

export const ZPosting = z.object({
  seq: z.number().int(),
  beneficiaryId: z.string(),
  beneficiaryName: z.string(),
  account: z.enum(LEDGER_ACCOUNTS),
  amountFen: z.number().int().describe('Debit positive, credit negative'),
  orderId: z.string().nullable(),
  orderLineId: z.string().nullable(),
  slot: z.enum(['leader', 'level1', 'level2']).nullable(),
});
export const ZJournalEntry = z
  .object({
    id: z.string(),
    kind: z.enum(JOURNAL_KINDS),
    orderId: z.string().nullable(),
    payoutBatchId: z.string().nullable(),
    memo: z.string(),
    actorType: z.string(),
    actorId: z.string(),
    actorName: z.string().describe("The staff user's name; empty for the system"),
    createdAt: z.string(),
    postings: z.array(ZPosting),
  })
  .meta({ id: 'JournalEntry' });
export const ZJournalPage = pageOf(ZJournalEntry);
export const ZListLedgerQuery = PageQuery.extend({
  beneficiaryId: Id.optional(),
  orderId: Id.optional(),
  kind: z.enum(JOURNAL_KINDS).optional(),
});

export const ZStatementLine = z
  .object({
    orderLineId: z.string(),
    orderId: z.string(),
    slot: z.enum(['leader', 'level1', 'level2']),
    campaignTitle: z.string(),
    itemTitle: z.string(),
    buyer: z.string().describe('Masked'),
    orderStatus: z.string(),
    placedAt: z.string(),
    method: z.enum(['rate', 'fixed']),
    rateBps: z.number().int(),
    fixedFen: z.number().int(),
    baseFen: z.number().int().describe('Net paid amount of the line when accrued'),
    lineTotalFen: z.number().int(),
    refundedFen: z.number().int(),
    accruedFen: z.number().int(),
    clawedFen: z.number().int(),
    netFen: z.number().int(),
    state: z.enum(['pending', 'available', 'reversed']).describe('reversed: clawed back in full'),
    releaseDueAt: z.string().nullable(),
    releasedAt: z.string().nullable(),
    accruedAt: z.string(),
  })
  .meta({ id: 'StatementLine' });
export const ZStatement = z
  .object({
    beneficiary: ZBalance,
    lines: pageOf(ZStatementLine),
    totals: z.object({ lines: z.number().int(), accruedFen: z.number().int(), clawedFen: z.number().int(), netFen: z.number().int() }).describe('Over every line in the period, not only this page'),
  })
  .meta({ id: 'Statement' });
export const ZStatementQuery = PageQuery.extend({
  from: z.coerce.date().optional().describe('Accrued on or after'),
  to: z.coerce.date().optional().describe('Accrued before'),
  state: z.enum(['pending', 'available', 'reversed']).optional(),
});

export const ZPayoutItem = z.object({ beneficiaryId: z.string(), name: z.string(), phone: z.string(), payoutAccount: z.string(), amountFen: z.number().int() });
export const ZPayoutBatch = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'paid', 'canceled']),
    minimumFen: z.number().int(),
    totalFen: z.number().int(),
    itemCount: z.number().int(),
    reference: z.string(),
    createdBy: z.string(),
    createdByName: z.string(),
    createdAt: z.string(),
    paidBy: z.string().nullable(),
    paidByName: z.string(),
    paidAt: z.string().nullable(),
    canceledAt: z.string().nullable(),
    items: z.array(ZPayoutItem).optional(),
  })
  .meta({ id: 'PayoutBatch' });
export const ZPayoutBatchPage = pageOf(ZPayoutBatch);
export const ZCreatePayoutBatchRequest = z.object({ minimumFen: z.number().int().min(1).max(100_000_000).optional().describe('Defaults to the tenant setting') }).default({});
export const ZMarkPaidRequest = z.object({ reference: z.string().trim().max(100).default('').describe('The transfer reference from the payment channel') }).default({ reference: '' });

export const ZTeamReportQuery = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  groupBy: z.enum(['org_unit', 'beneficiary']).default('org_unit'),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export const ZTeamReportRow = z.object({
  key: z.string().describe('Org unit or beneficiary id'),
  label: z.string(),
  orders: z.number().int(),
  netSalesFen: z.number().int().describe('Net paid amount of the lines that earned commission'),
  leaderFen: z.number().int(),
  level1Fen: z.number().int(),
  level2Fen: z.number().int(),
  totalFen: z.number().int(),
});
export const ZTeamReport = z.object({ groupBy: z.enum(['org_unit', 'beneficiary']), rows: z.array(ZTeamReportRow), totals: ZTeamReportRow.omit({ key: true, label: true }) }).meta({ id: 'TeamCommissionReport' });

export const ZReferralLinkQuery = z.object({ campaignId: Id.optional() });
export const ZReferralLink = z
  .object({
    code: z.string(),
    url: z.string().describe('A link to the member page that carries the code (?ref=)'),
    qrSvg: z.string().describe('The link as an SVG QR code'),
    campaign: z.object({ id: z.string(), title: z.string() }).nullable(),
  })
  .meta({ id: 'ReferralLink' });

export const ZTouchRequest = z.object({ code: z.string().trim().regex(/^[A-Za-z0-9]{4,16}$/, { message: '4–16 letters or digits' }) });
export const ZTouchResult = z.object({ boundTo: z.string().nullable().describe('Masked name of who the member is bound to now'), boundUntil: z.string().nullable(), changed: z.boolean() });

export const ZMyEarnings = z
  .object({
    distributor: z.object({ status: ZDistributorStatus, realName: z.string(), payoutAccount: z.string(), decisionNote: z.string() }).nullable(),
    referralCode: z.string().nullable(),
    balance: ZBalance.omit({ beneficiaryId: true, kind: true, name: true, phone: true }),
    referredMembers: z.number().int().describe('Members who were first invited by this member'),
    canEarn: z.boolean().describe('Whether referrals earn commission now (an approved distributor, or the tenant pays members)'),
  })
  .meta({ id: 'MyEarnings' });
