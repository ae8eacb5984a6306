/**
 * Shapes of the community (社群) API as the console uses them: groups and rosters, invites,
 * moderation, leaders and pickup points. They live in web/shared, mirroring
 * src/modules/community/community.validators.ts, so the member pages read the same types.
 */
import type { GroupMember } from '../../../shared/community-types';

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

/** A roster entry across groups (GET /group-members, listCommunityMembers), with its group's name. */
export interface CommunityMember extends GroupMember {
  groupName: string;
}

// Contingency playbooks (突发预案): src/modules/community/community.validators.ts (ZPlaybook…).
export const PLAYBOOK_STEP_KINDS = ['pause_campaigns', 'post_announcement', 'mute_group', 'notify_operator'] as const;
/** Pause the group's campaigns, post an announcement, mute the group, notify the operator. */
export type PlaybookStepKind = (typeof PLAYBOOK_STEP_KINDS)[number];

export interface PlaybookStep {
  kind: PlaybookStepKind;
  /** The announcement, or the note to the operator. */
  text?: string;
}

export interface Playbook {
  id: string;
  name: string;
  description: string;
  steps: PlaybookStep[];
  active: boolean;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  updatedAt: string;
}

export type PlaybookLogStatus = 'done' | 'skipped' | 'undone';

/** One step of a run: done, skipped with why, or undone later; `undoable` when undoing the run reverses it. */
export interface PlaybookLogEntry {
  step: number;
  kind: PlaybookStepKind;
  status: PlaybookLogStatus;
  detail: string;
  undoable: boolean;
  at: string;
}

export interface PlaybookRun {
  id: string;
  playbookId: string;
  playbookName: string;
  groupId: string;
  groupName: string;
  status: 'done' | 'undone';
  log: PlaybookLogEntry[];
  canUndo: boolean;
  startedBy: string;
  startedByName: string;
  startedAt: string;
  undoneBy: string | null;
  undoneByName: string;
  undoneAt: string | null;
}

/** POST /chat/secret (rotateChatSecret): the signing secret, shown once. */
export interface ChatSecret {
  secret: string;
  platform: string;
  webhookPath: string;
}
