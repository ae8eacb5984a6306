import {
  JOIN_SOURCES,
  type Group,
  type GroupInvite,
  type GroupStatus,
  type JoinSource,
  type LeaderDecision,
  type LeaderStatus,
  type MemberAction,
  type RosterStatus,
} from '../../api/community-types';
import type { Role } from '../../api/types';
import { ApiError } from '../../../../shared/http';

/**
 * The actions staff can take on a roster entry in a given status; the server enforces the same
 * (src/modules/community/services/roster.ts). An unbanned member becomes "removed" and may join again.
 */
export function memberActionsFor(status: RosterStatus): MemberAction[] {
  switch (status) {
    case 'active':
      return ['mute', 'remove', 'ban'];
    case 'muted':
      return ['unmute', 'remove', 'ban'];
    case 'removed':
    case 'left':
      return ['ban'];
    case 'banned':
      return ['unban'];
  }
}

/** Removing, banning and muting are explained (the server refuses them without a reason); lifting one needs none. */
export function reasonRequired(action: MemberAction): boolean {
  return action === 'remove' || action === 'ban' || action === 'mute';
}

/** Actions that take something away from the member, shown in red. */
export function isDangerAction(action: MemberAction): boolean {
  return action === 'remove' || action === 'ban';
}

/** The decisions on a leader profile in a given status (the server enforces the same). */
export function leaderDecisionsFor(status: LeaderStatus): LeaderDecision[] {
  switch (status) {
    case 'applied':
      return ['approve', 'reject'];
    case 'approved':
      return ['suspend'];
    case 'suspended':
      return ['reinstate'];
    case 'rejected':
      return [];
  }
}

/** A refusal or a suspension is explained to the leader; approving and reinstating need no note. */
export function leaderNoteRequired(decision: LeaderDecision): boolean {
  return decision === 'reject' || decision === 'suspend';
}

export type InviteState = 'active' | 'revoked' | 'expired' | 'used_up' | 'group_closed';

/** Whether an invite link still works, in the order the server checks it (invites.ts `inviteProblem`). */
export function inviteState(
  invite: Pick<GroupInvite, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>,
  groupStatus: GroupStatus | undefined,
  now: number = Date.now(),
): InviteState {
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt && new Date(invite.expiresAt).getTime() <= now) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used_up';
  if (groupStatus === 'archived') return 'group_closed';
  return 'active';
}

/**
 * The invite's QR code on the API (same origin, the session cookie authorises it): PNG for a
 * preview or a poster, SVG for print.
 */
export function inviteQrPath(inviteId: string, format: 'png' | 'svg', size?: number): string {
  const query = new URLSearchParams({ format });
  if (size) query.set('size', String(size));
  return `/api/v1/invites/${encodeURIComponent(inviteId)}/qr?${query.toString()}`;
}

/** The source a new staff invite starts with: leaders share with their own contacts, the brand through its official channel. */
export function defaultInviteSource(role: Role): JoinSource {
  return role === 'leader' ? 'operator_contacts' : 'official';
}

/** The sources staff may choose for an invite (member referral links are made by members; imports have none). */
export const STAFF_INVITE_SOURCES = ['official', 'operator_contacts', 'offline_event'] as const satisfies readonly JoinSource[];
export type StaffInviteSource = (typeof STAFF_INVITE_SOURCES)[number];

export interface InviteFormValues {
  source: StaffInviteSource;
  eventName?: string;
  label?: string;
  maxUses?: number | null;
  expiresInDays?: number | null;
}

/** The POST /groups/:id/invites body for the form: trimmed, empty limits left out, an event name only for an offline event. */
export function inviteRequestBody(v: InviteFormValues): { source: StaffInviteSource; eventName: string; label: string; maxUses?: number; expiresInDays?: number } {
  return {
    source: v.source,
    eventName: v.source === 'offline_event' ? (v.eventName ?? '').trim() : '',
    label: (v.label ?? '').trim(),
    ...(v.maxUses ? { maxUses: v.maxUses } : {}),
    ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}),
  };
}

