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

/** One line of the 接龙 list; `name` is masked by the server (王** or 138****0001). */
export interface CampaignEntry {
  seq: number;
  name: string;
  items: { title: string; quantity: number }[];
  at: string;
}

export type OrderStatus =
  | 'pending_payment'
  | 'paid'
  | 'fulfilling'
  | 'ready_for_pickup'
  | 'shipped'
  | 'completed'
  | 'canceled'
  | 'refunded';

export interface Address {
  name: string;
  phone: string;
  region: string;
  detail: string;
}

export interface OrderLine {
  id: string;
  campaignItemId: string;
  title: string;
  specs: Record<string, string>;
  unitPriceFen: number;
  quantity: number;
  lineTotalFen: number;
  refundedQuantity: number;
  refundedFen: number;
}

export interface OrderEvent {
  from: OrderStatus | null;
  to: OrderStatus;
  note: string;
  actorType: string;
  at: string;
}

export interface Order {
  id: string;
  campaignId: string;
  campaignTitle: string;
  status: OrderStatus;
  fulfilment: Fulfilment;
  address: Address | null;
  note: string;
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  placedAt: string;
  expiresAt: string;
  paidAt: string | null;
  canceledAt: string | null;
  cancelReason: string | null;
  lines: OrderLine[];
  /** Only on GET /orders/:id. */
  timeline?: OrderEvent[];
}

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
