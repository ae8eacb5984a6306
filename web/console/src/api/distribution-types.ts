import { type BalanceFigures, type CommissionSlot, type DistributorStatus, type StatementLine } from '../../../shared/distribution-types';

export { COMMISSION_SLOTS, DISTRIBUTOR_STATUSES, LINE_STATES } from '../../../shared/distribution-types';
export type { BalanceFigures, CommissionSlot, DistributorStatus, LineState, MyEarnings, ReferralLink, StatementLine } from '../../../shared/distribution-types';
/**
 * Shapes of the distribution (分销) API as the console uses them, mirroring
 * src/modules/distribution/distribution.validators.ts. Money is integer fen; rates are basis points.
 */

export type BindingMode = 'first_touch' | 'last_touch';

export interface DistributionSettings {
  bindingMode: BindingMode;
  protectionDays: number;
  afterSaleDays: number;
  level2Enabled: boolean;
  membersEarn: boolean;
  payoutMinimumFen: number;
}

export type CommissionRule = { method: 'rate'; rateBps: number } | { method: 'fixed'; fixedFen: number };

/** The slots a policy can pay: the group's leader and two referral levels, never a third. */

export type CommissionRules = Partial<Record<CommissionSlot, CommissionRule>>;

export type PolicyScopeKind = 'tenant' | 'campaign' | 'product' | 'sku';

export interface CommissionPolicy {
  id: string;
  scope: { kind: PolicyScopeKind; id: string; label: string };
  rules: CommissionRules;
  note: string;
  updatedBy: string;
  updatedByName: string;
  updatedAt: string;
}

export interface PolicyView {
  policy: CommissionPolicy | null;
  effective: { rules: CommissionRules; from: PolicyScopeKind | 'none' };
}

export interface SetPolicyRequest {
  scope: { kind: PolicyScopeKind; id?: string };
  rules: CommissionRules;
  note?: string;
}


export interface Distributor {
  memberId: string;
  phone: string;
  name: string;
  referralCode: string | null;
  status: DistributorStatus;
  origin: 'application' | 'invitation';
  realName: string;
  reason: string;
  payoutAccount: string;
  decidedBy: string | null;
  decidedByName: string;
  decidedAt: string | null;
  decisionNote: string;
  createdAt: string;
  balance: BalanceFigures;
}

export type DistributorDecision = 'approve' | 'reject' | 'suspend' | 'reinstate';

export interface CommissionBalance extends BalanceFigures {
  beneficiaryId: string;
  kind: 'member' | 'user';
  name: string;
  phone: string;
}

export type BalanceSort = 'earned' | 'available' | 'pending' | 'paid';

export const JOURNAL_KINDS = ['accrual', 'clawback', 'release', 'payout', 'payout_paid', 'payout_canceled'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];
export const LEDGER_ACCOUNTS = ['expense', 'pending', 'available', 'clearing', 'paid'] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export interface Posting {
  seq: number;
  beneficiaryId: string;
  beneficiaryName: string;
  account: LedgerAccount;
  /** Debit positive, credit negative. */
  amountFen: number;
  orderId: string | null;
  orderLineId: string | null;
  slot: CommissionSlot | null;
}

export interface JournalEntry {
  id: string;
  kind: JournalKind;
  orderId: string | null;
  payoutBatchId: string | null;
  memo: string;
  actorType: string;
  actorId: string;
  actorName: string;
  createdAt: string;
  postings: Posting[];
}

export interface StatementTotals {
  lines: number;
  accruedFen: number;
  clawedFen: number;
  netFen: number;
}

export interface Statement {
  beneficiary: CommissionBalance;
  lines: { items: StatementLine[]; nextCursor: string | null };
  totals: StatementTotals;
}

export interface PayoutItem {
  beneficiaryId: string;
  name: string;
  phone: string;
  payoutAccount: string;
  amountFen: number;
}

export type PayoutBatchStatus = 'open' | 'paid' | 'canceled';

export interface PayoutBatch {
  id: string;
  status: PayoutBatchStatus;
  minimumFen: number;
  totalFen: number;
  itemCount: number;
  reference: string;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  paidBy: string | null;
  paidByName: string;
  paidAt: string | null;
  canceledAt: string | null;
  items?: PayoutItem[];
}

export type TeamGroupBy = 'org_unit' | 'beneficiary';

export interface TeamReportRow {
  key: string;
  label: string;
  orders: number;
  netSalesFen: number;
  leaderFen: number;
  level1Fen: number;
  level2Fen: number;
  totalFen: number;
}

export interface TeamReport {
  groupBy: TeamGroupBy;
  rows: TeamReportRow[];
  totals: Omit<TeamReportRow, 'key' | 'label'>;
}