export interface SourceShare {
  source: JoinSource;
  count: number;
  /** Whole percent of all joins; the shares add up to 100 when there is at least one join. */
  percent: number;
}

/**
 * Members ever joined by source, in the fixed source order, with whole-number shares that add up
 * to 100 (largest remainder), so a summary never shows 99% or 101%.
 */
export function sourceBreakdown(sources: Partial<Record<JoinSource, number>> | undefined): { total: number; shares: SourceShare[] } {
  const counts = JOIN_SOURCES.map((source) => ({ source, count: Math.max(0, sources?.[source] ?? 0) }));
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return { total, shares: counts.map((c) => ({ ...c, percent: 0 })) };
  const raw = counts.map((c) => (c.count * 100) / total);
  const floors = raw.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, rem: r - floors[i]! })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i]! + 1;
    left -= 1;
  }
  return { total, shares: counts.map((c, i) => ({ ...c, percent: floors[i]! })) };
}

/** Members who take a place in the group (capacity counts active and muted members). */
export function inGroupCount(g: Pick<Group, 'counts'>): number {
  return g.counts.active + g.counts.muted;
}

/** How full the group is, in whole percent (0–100). */
export function capacityPercent(g: Pick<Group, 'counts' | 'capacity'>): number {
  if (g.capacity <= 0) return 0;
  return Math.min(100, Math.round((inGroupCount(g) * 100) / g.capacity));
}

export interface GroupFormValues {
  orgUnitId?: string;
  type?: Group['type'];
  name: string;
  purpose?: string;
  rules?: string;
  capacity: number;
  warnLimit: number;
  status?: GroupStatus;
  leaderIds?: string[];
  externalId?: string;
}

/** POST /groups: trimmed texts; the external chat id only when given. */
export function createGroupBody(v: GroupFormValues) {
  const externalId = (v.externalId ?? '').trim();
  return {
    orgUnitId: v.orgUnitId ?? '',
    type: v.type ?? 'retail',
    name: v.name.trim(),
    purpose: (v.purpose ?? '').trim(),
    rules: (v.rules ?? '').trim(),
    capacity: v.capacity,
    warnLimit: v.warnLimit,
    leaderIds: v.leaderIds ?? [],
    ...(externalId ? { externalId } : {}),
  };
}

/** PATCH /groups/:id: only what changed (an emptied external id is sent as null to unlink it). */
export function updateGroupBody(before: Group, v: GroupFormValues): Record<string, unknown> {
  const next: Record<string, unknown> = {
    name: v.name.trim(),
    purpose: (v.purpose ?? '').trim(),
    rules: (v.rules ?? '').trim(),
    capacity: v.capacity,
    warnLimit: v.warnLimit,
    status: v.status ?? before.status,
    externalId: (v.externalId ?? '').trim() || null,
  };
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if ((before as unknown as Record<string, unknown>)[key] !== value) body[key] = value;
  }
  const leaderIds = v.leaderIds ?? [];
  const beforeIds = new Set(before.leaders.map((l) => l.id));
  if (leaderIds.length !== beforeIds.size || leaderIds.some((id) => !beforeIds.has(id))) body.leaderIds = leaderIds;
  return body;
}

/**
 * A community error that names one field (an external id already linked, a user who is not a
 * leader) carries its explanation, in the UI language, in the problem's detail; the field entries
 * only say which field. Puts that explanation on the fields so the form shows it where it belongs.
 */
export function withLocalizedFieldErrors(err: unknown): unknown {
  if (!(err instanceof ApiError) || !err.code?.startsWith('community.') || err.fieldErrors.length === 0) return err;
  return new ApiError({ ...err.problem, errors: err.fieldErrors.map((f) => ({ path: f.path, message: err.message })) });
}
