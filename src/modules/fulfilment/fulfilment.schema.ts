import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const PICKING_LIST_STATUSES = ['open', 'dispatched', 'arrived'] as const;
export type PickingListStatus = (typeof PICKING_LIST_STATUSES)[number];

/**
 * A picking list (拣货单): one campaign's pickup orders for one pickup point, picked and sent as one
 * batch. open → dispatched (the warehouse sent it) → arrived (the leader confirmed arrival).
 */
export const pickingLists = pgTable(
  'picking_lists',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    campaignId: text().notNull(),
    pickupPointId: text().notNull(),
    /** The point's leader and org unit, copied for scope. */
    leaderId: text().notNull(),
    orgUnitId: text().notNull(),
    status: text().$type<PickingListStatus>().notNull().default('open'),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dispatchedBy: text(),
    dispatchedAt: timestamp({ withTimezone: true }),
    arrivedBy: text(),
    arrivedAt: timestamp({ withTimezone: true }),
    note: text().notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('picking_lists_campaign_idx').on(t.tenantId, t.campaignId),
    index('picking_lists_leader_idx').on(t.tenantId, t.leaderId, t.id),
    // One open list per campaign and point: orders paid later join it until it is dispatched.
    uniqueIndex('picking_lists_open_key').on(t.tenantId, t.campaignId, t.pickupPointId).where(sql`status = 'open'`),
    check('picking_lists_status_check', sql`${t.status} in ('open','dispatched','arrived')`),
  ],
);

/** The orders on a picking list; an order is on one list only. */
export const pickingListOrders = pgTable(
  'picking_list_orders',
  {
    tenantId: text().notNull(),
    orderId: text().notNull(),
    listId: text().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orderId] }),
    index('picking_list_orders_list_idx').on(t.tenantId, t.listId),
    foreignKey({ columns: [t.tenantId, t.listId], foreignColumns: [pickingLists.tenantId, pickingLists.id] }),
  ],
);

/**
 * Short lines: a unit the warehouse did not have, or that did not arrive. Each is refunded to the
 * member (without restocking: the goods were never there) and shown on the list.
 */
export const shortages = pgTable(
  'fulfilment_shortages',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    listId: text().notNull(),
    orderId: text().notNull(),
    orderLineId: text().notNull(),
    quantity: integer().notNull(),
    stage: text().$type<'dispatch' | 'arrival'>().notNull(),
    refundId: text(),
    reportedBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('fulfilment_shortages_list_idx').on(t.tenantId, t.listId), check('fulfilment_shortages_qty_check', sql`${t.quantity} > 0`)],
);

/**
 * The code a member shows to collect (6 digits). Unique among the codes still open at a point, so
 * the leader can type it alone.
 */
export const pickupCodes = pgTable(
  'pickup_codes',
  {
    tenantId: text().notNull(),
    orderId: text().notNull(),
    pickupPointId: text().notNull(),
    code: text().notNull(),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp({ withTimezone: true }),
    usedBy: text(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orderId] }),
    uniqueIndex('pickup_codes_open_key').on(t.tenantId, t.pickupPointId, t.code).where(sql`used_at is null`),
    index('pickup_codes_point_code_idx').on(t.tenantId, t.pickupPointId, t.code),
    check('pickup_codes_code_check', sql`${t.code} ~ '^[0-9]{6}$'`),
  ],
);

/** Wrong pickup codes per point and person: too many in a window locks verification for a while. */
export const pickupAttempts = pgTable(
  'pickup_attempts',
  {
    tenantId: text().notNull(),
    pickupPointId: text().notNull(),
    actorId: text().notNull(),
    failures: integer().notNull().default(0),
    windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.pickupPointId, t.actorId] })],
);

export const SHIPMENT_STATUSES = ['shipped', 'in_transit', 'delivered', 'returned'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** A delivery order's parcel: carrier, tracking number and where it is. */
export const shipments = pgTable(
  'shipments',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    orderId: text().notNull(),
    carrier: text().notNull(),
    trackingNumber: text().notNull(),
    status: text().$type<ShipmentStatus>().notNull().default('shipped'),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('shipments_order_idx').on(t.tenantId, t.orderId),
    uniqueIndex('shipments_tracking_key').on(t.tenantId, t.carrier, t.trackingNumber),
    check('shipments_status_check', sql`${t.status} in ('shipped','in_transit','delivered','returned')`),
  ],
);

/** Notices on a member's pages (goods arrived, a line was short); also sent as outbox events. */
export const memberNotices = pgTable(
  'member_notices',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    memberId: text().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(''),
    orderId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('member_notices_member_idx').on(t.tenantId, t.memberId, t.id)],
);
