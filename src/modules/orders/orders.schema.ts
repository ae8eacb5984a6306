import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'fulfilling', 'ready_for_pickup', 'shipped', 'completed', 'canceled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface DeliveryAddress {
  name: string;
  phone: string;
  region: string;
  detail: string;
}

export const orders = pgTable(
  'orders',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    memberId: text().notNull(),
    campaignId: text().notNull(),
    /** Copied from the campaign at placement, for staff scope: the org unit, and who runs the sale. */
    orgUnitId: text(),
    sellerId: text().notNull(),
    warehouseId: text().notNull(),
    status: text().$type<OrderStatus>().notNull(),
    fulfilment: text().$type<'pickup' | 'delivery'>().notNull(),
    address: jsonb().$type<DeliveryAddress | null>(),
    note: text().notNull().default(''),
    totalFen: integer().notNull(),
    paidFen: integer().notNull().default(0),
    refundedFen: integer().notNull().default(0),
    /** The sharer's referral code from the link the member came through; never changed after placement. */
    referralCode: text(),
    /** The group the order came from, and where it will be collected (with that point's leader, for scope). */
    groupId: text(),
    pickupPointId: text(),
    pickupLeaderId: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    placedAt: timestamp({ withTimezone: true }).notNull(),
    paidAt: timestamp({ withTimezone: true }),
    canceledAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    completedAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('orders_member_idx').on(t.tenantId, t.memberId, t.id),
    index('orders_campaign_idx').on(t.tenantId, t.campaignId, t.id),
    index('orders_pickup_leader_idx').on(t.tenantId, t.pickupLeaderId, t.id).where(sql`pickup_leader_id is not null`),
    index('orders_pickup_point_idx').on(t.tenantId, t.pickupPointId, t.status).where(sql`pickup_point_id is not null`),
    index('orders_expiry_idx').on(t.expiresAt).where(sql`status = 'pending_payment'`),
    check('orders_status_check', sql`${t.status} in ('pending_payment','paid','fulfilling','ready_for_pickup','shipped','completed','canceled','refunded')`),
    check('orders_money_check', sql`${t.totalFen} >= 0 and ${t.paidFen} >= 0 and ${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.paidFen}`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    orderId: text().notNull(),
    campaignItemId: text().notNull(),
    skuId: text().notNull(),
    title: text().notNull(),
    specs: jsonb().$type<Record<string, string>>().notNull().default({}),
    unitPriceFen: integer().notNull(),
    quantity: integer().notNull(),
    lineTotalFen: integer().notNull(),
    refundedQuantity: integer().notNull().default(0),
    refundedFen: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('order_lines_order_idx').on(t.tenantId, t.orderId),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    check('order_lines_qty_check', sql`${t.quantity} > 0 and ${t.refundedQuantity} >= 0 and ${t.refundedQuantity} <= ${t.quantity}`),
    check('order_lines_money_check', sql`${t.lineTotalFen} = ${t.unitPriceFen} * ${t.quantity} and ${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.lineTotalFen}`),
  ],
);

/** The status timeline of an order: every transition, who made it and why. Append-only. */
export const orderEvents = pgTable(
  'order_events',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    orderId: text().notNull(),
    fromStatus: text(),
    toStatus: text().notNull(),
    note: text().notNull().default(''),
    actorType: text().notNull(),
    actorId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('order_events_order_idx').on(t.tenantId, t.orderId, t.id)],
);
