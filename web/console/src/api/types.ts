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
