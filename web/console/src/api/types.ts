/** Shapes of the Tuan API as the console uses them (see /openapi.json for the full contract). */

export type Role = 'owner' | 'operator' | 'leader' | 'distributor' | 'member';
export type StaffRole = Exclude<Role, 'member'>;

export interface Tenant {
  id: string;
  slug: string;
  name: string;
}

export interface Actor {
  type: 'user' | 'member' | 'token';
  id: string;
  name: string;
  role: Role;
  email?: string;
  phone?: string;
  orgUnitIds?: string[];
}

export interface Me {
  actor: Actor;
  tenant: Tenant;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  status: 'active' | 'disabled';
  orgUnitIds: string[];
  lastLoginAt: string | null;
  createdAt: string;
}

export type OrgUnitKind = 'brand' | 'region' | 'dealer' | 'store';

export interface OrgUnit {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  createdAt: string;
}

export interface MemberTier {
  id: string;
  name: string;
  rank: number;
}

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface ProductSummary {
  id: string;
  title: string;
  category: string;
  status: ProductStatus;
  inSelectionLibrary: boolean;
  images: string[];
  skuCount: number;
  minPriceFen: number | null;
  maxPriceFen: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface TierPrice {
  tierId: string;
  priceFen: number;
}

export interface Sku {
  id: string;
  code: string;
  specs: Record<string, string>;
  basePriceFen: number;
  status: 'active' | 'inactive';
  tierPrices: TierPrice[];
}

export interface Product {
  id: string;
  title: string;
  description: string;
  images: string[];
  category: string;
  status: ProductStatus;
  inSelectionLibrary: boolean;
  createdAt: string;
  updatedAt: string;
  skus: Sku[];
}

export interface SkuInput {
  code: string;
  specs: Record<string, string>;
  basePriceFen: number;
  tierPrices?: TierPrice[];
}

export interface ProductInput {
  title: string;
  description?: string;
  images?: string[];
  category?: string;
  status?: ProductStatus;
  inSelectionLibrary?: boolean;
}

export interface Warehouse {
  id: string;
  name: string;
  code: string;
  address: string;
  orgUnitId: string | null;
  createdAt: string;
}

export interface StockLevel {
  warehouseId: string;
  warehouseName: string;
  skuId: string;
  skuCode: string;
  productId: string;
  productTitle: string;
  specs: Record<string, string>;
  onHand: number;
  updatedAt: string;
}

export interface ActorRef {
  type: string;
  id: string;
  name: string;
}

export interface StockAdjustment {
  id: string;
  warehouseId: string;
  skuId: string;
  skuCode: string;
  productTitle: string;
  delta: number;
  quantityBefore: number;
  quantityAfter: number;
  reason: string;
  actor: ActorRef;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: 'owner' | 'operator';
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Id of the user who created it. */
  createdBy: string;
}

export interface CreatedApiToken extends ApiToken {
  /** The secret, returned once. */
  token: string;
}

export interface SandboxSms {
  id: string;
  phone: string;
  text: string;
  code: string | null;
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actor: ActorRef;
  data: Record<string, unknown>;
  createdAt: string;
}

export type CampaignStatus = 'draft' | 'scheduled' | 'live' | 'ended' | 'succeeded' | 'failed' | 'canceled';
export type ThresholdKind = 'none' | 'participants' | 'units';
export type CampaignFulfilment = 'pickup' | 'delivery' | 'both';

export interface CampaignThreshold {
  kind: ThresholdKind;
  value: number;
}

export interface CampaignItem {
  id: string;
  skuId: string;
  productId: string;
  title: string;
  specs: Record<string, string>;
  priceFen: number;
  perMemberLimit: number | null;
  cap: number;
  /** Units held by unpaid orders. */
  reserved: number;
  /** Units paid for. */
  sold: number;
  /** cap − reserved − sold. */
  left: number;
}

export interface CampaignFigures {
  /** Members with a paid order. */
  participants: number;
  paidOrders: number;
  unitsSold: number;
  /** Paid minus refunded. */
  gmvFen: number;
}

/** A campaign in a list (no description). */
export interface CampaignSummary {
  id: string;
  title: string;
  coverImages: string[];
  status: CampaignStatus;
  startsAt: string;
  endsAt: string;
  threshold: CampaignThreshold;
  fulfilment: CampaignFulfilment;
  warehouseId: string;
  orgUnitId: string | null;
  createdBy: string;
  publishedAt: string | null;
  settledAt: string | null;
  canceledAt: string | null;
  createdAt: string;
  updatedAt: string;
  items: CampaignItem[];
  figures: CampaignFigures;
}

export interface Campaign extends CampaignSummary {
  description: string;
}

export interface CampaignItemInput {
  skuId: string;
  priceFen: number;
  perMemberLimit: number | null;
  cap: number;
}

export interface CampaignInput {
  title?: string;
  description?: string;
  coverImages?: string[];
  startsAt?: string;
  endsAt?: string;
  threshold?: { kind: 'none' } | { kind: 'participants' | 'units'; value: number };
  fulfilment?: CampaignFulfilment;
  warehouseId?: string;
  orgUnitId?: string;
  items?: CampaignItemInput[];
  caps?: { itemId: string; cap: number }[];
}

export type { CampaignEntry, OrderStatus, Address, OrderLine, OrderEvent, OrderSummary } from '../../../shared/order-types';
import type { OrderEvent, OrderSummary } from '../../../shared/order-types';

export interface Order extends OrderSummary {
  timeline: OrderEvent[];
  /** The group the member ordered from (orders placed from a group's link). */
  groupId?: string | null;
  /** Where a pickup order is collected. */
  pickupPointId?: string | null;
}
