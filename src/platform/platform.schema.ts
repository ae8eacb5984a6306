import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Who did what: one row per state-changing action a person or integration takes. */
export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    actorType: text().notNull(),
    actorId: text().notNull(),
    actorName: text().notNull(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('audit_log_entity_idx').on(t.tenantId, t.entityType, t.entityId)],
);

/**
 * Transactional outbox: a domain event is written here in the same transaction as the change it
 * reports, and published to subscribers after commit.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('outbox_unpublished_idx').on(t.createdAt).where(sql`published_at is null`)],
);

/** Messages the built-in sandbox SMS provider "sent": an inbox owners can read. */
export const sandboxSms = pgTable(
  'sandbox_sms',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    phone: text().notNull(),
    text: text().notNull(),
    code: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('sandbox_sms_phone_idx').on(t.tenantId, t.phone)],
);

/**
 * Idempotency keys: the first request with a key stores its response; the same key and body
 * replays it, another body is refused. Scoped per actor, so keys of different callers never meet.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text().notNull(),
    actorId: text().notNull(),
    key: text().notNull(),
    operation: text().notNull(),
    requestHash: text().notNull(),
    responseStatus: integer().notNull(),
    responseBody: jsonb().$type<unknown>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.actorId, t.key] })],
);

/** Which consumer has handled which outbox event: handling and this row commit together, once. */
export const eventConsumptions = pgTable(
  'event_consumptions',
  {
    tenantId: text().notNull(),
    consumer: text().notNull(),
    eventId: text().notNull(),
    consumedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.consumer, t.eventId] })],
);
