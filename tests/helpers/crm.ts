import { sql } from 'drizzle-orm';
import type { BaseCtx } from '../../src/platform/context';
import { queryRows } from '../../src/platform/db';
import { dispatchRound } from '../../src/platform/consumers';
import { crmConsumer } from '../../src/modules/crm/crm.consumer';
import { drainDirty } from '../../src/modules/crm/services/refresh';

/**
 * Lets the CRM catch up: deliver outbox events to it, then drain the refresher's queue, until both are
 * idle — or, given `tenantId`, until that tenant has no event the CRM has not taken and nothing in the
 * refresher's queue (on the shared server database other test files keep the queues busy, so the
 * whole database may never be idle while a test waits). Only a test that needs it to settle asks for
 * `mustSettle`, and then names its tenant.
 */
export async function settleCrm(base: BaseCtx, opts: { mustSettle?: boolean; tenantId?: string } = {}): Promise<void> {
  // Without a tenant, 30 rounds as before: callers that need not settle must not wait longer on a
  // busy shared database (a property test ran into its 30 s timeout with 60).
  const rounds = opts.tenantId ? 60 : 30;
  for (let i = 0; i < rounds; i++) {
    const delivered = await dispatchRound(base, [crmConsumer], 500);
    const refreshed = await drainDirty(base, 500);
    if (delivered === 0 && refreshed === 0) return;
    if (opts.tenantId && (await crmIdleFor(base, opts.tenantId))) return;
  }
  if (opts.mustSettle) throw new Error('the CRM did not settle');
}

async function crmIdleFor(base: BaseCtx, tenantId: string): Promise<boolean> {
  const [row] = await queryRows<{ pending: number; dirty: number }>(
    base.tx,
    sql`select
      (select count(*) from outbox_events o where o.tenant_id = ${tenantId} and o.type = any(${sql.param(crmConsumer.types as string[])}::text[])
        and not exists (select 1 from event_consumptions c where c.tenant_id = o.tenant_id and c.consumer = ${crmConsumer.name} and c.event_id = o.id))::int as pending,
      (select count(*) from crm_dirty where tenant_id = ${tenantId})::int as dirty`,
  );
  return row!.pending === 0 && row!.dirty === 0;
}
