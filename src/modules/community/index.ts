// The community module's public surface: groups (群) and their rosters, invites, moderation,
// leaders (团长) and their pickup points.
export { registerCommunityRoutes } from './community.routes';
export { createGroup, updateGroup, groupNames } from './services/groups';
export { createInvite, newInviteCode } from './services/invites';
export { addToRoster, actOnMember, joinGroup } from './services/roster';
export { createModerationRule, checkMessage } from './services/moderation';
export { applyLeader, decideLeader, ensureStaffLeaderProfile } from './services/leaders';
export { createPickupPoint } from './services/pickup-points';
export { CommunityErrors } from './community.errors';
export { importMembers, importFinished, getImportReport } from './services/import-members';
export { checkPlacements, publishCampaignToGroups, campaignIdsOfGroup } from './services/campaign-groups';
export { pickupPointsByIds, leaderPointIds, getPickupPoint, type PickupPointDto } from './services/pickup-points';
export { createPlaybook, runPlaybook, undoPlaybookRun } from './services/playbooks';
export { handleChatEvent, rotateChatSecret } from './services/chat';
export { membershipsOfMembers, importFactsOfMembers, pseudonymiseCommunity, type MembershipFact, type ImportFact } from './services/crm-facts';
