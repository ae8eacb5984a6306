import { describe, expect, it } from 'vitest';
import { ROSTER_STATUSES, type Group, type MemberAction, type RosterStatus } from '../../api/community-types';
import {
  capacityPercent,
  createGroupBody,
  defaultInviteSource,
  inGroupCount,
  inviteQrPath,
  inviteRequestBody,
  inviteState,
  isDangerAction,
  leaderDecisionsFor,
  leaderNoteRequired,
  memberActionsFor,
  reasonRequired,
  sourceBreakdown,
  updateGroupBody,
  withLocalizedFieldErrors,
} from './community-model';
import { ApiError } from '../../../../shared/http';

// What the server allows (src/modules/community/services/roster.ts ACTIONS), written out again
// here so the console and the server are checked against one table.
const SERVER_FROM: Record<MemberAction, RosterStatus[]> = {
  remove: ['active', 'muted'],
  ban: ['active', 'muted', 'removed', 'left'],
  unban: ['banned'],
  mute: ['active'],
  unmute: ['muted'],
};

const group = (over: Partial<Group> = {}): Group => ({
  id: 'grp_1',
  orgUnitId: 'org_1',
  orgUnitName: '徐汇',
  type: 'retail',
  name: '徐汇鲜果团 1 群',
  purpose: '团购',
  rules: '不发广告',
  capacity: 500,
  warnLimit: 3,
  status: 'active',
  externalId: null,
  leaders: [
    { id: 'usr_a', name: '王团长' },
    { id: 'usr_b', name: '李团长' },
  ],
  counts: { active: 10, muted: 2, removed: 1, banned: 1, left: 0 },
  sources: { official: 5, operator_contacts: 4, member_referral: 3, offline_event: 2, import: 0 },
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

describe('roster actions', () => {
  it('offers exactly the actions the server accepts for each status', () => {
    for (const status of ROSTER_STATUSES) {
      const expected = (Object.keys(SERVER_FROM) as MemberAction[]).filter((a) => SERVER_FROM[a].includes(status)).sort();
      expect([...memberActionsFor(status)].sort()).toEqual(expected);
    }
  });

  it('asks for a reason when taking something away, not when giving it back', () => {
    expect(reasonRequired('remove')).toBe(true);
    expect(reasonRequired('ban')).toBe(true);
    expect(reasonRequired('mute')).toBe(true);
    expect(reasonRequired('unban')).toBe(false);
    expect(reasonRequired('unmute')).toBe(false);
    expect(isDangerAction('ban')).toBe(true);
    expect(isDangerAction('unmute')).toBe(false);
  });
});

describe('leader decisions', () => {
  it('offers only the decisions the status allows', () => {
    expect(leaderDecisionsFor('applied')).toEqual(['approve', 'reject']);
    expect(leaderDecisionsFor('approved')).toEqual(['suspend']);
    expect(leaderDecisionsFor('suspended')).toEqual(['reinstate']);
    expect(leaderDecisionsFor('rejected')).toEqual([]);
    expect(leaderNoteRequired('reject')).toBe(true);
    expect(leaderNoteRequired('suspend')).toBe(true);
    expect(leaderNoteRequired('approve')).toBe(false);
    expect(leaderNoteRequired('reinstate')).toBe(false);
  });
});

describe('invites', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const live = { revokedAt: null, expiresAt: null, maxUses: null, uses: 3 };

  it('says why a link no longer works, in the order the server checks', () => {
    expect(inviteState(live, 'active', now)).toBe('active');
    expect(inviteState({ ...live, revokedAt: '2025-05-01T00:00:00Z', expiresAt: '2025-05-02T00:00:00Z' }, 'active', now)).toBe('revoked');
    expect(inviteState({ ...live, expiresAt: '2025-06-01T12:00:00Z' }, 'active', now)).toBe('expired');
    expect(inviteState({ ...live, expiresAt: '2025-06-02T00:00:00Z' }, 'active', now)).toBe('active');
    expect(inviteState({ ...live, maxUses: 3 }, 'active', now)).toBe('used_up');
    expect(inviteState({ ...live, maxUses: 4 }, 'active', now)).toBe('active');
    expect(inviteState(live, 'archived', now)).toBe('group_closed');
    expect(inviteState(live, undefined, now)).toBe('active');
  });

  it('points the QR image at the API', () => {
    expect(inviteQrPath('inv_1', 'png')).toBe('/api/v1/invites/inv_1/qr?format=png');
    expect(inviteQrPath('inv_1', 'svg', 256)).toBe('/api/v1/invites/inv_1/qr?format=svg&size=256');
    expect(inviteQrPath('a/b', 'png')).toBe('/api/v1/invites/a%2Fb/qr?format=png');
  });

  it('defaults leaders to their own contacts and the brand to its official channel', () => {
    expect(defaultInviteSource('leader')).toBe('operator_contacts');
    expect(defaultInviteSource('owner')).toBe('official');
    expect(defaultInviteSource('operator')).toBe('official');
  });

  it('sends an event name only for an offline event and leaves empty limits out', () => {
    expect(inviteRequestBody({ source: 'offline_event', eventName: ' 草莓品鉴会 ', label: ' 签到台 ', maxUses: 50, expiresInDays: 7 })).toEqual({
      source: 'offline_event',
      eventName: '草莓品鉴会',
      label: '签到台',
      maxUses: 50,
      expiresInDays: 7,
    });
    expect(inviteRequestBody({ source: 'official', eventName: 'ignored', maxUses: null, expiresInDays: undefined })).toEqual({ source: 'official', eventName: '', label: '' });
  });
});

describe('group figures', () => {
  it('splits joins by source into whole percentages that add up to 100', () => {
    const { total, shares } = sourceBreakdown({ official: 1, operator_contacts: 1, member_referral: 1 });
    expect(total).toBe(3);
    expect(shares.map((s) => s.source)).toEqual(['official', 'operator_contacts', 'member_referral', 'offline_event', 'import']);
    expect(shares.reduce((sum, s) => sum + s.percent, 0)).toBe(100);
    expect(shares.map((s) => s.percent)).toEqual([34, 33, 33, 0, 0]);
    for (const counts of [{ official: 7, offline_event: 5 }, { official: 1, import: 2, member_referral: 97 }, { official: 1, operator_contacts: 1, member_referral: 1, offline_event: 1, import: 3 }]) {
      expect(sourceBreakdown(counts).shares.reduce((sum, s) => sum + s.percent, 0)).toBe(100);
    }
  });

  it('has no shares for a group nobody joined', () => {
    const { total, shares } = sourceBreakdown({});
    expect(total).toBe(0);
    expect(shares.every((s) => s.percent === 0 && s.count === 0)).toBe(true);
    expect(sourceBreakdown(undefined).total).toBe(0);
  });

  it('counts active and muted members against the capacity', () => {
    expect(inGroupCount(group())).toBe(12);
    expect(capacityPercent(group({ capacity: 24 }))).toBe(50);
    expect(capacityPercent(group({ capacity: 10 }))).toBe(100);
    expect(capacityPercent(group({ capacity: 0 }))).toBe(0);
  });
});

describe('group forms', () => {
  it('creates with trimmed texts and no external id when none is given', () => {
    expect(createGroupBody({ orgUnitId: 'org_1', type: 'fan', name: ' 粉丝群 ', purpose: ' 试吃 ', capacity: 200, warnLimit: 3, externalId: ' ' })).toEqual({
      orgUnitId: 'org_1',
      type: 'fan',
      name: '粉丝群',
      purpose: '试吃',
      rules: '',
      capacity: 200,
      warnLimit: 3,
      leaderIds: [],
    });
    expect(createGroupBody({ orgUnitId: 'org_1', type: 'store', name: 'x', capacity: 1, warnLimit: 1, externalId: 'room-1' }).externalId).toBe('room-1');
  });

  it('patches only what changed, leaders compared as a set', () => {
    const g = group();
    const same = { name: g.name, purpose: g.purpose, rules: g.rules, capacity: 500, warnLimit: 3, status: g.status, leaderIds: ['usr_b', 'usr_a'], externalId: '' };
    expect(updateGroupBody(g, same)).toEqual({});
    expect(updateGroupBody(g, { ...same, capacity: 600, leaderIds: ['usr_a'] })).toEqual({ capacity: 600, leaderIds: ['usr_a'] });
    expect(updateGroupBody(g, { ...same, externalId: ' room-9 ', status: 'archived' })).toEqual({ externalId: 'room-9', status: 'archived' });
    expect(updateGroupBody(group({ externalId: 'room-9' }), { ...same })).toEqual({ externalId: null });
  });
});

describe('server field errors', () => {
  it('puts a community error’s localised explanation on the fields it names', () => {
    const err = new ApiError({ status: 409, code: 'community.external_id_taken', detail: '外部群 ID room-1 已关联到另一个群', errors: [{ path: 'externalId', message: 'linked to another group' }] });
    const out = withLocalizedFieldErrors(err) as ApiError;
    expect(out).toBeInstanceOf(ApiError);
    expect(out.fieldErrors).toEqual([{ path: 'externalId', message: '外部群 ID room-1 已关联到另一个群' }]);
    expect(out.message).toBe(err.message);
    expect(out.status).toBe(409);
  });

  it('leaves validation errors, other modules’ errors and non-API errors alone', () => {
    const validation = new ApiError({ status: 400, code: 'common.validation_failed', detail: '请求参数有误', errors: [{ path: 'name', message: 'required' }] });
    expect(withLocalizedFieldErrors(validation)).toBe(validation);
    const noFields = new ApiError({ status: 409, code: 'community.group_full', detail: '群已满' });
    expect(withLocalizedFieldErrors(noFields)).toBe(noFields);
    const other = new Error('boom');
    expect(withLocalizedFieldErrors(other)).toBe(other);
  });
});
