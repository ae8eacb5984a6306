/**
 * Shapes of the fulfilment API (picking lists, pickup codes, shipments, uncollected orders), of
 * campaigns in groups and of member imports, as the console reads them. They mirror
 * src/modules/fulfilment/fulfilment.validators.ts and src/modules/community/community.validators.ts.
 */

export const PICKING_LIST_STATUSES = ['open', 'dispatched', 'arrived'] as const;
/** open → dispatched (the warehouse sent it) → arrived (the leader confirmed it at the point). */
export type PickingListStatus = (typeof PICKING_LIST_STATUSES)[number];

export interface PickingListSummary {
  id: string;
  campaignId: string;
  campaignTitle: string;
  pickupPointId: string;
  pickupPointName: string;
  pickupPointAddress: string;
  leaderId: string;
  leaderName: string;
  status: PickingListStatus;
  /** Orders on the list that are not fully refunded. */
  orderCount: number;
  /** Units still to hand over (refunded units left out). */
  unitCount: number;
  createdAt: string;
  dispatchedAt: string | null;
  arrivedAt: string | null;
  note: string;
}

export interface PickingSkuLine {
  skuId: string;
  title: string;
  specs: Record<string, string>;
  quantity: number;
  shortQuantity: number;
}

export interface PickingMemberItem {
  lineId: string;
  title: string;
  specs: Record<string, string>;
  quantity: number;
  refundedQuantity: number;
}

/** One bag: a member's order on the list. */
export interface PickingMemberLine {
  orderId: string;
  /** Masked for leaders. */
  memberName: string;
  phoneTail: string;
  /** Full for owners, masked for everyone else. */
  phone: string;
  status: string;
  items: PickingMemberItem[];
  pickupCodeIssued: boolean;
  collectedAt: string | null;
}

export interface Shortage {
  orderId: string;
  orderLineId: string;
  title: string;
  quantity: number;
  stage: 'dispatch' | 'arrival';
  createdAt: string;
}

export interface PickingList extends PickingListSummary {
  bySku: PickingSkuLine[];
  byMember: PickingMemberLine[];
  shortages: Shortage[];
}

export interface GenerateResult {
  lists: string[];
  ordersAdded: number;
  /** Paid pickup orders with no pickup point. */
  unassigned: number;
}

export interface ShortLine {
  orderLineId: string;
  quantity: number;
}

export const SHIPMENT_STATUSES = ['shipped', 'in_transit', 'delivered', 'returned'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export interface Shipment {
  id: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export interface UncollectedOrder {
  orderId: string;
  campaignTitle: string;
  memberName: string;
  phone: string;
  pickupPointId: string;
  pickupPointName: string;
  leaderName: string;
  arrivedAt: string;
  daysWaiting: number;
}

/** A group's share card for a campaign (POST/GET /campaigns/:id/groups). */
export interface CampaignShare {
  groupId: string;
  groupName: string;
  /** The campaign page for this group: orders placed from it record the group. */
  url: string;
  /** The card to paste into the chat. */
  text: string;
}

export const IMPORT_STATUSES = ['running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_OUTCOMES = ['created', 'matched', 'duplicate', 'failed'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];
/** The report's filter: `problems` is failed and duplicate rows (the server's default). */
export type ImportOutcomeFilter = ImportOutcome | 'problems';

export interface MemberImport {
  id: string;
  groupId: string | null;
  groupName: string | null;
  filename: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  totalRows: number;
  processedRows: number;
  createdRows: number;
  matchedRows: number;
  joinedRows: number;
  duplicateRows: number;
  failedRows: number;
  error: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface MemberImportRow {
  /** The file's own row number (the header is row 1). */
  rowNumber: number;
  outcome: ImportOutcome;
  reason: string;
  memberId: string | null;
  joined: boolean;
  phone: string;
  name: string;
  channel: string;
  externalId: string;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
}

export interface MemberImportReport {
  import: MemberImport;
  rows: { items: MemberImportRow[]; nextCursor: string | null };
}
