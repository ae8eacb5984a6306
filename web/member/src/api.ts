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
  /** Signed-in members whose tier has a lower price for this item: what they pay (会员价). */
  myPriceFen?: number;
  myTierName?: string;
}

/** What the signed-in member pays per unit: their tier price when the page gave one, else the campaign's. */
export const unitPriceOf = (item: PublicCampaignItem): number => item.myPriceFen ?? item.priceFen;

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

/**
 * An order as the member sees it; the timeline comes only with GET /orders/:id. `groupId` is the
 * group it was placed from (a share link's `?g=`), `pickupPointId` where a pickup order is collected.
 */
export type Order = OrderSummary & { groupId?: string | null; pickupPointId?: string | null; timeline?: OrderEvent[] };

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

export type { GroupInvite, GroupMember, GroupType, JoinSource, Leader, LeaderStatus, MyGroup, PickupPoint, PublicInvite, PublicOrgUnit, RosterStatus } from '../../shared/community-types';

/** GET /me/groups/:id/campaigns: a campaign published to one of the member's groups. */
export interface GroupCampaign {
  id: string;
  title: string;
  /** live, scheduled, ended, succeeded or failed (canceled ones are left out). */
  status: string;
  endsAt: string;
  minPriceFen: number;
  itemCount: number;
}

// ---- Fulfilment (履约): pickup codes and the member's notices ----

/** GET /me/orders/:id/pickup-code — issued when the goods arrive at the pickup point. */
export interface PickupCode {
  orderId: string;
  /** 6 digits, leading zeros kept. */
  code: string;
  /** The code as a QR code, an SVG document. */
  qrSvg: string;
  issuedAt: string;
  usedAt: string | null;
}

/** A notice on the member's pages: goods arrived (pickup_ready), short lines refunded, shipped. */
export interface MemberNotice {
  id: string;
  kind: string;
  title: string;
  body: string;
  orderId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** GET /me/notices: newest first, with how many are unread. */
export interface NoticePage extends Page<MemberNotice> {
  unread: number;
}
