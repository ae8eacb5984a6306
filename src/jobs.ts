import type { FastifyBaseLogger } from 'fastify';
import type { BaseCtx } from './platform/context';
import { JobRunner } from './platform/jobs';
import { closeDueCampaigns } from './flows/close-campaign.flow';
import { expireDueOrders } from './flows/expire-orders.flow';
import { dispatchRound, type Consumer } from './platform/consumers';
import { distributionConsumer, releaseDueCommissions } from './modules/distribution';
import { fulfilmentConsumer } from './modules/fulfilment/fulfilment.consumer';
import { communityConsumer } from './modules/community/community.consumer';
import { crmConsumer } from './modules/crm/crm.consumer';
import { drainDirty, queueDueRechecks } from './modules/crm/services/refresh';
import { refreshStaleRules, snapshotStages } from './modules/crm/services/periodic';
import { computeKocAll } from './modules/crm/services/koc';
import { pruneProfileChanges } from './modules/crm/services/profile-index-sync';
import { downgradeDueTiers } from './modules/crm/services/tiers';

/** Subscribers to domain events; capabilities add theirs here (distribution, CRM, webhooks). */
export const CONSUMERS: Consumer[] = [distributionConsumer, fulfilmentConsumer, communityConsumer, crmConsumer];

/** The background jobs every Tuan process runs (each safe to run in many processes at once). */
export function startJobs(base: BaseCtx, log: FastifyBaseLogger): JobRunner {
  const runner = new JobRunner(
    [
      { name: 'close-due-campaigns', everyMs: 5_000, run: () => closeDueCampaigns(base, (err, campaignId) => log.error({ err, campaignId }, 'closing a campaign failed')) },
      { name: 'expire-unpaid-orders', everyMs: 5_000, run: () => expireDueOrders(base, (err, orderId) => log.error({ err, orderId }, 'expiring an order failed')) },
      { name: 'release-commissions', everyMs: 60_000, run: () => releaseDueCommissions(base, new Date(), (err, orderId) => log.error({ err, orderId }, 'releasing commission failed')) },
      { name: 'crm-refresh', everyMs: 1_000, run: () => drainDirty(base) },
      { name: 'crm-rechecks', everyMs: 60_000, run: () => queueDueRechecks(base) },
      { name: 'crm-full-refresh', everyMs: 60_000, run: () => refreshStaleRules(base, base.config.crmFullRefreshMinutes * 60_000) },
      { name: 'crm-koc', everyMs: 15 * 60_000, run: async () => (await computeKocAll(base), 0) },
      { name: 'crm-tier-downgrades', everyMs: 60 * 60_000, run: () => downgradeDueTiers(base) },
      { name: 'crm-profile-changes-prune', everyMs: 5 * 60_000, run: () => pruneProfileChanges(base) },
      { name: 'crm-stage-snapshot', everyMs: 15 * 60_000, run: async () => (await snapshotStages(base), 0) },
      { name: 'dispatch-events', everyMs: 1_000, run: () => (CONSUMERS.length ? dispatchRound(base, CONSUMERS) : Promise.resolve(0)) },
    ],
    log,
  );
  runner.start();
  return runner;
}
