// The distribution module's public surface: referral attribution, commission policies, the
// commission ledger, distributors, payouts and statements.
export { registerDistributionRoutes } from './distribution.routes';
export { distributionConsumer } from './distribution.consumer';
export { attributionWrite, applyTouch, recordTouch, invitersOf, type OrderToAttribute } from './services/referrals';
export { applyDistributor, decideDistributor, inviteDistributor, distributorOf, pseudonymiseDistributors } from './services/distributors';
export { createPayoutBatch, markPayoutBatchPaid } from './services/payouts';
export { setPolicy } from './services/policies';
export { updateSettings } from './services/settings';
export { listBalances } from './services/statements';
export { releaseDueCommissions } from './services/accruals';
export { DistributionErrors } from './distribution.errors';
