import { describe, expect, it } from 'vitest';
import {
  canApply,
  preferOwnMessage,
  inviteIssue,
  inviteQrUrl,
  joinIssueKeys,
  joinIssueOf,
  joinIssueTone,
  joinPath,
  leaderFieldErrorsOf,
  leaderView,
  orgUnitChoices,
  validateLeaderForm,
} from './community';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

const group = { id: 'grp_1', name: '徐汇鲜果团 1 群', type: 'retail' as const, purpose: '', rules: '', memberCount: 10, capacity: 500, leaders: ['王芳'] };

describe('what the invite alone says', () => {
  it('lets a member join a valid invite to a group with room', () => {
    expect(inviteIssue({ valid: true, invalidReason: null, group })).toBeNull();
  });
  it('explains an invite that no longer works, with its reason', () => {
    for (const reason of ['expired', 'revoked', 'used_up', 'group_closed'] as const) {
      expect(inviteIssue({ valid: false, invalidReason: reason, group })).toEqual({ kind: 'invalid', reason });
    }
  });
  it('knows a full group before anyone presses Join', () => {
    expect(inviteIssue({ valid: true, invalidReason: null, group: { ...group, memberCount: 500 } })).toEqual({ kind: 'full' });
  });
});

describe('the answer to joining', () => {
  const err = (status: number, code?: string, message = 'server says') => ({ status, code, message });
  it('maps every refusal of POST /me/groups', () => {
    expect(joinIssueOf(err(410, 'community.invite_invalid'))).toEqual({ kind: 'invalid', reason: null });
    expect(joinIssueOf(err(403, 'community.banned'))).toEqual({ kind: 'banned' });
    expect(joinIssueOf(err(409, 'community.already_member'))).toEqual({ kind: 'already' });
    expect(joinIssueOf(err(409, 'community.group_full'))).toEqual({ kind: 'full' });
    expect(joinIssueOf(err(404, 'common.not_found'))).toEqual({ kind: 'notFound' });
    expect(joinIssueOf(err(401, 'common.unauthenticated'))).toEqual({ kind: 'signIn' });
    expect(joinIssueOf(err(0, 'network'))).toEqual({ kind: 'network' });
    expect(joinIssueOf(err(400, 'common.validation_failed', '请求参数有误'))).toEqual({ kind: 'other', message: '请求参数有误' });
  });
  it('treats any 410 as an invite that stopped working', () => {
    expect(joinIssueOf(err(410))).toEqual({ kind: 'invalid', reason: null });
  });
  it('names a message for each issue, in both languages', () => {
    const issues = [
      ...(['expired', 'revoked', 'used_up', 'group_closed', null] as const).map((reason) => ({ kind: 'invalid' as const, reason })),
      ...(['banned', 'already', 'full', 'notFound', 'network', 'signIn'] as const).map((kind) => ({ kind })),
      { kind: 'other' as const, message: 'x' },
    ];
    const lookup = (messages: typeof zhCN, key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages.join.issue);
    for (const issue of issues) {
      const keys = joinIssueKeys(issue);
      for (const messages of [zhCN, en]) {
        expect(typeof lookup(messages, keys.title), keys.title).toBe('string');
        if (keys.hint) expect(typeof lookup(messages, keys.hint), keys.hint).toBe('string');
      }
    }
    expect(joinIssueKeys({ kind: 'invalid', reason: 'expired' })).toEqual({ title: 'invalid.title', hint: 'invalid.expired' });
    expect(joinIssueKeys({ kind: 'invalid', reason: null }).hint).toBe('invalid.unknown');
    expect(zhCN.join.issue.banned.hint).toContain('禁止再次加入');
  });
  it('shows being in the group already as good news and a ban as an error', () => {
    expect(joinIssueTone({ kind: 'already' })).toBe('info');
    expect(joinIssueTone({ kind: 'full' })).toBe('warn');
    expect(joinIssueTone({ kind: 'invalid', reason: 'expired' })).toBe('warn');
    expect(joinIssueTone({ kind: 'banned' })).toBe('error');
  });
});

describe('paths', () => {
  it('builds the join page and QR code addresses', () => {
    expect(joinPath('demo', 'AB23CD45')).toBe('/demo/join/AB23CD45');
    expect(inviteQrUrl('ginv_1')).toBe('/api/v1/invites/ginv_1/qr?format=png');
  });
});

describe('the leader application', () => {
  it('follows the application’s status', () => {
    expect(leaderView(null)).toBe('apply');
    expect(leaderView({ status: 'applied' })).toBe('applied');
    expect(leaderView({ status: 'rejected' })).toBe('rejected');
    expect(canApply('apply')).toBe(true);
    expect(canApply('rejected')).toBe(true);
    expect(canApply('applied')).toBe(false);
    expect(canApply('approved')).toBe(false);
    expect(canApply('suspended')).toBe(false);
  });

  it('checks the form as the server will', () => {
    expect(validateLeaderForm({ realName: ' ', email: '', orgUnitId: '', intro: '' })).toEqual({ realName: 'required', email: 'required', orgUnitId: 'required' });
    expect(validateLeaderForm({ realName: '赵敏', email: 'not-an-email', orgUnitId: 'org_1', intro: '' })).toEqual({ email: 'invalid' });
    expect(validateLeaderForm({ realName: 'x'.repeat(61), email: 'a@b.cn', orgUnitId: 'org_1', intro: 'y'.repeat(1001) })).toEqual({ realName: 'tooLong', intro: 'tooLong' });
    expect(validateLeaderForm({ realName: '赵敏', email: 'zhaomin@example.com', orgUnitId: 'org_1', intro: '' })).toEqual({});
  });

  it('puts the server’s field errors under their fields', () => {
    expect(
      leaderFieldErrorsOf([
        { path: 'email', message: 'bad email' },
        { path: 'body.orgUnitId', message: 'no such org unit' },
        { path: 'email', message: 'second' },
        { path: '(root)', message: 'ignored' },
      ]),
    ).toEqual({ email: 'bad email', orgUnitId: 'no such org unit' });
  });

  it('keeps English-only server messages off the Chinese page', () => {
    expect(preferOwnMessage('an email address to sign in to the console', 'zh-CN')).toBe(true);
    expect(preferOwnMessage('无效的电子邮件地址', 'zh-CN')).toBe(false);
    expect(preferOwnMessage('an email address to sign in to the console', 'en')).toBe(false);
  });

  it('offers regions, dealers and stores, never the brand itself', () => {
    const units = [
      { id: 'b', name: '鲜果团', kind: 'brand' as const, parentId: null },
      { id: 'e', name: '华东大区', kind: 'region' as const, parentId: 'b' },
      { id: 'x', name: '上海徐汇店', kind: 'store' as const, parentId: 'e' },
      { id: 'd', name: '城南经销', kind: 'dealer' as const, parentId: 'b' },
      { id: 'y', name: '直营店', kind: 'store' as const, parentId: 'b' },
    ];
    expect(orgUnitChoices(units)).toEqual([
      { kind: 'region', options: [{ id: 'e', label: '华东大区' }] },
      { kind: 'dealer', options: [{ id: 'd', label: '城南经销' }] },
      {
        kind: 'store',
        options: [
          { id: 'x', label: '上海徐汇店 · 华东大区' },
          { id: 'y', label: '直营店' },
        ],
      },
    ]);
    expect(orgUnitChoices([{ id: 'b', name: '鲜果团', kind: 'brand', parentId: null }])).toEqual([]);
  });
});
