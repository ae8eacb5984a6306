// Distribution (分销) shapes both the console and the member pages read, as the API answers them
// (src/modules/distribution/distribution.validators.ts). Money is integer fen.

export const COMMISSION_SLOTS = ['leader', 'level1', 'level2'] as const;
/** Who a commission line pays: the group's leader, or one of the two referral levels (never more). */
export type CommissionSlot = (typeof COMMISSION_SLOTS)[number];

export const DISTRIBUTOR_STATUSES = ['applied', 'approved', 'rejected', 'suspended'] as const;
export type DistributorStatus = (typeof DISTRIBUTOR_STATUSES)[number];

export const LINE_STATES = ['pending', 'available', 'reversed'] as const;
/** pending: in the after-sale window; available: released; reversed: clawed back in full. */
export type LineState = (typeof LINE_STATES)[number];

/** Commission balances; `availableFen` may be negative after a claw-back of money already paid out. */
export interface BalanceFigures {
  earnedFen: number;
  pendingFen: number;
  availableFen: number;
  inPayoutFen: number;
  paidFen: number;
}

/** One commission line of a statement (getStatement, listMyEarningLines). */
export interface StatementLine {
  orderLineId: string;
  orderId: string;
  slot: CommissionSlot;
  campaignTitle: string;
  itemTitle: string;
  /** Masked by the server. */
  buyer: string;
  orderStatus: string;
  placedAt: string;
  method: 'rate' | 'fixed';
  rateBps: number;
  fixedFen: number;
  baseFen: number;
  lineTotalFen: number;
  refundedFen: number;
  accruedFen: number;
  clawedFen: number;
  netFen: number;
  state: LineState;
  releaseDueAt: string | null;
  releasedAt: string | null;
  accruedAt: string;
}

/** GET /me/earnings: a member's or leader's own commission. */
export interface MyEarnings {
  distributor: { status: DistributorStatus; realName: string; payoutAccount: string; decisionNote: string } | null;
  referralCode: string | null;
  balance: BalanceFigures;
  /** Members who were first invited by this person. */
  referredMembers: number;
  /** Whether referrals earn commission now (an approved distributor, a leader, or the brand pays members). */
  canEarn: boolean;
}

/** GET /me/referral-link */
export interface ReferralLink {
  code: string;
  url: string;
  /** The link as an SVG QR code, made by the server's qrcode library. */
  qrSvg: string;
  campaign: { id: string; title: string } | null;
}
