import type { FastifyBaseLogger } from 'fastify';
import type { BaseCtx } from './platform/context';
import { JobRunner } from './platform/jobs';
import { closeDueCampaigns } from './flows/close-campaign.flow';
import { expireDueOrders } from './flows/expire-orders.flow';
import { dispatchRound, type Consumer } from './platform/consumers';
import { distributionConsumer, releaseDueCommissions } from './modules/distribution';
import { fulfilmentConsumer } from './modules/fulfilment/fulfilment.consumer';
import { communityConsumer } from './modules/community/community.consumer';

/** Subscribers to domain events; capabilities add theirs here (distribution, CRM, webhooks). */
export const CONSUMERS: Consumer[] = [distributionConsumer, fulfilmentConsumer, communityConsumer];

/** The background jobs every Tuan process runs (each safe to run in many processes at once). */
export function startJobs(base: BaseCtx, log: FastifyBaseLogger): JobRunner {
  const runner = new JobRunner(
    [
      { name: 'close-due-campaigns', everyMs: 5_000, run: () => closeDueCampaigns(base, (err, campaignId) => log.error({ err, campaignId }, 'closing a campaign failed')) },
      { name: 'expire-unpaid-orders', everyMs: 5_000, run: () => expireDueOrders(base, (err, orderId) => log.error({ err, orderId }, 'expiring an order failed')) },
      { name: 'release-commissions', everyMs: 60_000, run: () => releaseDueCommissions(base, new Date(), (err, orderId) => log.error({ err, orderId }, 'releasing commission failed')) },
      { name: 'dispatch-events', everyMs: 1_000, run: () => (CONSUMERS.length ? dispatchRound(base, CONSUMERS) : Promise.resolve(0)) },
    ],
    log,
  );
  runner.start();
  return runner;
}
