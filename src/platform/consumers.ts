import { and, asc, gt, sql } from 'drizzle-orm';
import { inTransaction, systemCtx, type BaseCtx, type Ctx } from './context';
import type { DomainEvents } from './events';
import { eventConsumptions, outboxEvents } from './platform.schema';

export interface OutboxEvent<K extends keyof DomainEvents = keyof DomainEvents> {
  id: string;
  tenantId: string;
  type: K;
  payload: DomainEvents[K];
  createdAt: Date;
}

/**
 * A consumer of domain events. Its handler runs in one transaction with the row that records the
 * event as consumed, so a redelivered event (a crash before commit, two processes, a replay) is
 * applied exactly once in effect.
 */
export interface Consumer {
  name: string;
  types: Array<keyof DomainEvents>;
  handle(ctx: Ctx, event: OutboxEvent): Promise<void>;
}

/**
 * Delivers one event to one consumer, exactly once in effect: returns false when it had already
 * been consumed (by this or another process).
 */
export async function deliver(base: BaseCtx, consumer: Consumer, event: OutboxEvent): Promise<boolean> {
  return inTransaction(base, async (base) => {
    const claimed = await base.tx
      .insert(eventConsumptions)
      .values({ tenantId: event.tenantId, consumer: consumer.name, eventId: event.id })
      .onConflictDoNothing()
      .returning({ id: eventConsumptions.eventId });
    if (claimed.length === 0) return false;
    await consumer.handle(systemCtx(base, event.tenantId, `consumer:${consumer.name}`), event);
    return true;
  });
}

/**
 * One round of the dispatcher: for each consumer, the next events of its types it has not consumed,
 * oldest first. Events are never deleted by delivery, so a new consumer can replay history.
 */
export async function dispatchRound(base: BaseCtx, consumers: Consumer[], batch = 100, since?: Date): Promise<number> {
  let delivered = 0;
  for (const consumer of consumers) {
    const rows = await base.tx
      .select()
      .from(outboxEvents)
      .where(
        and(
          sql`${outboxEvents.type} = any(${sql.param(consumer.types as string[])}::text[])`,
          since ? gt(outboxEvents.createdAt, since) : undefined,
          // Outer columns named in full: Drizzle leaves them unqualified in a one-table select.
          sql`not exists (select 1 from event_consumptions c where c.tenant_id = "outbox_events"."tenant_id" and c.consumer = ${consumer.name} and c.event_id = "outbox_events"."id")`,
        ),
      )
      .orderBy(asc(outboxEvents.id))
      .limit(batch);
    for (const row of rows) {
      const event = { id: row.id, tenantId: row.tenantId, type: row.type as keyof DomainEvents, payload: row.payload as never, createdAt: row.createdAt };
      if (await deliver(base, consumer, event)) delivered++;
    }
  }
  return delivered;
}
