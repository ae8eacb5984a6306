/**
 * Shapes of the community (社群) API as the console uses them: groups and rosters, invites,
 * moderation, leaders and pickup points. They live in web/shared, mirroring
 * src/modules/community/community.validators.ts, so the member pages read the same types.
 */
export {
  GROUP_STATUSES,
  GROUP_TYPES,
  JOIN_SOURCES,
  LEADER_STATUSES,
  MODERATION_KINDS,
  ROSTER_STATUSES,
} from '../../../shared/community-types';
export type {
  ApproveLeaderResponse,
  Group,
  GroupInvite,
  GroupMember,
  GroupStatus,
  GroupType,
  JoinSource,
  Leader,
  LeaderStatus,
  ModerationEvent,
  ModerationKind,
  ModerationRule,
  PickupPoint,
  Referrer,
  RosterStatus,
} from '../../../shared/community-types';

/** The member actions on a roster entry (POST /groups/:id/members/:memberId/{action}). */
export type MemberAction = 'remove' | 'ban' | 'unban' | 'mute' | 'unmute';
/** The decisions on a leader profile (POST /leaders/:id/{decision}). */
export type LeaderDecision = 'approve' | 'reject' | 'suspend' | 'reinstate';
export type ModerationAction = 'block' | 'warn';
export type PickupPointStatus = 'active' | 'closed';
