import { createHttpClient } from '../../shared/http';
import { currentLanguage } from './i18n';

/** Member pages' API client: same-origin cookie session, Accept-Language = UI language. */
export const api = createHttpClient(currentLanguage);

export interface MemberMe {
  actor: { type: 'user' | 'member' | 'token'; id: string; name: string; role: string; phone?: string; referralCode?: string };
  tenant: { id: string; slug: string; name: string };
}

/** 138****0001: members see their number masked on screen. */
export function maskPhone(phone: string | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/^\+?86/, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : digits;
}

export type CampaignStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'succeeded' | 'failed' | 'canceled';
export type Fulfilment = 'pickup' | 'delivery';

export interface PublicCampaignItem {
  id: string;
  title: string;
  specs: Record<string, string>;
  priceFen: number;
  perMemberLimit: number | null;
  cap: number;
  left: number;
  sold: number;
  /** Signed-in members, items with a per-member limit: units they already hold against it. */
  myQuantity?: number;
}

/** GET /t/:tenant/campaigns/:id — the public campaign page's data (no login). */
export interface PublicCampaign {
  id: string;
  tenant: { slug: string; name: string };
  title: string;
  description: string;
  coverImages: string[];
  status: CampaignStatus;
  startsAt: string;
  endsAt: string;
  /** The server's clock when it answered, to correct the countdown. */
  serverTime: string;
  threshold: { kind: 'none' | 'participants' | 'units'; value: number };
  fulfilment: Fulfilment | 'both';
  items: PublicCampaignItem[];
  participants: number;
}

export type { CampaignEntry, OrderStatus, Address, OrderLine, OrderEvent, OrderSummary } from '../../shared/order-types';
import type { OrderEvent, OrderSummary } from '../../shared/order-types';

/** An order as the member sees it; the timeline comes only with GET /orders/:id. */
export type Order = OrderSummary & { timeline?: OrderEvent[] };

export interface PaymentStart {
  paymentId: string;
  payUrl: string;
  amountFen: number;
  provider: string;
  expiresAt: string;
}

export interface Payment {
  id: string;
  orderId: string;
  provider: string;
  amountFen: number;
  status: 'created' | 'succeeded' | 'failed' | 'canceled';
  refundedFen: number;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export { ApiError } from '../../shared/http';

// ---- Distribution (分销): a member's earnings, referral link and touches ----

export type { CommissionSlot, DistributorStatus, MyEarnings, ReferralLink } from '../../shared/distribution-types';
export type { BalanceFigures as EarningsBalance, LineState as EarningState, StatementLine as EarningLine } from '../../shared/distribution-types';

/** POST /me/distributor body. */
export interface DistributorApplication {
  realName: string;
  reason: string;
  payoutAccount: string;
}

/** POST /me/referral-touches */
export interface TouchResult {
  boundTo: string | null;
  boundUntil: string | null;
  changed: boolean;
}

// ---- Community (社群): joining groups through invites, my groups, leader applications ----

export type { GroupInvite, GroupMember, GroupType, JoinSource, Leader, LeaderStatus, MyGroup, PublicInvite, PublicOrgUnit, RosterStatus } from '../../shared/community-types';
