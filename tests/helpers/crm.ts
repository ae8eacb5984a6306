import type { BaseCtx } from '../../src/platform/context';
import { dispatchRound } from '../../src/platform/consumers';
import { crmConsumer } from '../../src/modules/crm/crm.consumer';
import { drainDirty } from '../../src/modules/crm/services/refresh';

/**
 * Lets the CRM catch up: deliver outbox events to it, then drain the refresher's queue, until both are
 * idle (at most 30 rounds). On the shared server database other test files keep both busy, so only
 * a test that needs idleness itself asks for `mustSettle`.
 */
export async function settleCrm(base: BaseCtx, opts: { mustSettle?: boolean } = {}): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const delivered = await dispatchRound(base, [crmConsumer], 500);
    const refreshed = await drainDirty(base, 500);
    if (delivered === 0 && refreshed === 0) return;
  }
  if (opts.mustSettle) throw new Error('the CRM did not settle');
}
