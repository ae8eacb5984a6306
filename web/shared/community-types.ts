// Community (社群) shapes the console and the member pages read, as the API answers them
// (src/modules/community/community.validators.ts).

export const GROUP_TYPES = ['retail', 'fan', 'store'] as const;
/** retail 零售群 sells; fan 粉丝群 is measured by engagement; store 门店群 is a store's 店+群. */
export type GroupType = (typeof GROUP_TYPES)[number];
export const GROUP_STATUSES = ['active', 'muted', 'archived'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];
export const JOIN_SOURCES = ['official', 'operator_contacts', 'member_referral', 'offline_event', 'import'] as const;
/** How a member came: official channel, the operator's (or leader's) own contacts, a member's referral, an offline event, a bulk import. */
export type JoinSource = (typeof JOIN_SOURCES)[number];
export const ROSTER_STATUSES = ['active', 'muted', 'removed', 'banned', 'left'] as const;
export type RosterStatus = (typeof ROSTER_STATUSES)[number];
export const MODERATION_KINDS = ['message_blocked', 'message_warned', 'member_muted', 'member_unmuted', 'member_removed', 'member_banned', 'member_unbanned'] as const;
export type ModerationKind = (typeof MODERATION_KINDS)[number];
export const LEADER_STATUSES = ['applied', 'approved', 'rejected', 'suspended'] as const;
export type LeaderStatus = (typeof LEADER_STATUSES)[number];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Group {
  id: string;
  orgUnitId: string;
  orgUnitName: string;
  type: GroupType;
  name: string;
  purpose: string;
  rules: string;
  capacity: number;
  warnLimit: number;
  status: GroupStatus;
  externalId: string | null;
  leaders: Array<{ id: string; name: string }>;
  /** Roster by status. */
  counts: Record<RosterStatus, number>;
  /** Members ever joined, by source. */
  sources: Record<JoinSource, number>;
  createdAt: string;
  updatedAt: string;
}

export interface Referrer {
  type: 'user' | 'member';
  id: string;
  name: string;
}

export interface GroupInvite {
  id: string;
  code: string;
  groupId: string;
  groupName: string;
  source: JoinSource;
  eventName: string;
  referrer: Referrer | null;
  label: string;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The member join page: /m/:tenant/join/:code */
  url: string;
  createdAt: string;
}

/** getPublicInvite: what the join page shows (no login). */
export interface PublicInvite {
  code: string;
  group: { id: string; name: string; type: GroupType; purpose: string; rules: string; memberCount: number; capacity: number; leaders: string[] };
  referrerName: string | null;
  valid: boolean;
  invalidReason: 'expired' | 'revoked' | 'used_up' | 'group_closed' | null;
}

export interface GroupMember {
  groupId: string;
  memberId: string;
  /** Masked (138****0001) for leaders. */
  phone: string;
  name: string;
  status: RosterStatus;
  source: JoinSource;
  eventName: string;
  referrer: Referrer | null;
  joinedAt: string;
  rulesAcceptedAt: string | null;
  warnings: number;
  statusReason: string;
  statusChangedAt: string | null;
}

export interface MyGroup {
  groupId: string;
  name: string;
  type: GroupType;
  purpose: string;
  status: RosterStatus;
  joinedAt: string;
  memberCount: number;
  leaders: string[];
}

export interface ModerationRule {
  id: string;
  groupId: string | null;
  groupName: string | null;
  keyword: string;
  action: 'block' | 'warn';
  note: string;
  active: boolean;
  createdBy: string;
  createdByName: string;
  createdAt: string;
}

export interface ModerationEvent {
  id: string;
  groupId: string;
  groupName: string;
  memberId: string | null;
  memberName: string;
  kind: ModerationKind;
  keyword: string | null;
  excerpt: string;
  reason: string;
  actorType: string;
  actorId: string;
  actorName: string;
  createdAt: string;
}

export interface Leader {
  id: string;
  memberId: string | null;
  userId: string | null;
  status: LeaderStatus;
  origin: 'application' | 'staff';
  realName: string;
  phone: string;
  email: string;
  orgUnitId: string;
  orgUnitName: string;
  intro: string;
  decidedBy: string | null;
  decidedByName: string;
  decidedAt: string | null;
  decisionNote: string;
  groupCount: number;
  pickupPointCount: number;
  createdAt: string;
}

export interface ApproveLeaderResponse {
  leader: Leader;
  /** The new console account's password, shown once. */
  initialPassword: string | null;
}

export interface PickupPoint {
  id: string;
  leaderId: string;
  leaderName: string;
  orgUnitId: string;
  name: string;
  address: string;
  openingHours: string;
  contactName: string;
  contactPhone: string;
  capacity: number;
  status: 'active' | 'closed';
  createdAt: string;
}

/** listPublicOrgUnits: where a leader applicant may serve. */
export interface PublicOrgUnit {
  id: string;
  name: string;
  kind: 'brand' | 'region' | 'dealer' | 'store';
  parentId: string | null;
}
