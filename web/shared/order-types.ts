// API shapes both the console and the member pages use (they mirror the OpenAPI document).

/** One line of the public 接龙 list; `name` is masked by the server. */
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
  skuId: string;
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

export interface OrderSummary {
  id: string;
  campaignId: string;
  campaignTitle: string;
  memberId: string;
  /** Masked by the server for anyone but the owner. */
  memberPhone: string;
  status: OrderStatus;
  fulfilment: 'pickup' | 'delivery';
  address: Address | null;
  note: string;
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  referralCode: string | null;
  placedAt: string;
  expiresAt: string;
  paidAt: string | null;
  canceledAt: string | null;
  cancelReason: string | null;
  lines: OrderLine[];
}
