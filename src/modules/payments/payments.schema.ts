import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const payments = pgTable(
  'payments',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    orderId: text().notNull(),
    provider: text().notNull(),
    amountFen: integer().notNull(),
    status: text().$type<'created' | 'succeeded' | 'failed' | 'canceled'>().notNull().default('created'),
    providerRef: text(),
    refundedFen: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('payments_order_idx').on(t.tenantId, t.orderId),
    check('payments_status_check', sql`${t.status} in ('created','succeeded','failed','canceled')`),
    check('payments_money_check', sql`${t.amountFen} > 0 and ${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.amountFen}`),
  ],
);

/** Provider notifications already applied, by the provider's event id: a replay changes nothing. */
export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    tenantId: text().notNull(),
    provider: text().notNull(),
    eventId: text().notNull(),
    paymentId: text().notNull(),
    type: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.provider, t.eventId] })],
);

export const refunds = pgTable(
  'refunds',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    orderId: text().notNull(),
    paymentId: text().notNull(),
    amountFen: integer().notNull(),
    lines: jsonb().$type<Array<{ lineId: string; quantity: number; amountFen: number }>>().notNull(),
    reason: text().notNull(),
    status: text().$type<'succeeded' | 'failed'>().notNull(),
    providerRef: text(),
    actorType: text().notNull(),
    actorId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('refunds_order_idx').on(t.tenantId, t.orderId), check('refunds_amount_check', sql`${t.amountFen} > 0`)],
);

/** The sandbox provider's own ledger of payment intents (what a real gateway keeps on its side). */
export const sandboxPayments = pgTable(
  'sandbox_payments',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    paymentId: text().notNull(),
    amountFen: integer().notNull(),
    status: text().$type<'pending' | 'paid' | 'failed'>().notNull().default('pending'),
    refundedFen: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('sandbox_payments_payment_idx').on(t.tenantId, t.paymentId)],
);
