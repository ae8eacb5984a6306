// The CRM module's public surface: profiles projected from the rest of Tuan, the event ingest,
// tags, segments and lifecycle stages.
export { registerCrmRoutes } from './crm.routes';
export { crmConsumer } from './crm.consumer';
export { drainDirty, queueDueRechecks, refreshProfiles, ensureProfiles, backfillProfiles } from './services/refresh';
export { markDirty } from './services/queue';
export { refreshStaleRules, snapshotStages } from './services/periodic';
export { ingestEvents } from './services/ingest-events';
export { createTag, createTagGroup, applyTag, listTags } from './services/tags';
export { createSegment, previewSegment, refreshSegmentFully } from './services/segments';
export { getProfile, listProfiles } from './services/profiles';
export { mergeProfiles, previewMerge } from './services/merge-profiles';
export { CrmErrors } from './crm.errors';
export type { RuleGroup, RuleNode, Condition } from './segment-rule';
export { backfillStageDaily } from './services/stage-backfill';
export { recordConsent, setMyConsent, sendMarketing, consentHistory } from './services/consent';
export { exportPersonData, erasePerson } from './services/personal-data';
export { computeKoc, computeKocAll, listKocRanking, inviteToRole } from './services/koc';
export { setTierRules, listTiers, downgradeDueTiers } from './services/tiers';
export { setCampaignAudience, getCampaignAudience, listForYou } from './services/audience';
