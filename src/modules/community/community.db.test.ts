import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { newMember } from '../../../tests/helpers/commerce';
import { createTestTenant, createTestUser, type TestTenant } from '../../../tests/helpers/factories';
import type { BaseCtx, Ctx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { createOrgUnit, getMembersBasic, getUsersBasic } from '../identity';
import { createGroup, getGroup, listGroups, updateGroup } from './services/groups';
import { createInvite, inviteQr, listInvites, publicInvite, revokeInvite } from './services/invites';
import { applyLeader, decideLeader, ensureStaffLeaderProfile, listLeaders, myLeaderApplication } from './services/leaders';
import { checkMessage, createModerationRule, deactivateModerationRule, listModerationEvents, listModerationRules } from './services/moderation';
import { createPickupPoint, listPickupPoints, updatePickupPoint } from './services/pickup-points';
import { actOnMember, joinGroup, leaveGroup, listCommunityMembers, listGroupMembers, listMyGroups } from './services/roster';

let database: Database;
let base: BaseCtx;

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const link = { publicBaseUrl: 'https://shop.example', tenantSlug: 'x' };
const groupInput = (orgUnitId: string, leaderIds: string[] = [], extra: Record<string, unknown> = {}) => ({
  orgUnitId,
  type: 'retail' as const,
  name: `群 ${Math.random().toString(36).slice(2, 7)}`,
  purpose: '团购价',
  rules: '不发广告',
  capacity: 500,
  warnLimit: 3,
  leaderIds,
  ...extra,
});

interface World {
  t: TestTenant;
  storeA: string;
  storeB: string;
  leaderA: { id: string; ctx: Ctx };
  leaderB: { id: string; ctx: Ctx };
  groupA: string;
  groupB: string;
}

async function world(): Promise<World> {
  const t = await createTestTenant(base);
  const storeA = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'Store A' })).id;
  const storeB = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'Store B' })).id;
  const leaderA = await createTestUser(t, 'leader', [storeA]);
  const leaderB = await createTestUser(t, 'leader', [storeB]);
  const groupA = (await createGroup(t.owner, groupInput(storeA, [leaderA.id]))).id;
  const groupB = (await createGroup(t.owner, groupInput(storeB, [leaderB.id]))).id;
  return { t, storeA, storeB, leaderA, leaderB, groupA, groupB };
}

async function join(member: Ctx, code: string) {
  return joinGroup(member, { code, acceptRules: true });
}

describe('groups, invites and the roster', () => {
  it('records each member’s source and referrer from the link they joined through', async () => {
    const w = await world();
    const official = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '公众号' }, link);
    const leaderLink = await createInvite(w.leaderA.ctx, w.groupA, { eventName: '', label: '' }, link);
    const event = await createInvite(w.t.owner, w.groupA, { source: 'offline_event', eventName: '草莓品鉴会', label: '' }, link);
    expect(official.referrer).toBeNull();
    expect(leaderLink).toMatchObject({ source: 'operator_contacts', referrer: { type: 'user', id: w.leaderA.id } });
    expect(official.url).toBe(`https://shop.example/m/x/join/${official.code}`);

    const a = await newMember(w.t, '甲');
    const b = await newMember(w.t, '乙');
    const c = await newMember(w.t, '丙');
    await join(a, official.code);
    await join(b, leaderLink.code.toLowerCase());
    await join(c, event.code);
    const memberLink = await createInvite(a, w.groupA, { eventName: '', label: '' }, link);
    expect(memberLink).toMatchObject({ source: 'member_referral', referrer: { type: 'member', id: a.actor.id } });
    expect((await createInvite(a, w.groupA, { eventName: '', label: '' }, link)).id).toBe(memberLink.id);
    const d = await newMember(w.t, '丁');
    await join(d, memberLink.code);
    const e = await newMember(w.t, '戊');
    await join(e, official.code);

    const roster = await listGroupMembers(w.t.owner, w.groupA, { limit: 50 });
    const by = new Map(roster.items.map((r) => [r.memberId, r]));
    expect(by.get(a.actor.id)).toMatchObject({ source: 'official', referrer: null, status: 'active' });
    expect(by.get(b.actor.id)).toMatchObject({ source: 'operator_contacts', referrer: { type: 'user', id: w.leaderA.id } });
    expect(by.get(c.actor.id)).toMatchObject({ source: 'offline_event', eventName: '草莓品鉴会' });
    expect(by.get(d.actor.id)).toMatchObject({ source: 'member_referral', referrer: { type: 'member', id: a.actor.id, name: '甲**' } });
    for (const r of roster.items) expect(r.rulesAcceptedAt).not.toBeNull();
    const g = await getGroup(w.t.owner, w.groupA);
    expect(g.counts.active).toBe(5);
    expect(g.sources).toMatchObject({ official: 2, operator_contacts: 1, offline_event: 1, member_referral: 1 });
    expect((await listInvites(w.t.owner, w.groupA, { limit: 50 }, link)).items.find((i) => i.id === official.id)!.uses).toBe(2);

    const mine = await listMyGroups(a);
    expect(mine.items).toEqual([expect.objectContaining({ groupId: w.groupA, memberCount: 5, status: 'active' })]);
    const events = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from outbox_events where tenant_id = ${w.t.tenantId} and type = 'group.member_joined'`);
    expect(Number(events[0]!.n)).toBe(5);

    // A member's own link does not make them their own referrer.
    await leaveGroup(a, w.groupA);
    await join(a, memberLink.code);
    const again = (await listGroupMembers(w.t.owner, w.groupA, { limit: 50 })).items.find((r) => r.memberId === a.actor.id);
    expect(again).toMatchObject({ status: 'active', source: 'official', referrer: null });
  });

  it('refuses joining when banned, already in, full, or the link is revoked, expired or used up — and changes nothing', async () => {
    const w = await world();
    const small = await createGroup(w.t.owner, groupInput(w.storeA, [], { capacity: 2 }));
    const inv = await createInvite(w.t.owner, small.id, { source: 'official', eventName: '', label: '' }, link);
    const [a, b, c] = [await newMember(w.t), await newMember(w.t), await newMember(w.t)];
    await join(a, inv.code);
    expect(await errorCode(join(a, inv.code))).toBe('community.already_member');
    await join(b, inv.code);
    expect(await errorCode(join(c, inv.code))).toBe('community.group_full');
    expect((await listInvites(w.t.owner, small.id, { limit: 5 }, link)).items[0]!.uses).toBe(2);

    await actOnMember(w.t.owner, small.id, b.actor.id, 'ban', 'spam');
    expect(await errorCode(join(b, inv.code))).toBe('community.banned');
    await actOnMember(w.t.owner, small.id, b.actor.id, 'unban', '');
    await join(b, inv.code);

    const once = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '', maxUses: 1 }, link);
    await join(await newMember(w.t), once.code);
    expect(await errorCode(join(await newMember(w.t), once.code))).toBe('community.invite_invalid');
    const revoked = await revokeInvite(w.t.owner, (await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '' }, link)).id, link);
    expect(await errorCode(join(await newMember(w.t), revoked.code))).toBe('community.invite_invalid');
    expect((await publicInvite(w.t.sys, revoked.code)).invalidReason).toBe('revoked');
    const expiring = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '', expiresInDays: 1 }, link);
    await base.tx.execute(sql`update group_invites set expires_at = now() - interval '1 second' where tenant_id = ${w.t.tenantId} and id = ${expiring.id}`);
    expect(await errorCode(join(await newMember(w.t), expiring.code))).toBe('community.invite_invalid');
    expect(await errorCode(join(await newMember(w.t), 'NOPE2345'))).toBe('common.not_found');
    await updateGroup(w.t.owner, w.groupA, { status: 'archived' });
    expect((await publicInvite(w.t.sys, once.code)).invalidReason).toBe('used_up');
    const fresh = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '' }, link);
    expect(await errorCode(join(await newMember(w.t), fresh.code))).toBe('community.invite_invalid');
  });

  it('a member joins, leaves and joins again with the new source; a member outside the group gets no referral link', async () => {
    const w = await world();
    const a = await newMember(w.t);
    expect(await errorCode(createInvite(a, w.groupA, { eventName: '', label: '' }, link))).toBe('community.not_in_group');
    const official = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '' }, link);
    const event = await createInvite(w.t.owner, w.groupA, { source: 'offline_event', eventName: '市集', label: '' }, link);
    await join(a, official.code);
    await leaveGroup(a, w.groupA);
    expect((await listMyGroups(a)).items).toEqual([]);
    await join(a, event.code);
    const [row] = (await listGroupMembers(w.t.owner, w.groupA, { limit: 5 })).items;
    expect(row).toMatchObject({ memberId: a.actor.id, status: 'active', source: 'offline_event', eventName: '市集' });
    expect(await errorCode(createInvite(w.t.owner, w.groupA, { source: 'member_referral', eventName: '', label: '' }, link))).toBe('community.invalid_invite_source');
  });

  it('serves the invite QR code as PNG and SVG of the join link', async () => {
    const w = await world();
    const inv = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '' }, link);
    const png = await inviteQr(w.t.owner, inv.id, 'png', 256, link);
    expect(png.contentType).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const own = await createInvite(w.leaderA.ctx, w.groupA, { eventName: '', label: '' }, link);
    const svg = await inviteQr(w.leaderA.ctx, own.id, 'svg', 256, link);
    expect(String(svg.body)).toContain('<svg');
    // A leader manages their own links, not the brand's or another leader's.
    expect(await errorCode(inviteQr(w.leaderA.ctx, inv.id, 'png', 256, link))).toBe('common.not_found');
    expect(await errorCode(revokeInvite(w.leaderA.ctx, inv.id, link))).toBe('common.not_found');
    expect(await errorCode(inviteQr(w.leaderB.ctx, own.id, 'png', 256, link))).toBe('common.not_found');
    expect(await errorCode(createInvite(w.leaderA.ctx, w.groupA, { source: 'official', eventName: '', label: '' }, link))).toBe('community.invalid_invite_source');
    expect((await createInvite(w.leaderA.ctx, w.groupA, { source: 'offline_event', eventName: '小区市集', label: '' }, link)).referrer).toMatchObject({ type: 'user', id: w.leaderA.id });
  });

  it('validates leaders, org units and external ids', async () => {
    const w = await world();
    const operator = await createTestUser(w.t, 'operator', [w.storeA]);
    expect(await errorCode(createGroup(w.t.owner, groupInput(w.storeA, [operator.id])))).toBe('community.not_a_leader');
    expect(await errorCode(createGroup(w.t.owner, groupInput('org_missing')))).toBe('community.unknown_org_unit');
    expect(await errorCode(createGroup(operator.ctx, groupInput(w.storeB)))).toBe('common.forbidden');
    expect(await errorCode(createGroup(w.leaderA.ctx, groupInput(w.storeA)))).toBe('common.forbidden');
    await createGroup(w.t.owner, groupInput(w.storeA, [], { externalId: 'room-1' }));
    expect(await errorCode(createGroup(w.t.owner, groupInput(w.storeA, [], { externalId: 'room-1' })))).toBe('community.external_id_taken');
    expect(await errorCode(updateGroup(w.t.owner, w.groupA, { externalId: 'room-1' }))).toBe('community.external_id_taken');
    const moved = await updateGroup(w.t.owner, w.groupA, { leaderIds: [w.leaderB.id], name: '新名字' });
    expect(moved.leaders.map((l) => l.id)).toEqual([w.leaderB.id]);
    expect((await listGroups(w.leaderA.ctx, { limit: 50 })).items.map((g) => g.id)).not.toContain(w.groupA);
  });
});

describe('leader scope', () => {
  it('leader A never sees leader B’s groups, members, invites, moderation log or pickup points', async () => {
    const w = await world();
    const inv = await createInvite(w.t.owner, w.groupB, { source: 'official', eventName: '', label: '' }, link);
    const m = await newMember(w.t, '王五');
    await join(m, inv.code);
    await ensureStaffLeaderProfile(w.t.sys, { userId: w.leaderB.id, realName: 'B', phone: '13900000002', email: 'b@x.test', orgUnitId: w.storeB });
    const pointB = await createPickupPoint(w.leaderB.ctx, { name: 'B 点', address: 'B 路 1 号', openingHours: '', contactName: '', contactPhone: '', capacity: 10 });
    await actOnMember(w.leaderB.ctx, w.groupB, m.actor.id, 'mute', '刷屏');

    const a = w.leaderA.ctx;
    expect((await listGroups(a, { limit: 50 })).items.map((g) => g.id)).toEqual([w.groupA]);
    expect((await listGroups(a, { limit: 50, leaderId: w.leaderB.id })).items).toEqual([]);
    expect(await errorCode(getGroup(a, w.groupB))).toBe('common.not_found');
    expect(await errorCode(listGroupMembers(a, w.groupB, { limit: 5 }))).toBe('common.not_found');
    expect(await errorCode(listInvites(a, w.groupB, { limit: 5 }, link))).toBe('common.not_found');
    expect(await errorCode(createInvite(a, w.groupB, { eventName: '', label: '' }, link))).toBe('common.not_found');
    expect(await errorCode(actOnMember(a, w.groupB, m.actor.id, 'ban', 'x'))).toBe('common.not_found');
    expect(await errorCode(listModerationEvents(a, { limit: 5, groupId: w.groupB }))).toBe('common.not_found');
    expect((await listModerationEvents(a, { limit: 50 })).items).toEqual([]);
    expect((await listModerationEvents(w.leaderB.ctx, { limit: 50 })).items.map((e) => e.kind)).toEqual(['member_muted']);
    expect((await listPickupPoints(a, { limit: 50 })).items).toEqual([]);
    expect(await errorCode(updatePickupPoint(a, pointB.id, { status: 'closed' }))).toBe('common.not_found');
    expect(await errorCode(checkMessage(a, { groupId: w.groupB, text: 'hi' }))).toBe('common.not_found');
    expect(await errorCode(updateGroup(w.leaderB.ctx, w.groupB, { name: 'x' }))).toBe('common.forbidden');

    // Leader B sees the roster with masked phones and cannot search by digits.
    const phone = (await getMembersBasic(w.t.sys, [m.actor.id])).get(m.actor.id)!.phone;
    const roster = await listGroupMembers(w.leaderB.ctx, w.groupB, { limit: 5 });
    expect(roster.items[0]!.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect((await listGroupMembers(w.t.owner, w.groupB, { limit: 5 })).items[0]!.phone).toBe(phone);
    expect((await listGroupMembers(w.leaderB.ctx, w.groupB, { limit: 5, q: phone.slice(-4) })).items).toEqual([]);
    expect((await listGroupMembers(w.leaderB.ctx, w.groupB, { limit: 5, q: '王五' })).items).toHaveLength(1);
    // "My members" across the leader's groups: B's member with a masked phone; A sees none of them.
    expect((await listCommunityMembers(w.leaderB.ctx, { limit: 50 })).items).toEqual([expect.objectContaining({ memberId: m.actor.id, groupName: expect.any(String), phone: roster.items[0]!.phone })]);
    expect((await listCommunityMembers(w.leaderA.ctx, { limit: 50 })).items).toEqual([]);
  });

  it('operators see the groups of their org units; another tenant sees nothing', async () => {
    const w = await world();
    const opA = await createTestUser(w.t, 'operator', [w.storeA]);
    expect((await listGroups(opA.ctx, { limit: 50 })).items.map((g) => g.id)).toEqual([w.groupA]);
    expect(await errorCode(getGroup(opA.ctx, w.groupB))).toBe('common.not_found');
    const other = await createTestTenant(base);
    expect(await errorCode(getGroup(other.owner, w.groupA))).toBe('common.not_found');
    expect((await listGroups(other.owner, { limit: 50 })).items).toEqual([]);
  });
});

describe('moderation', () => {
  it('each action moves the member along and is logged with its reason and actor', async () => {
    const w = await world();
    const inv = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '' }, link);
    const m = await newMember(w.t);
    await join(m, inv.code);
    const act = (action: 'remove' | 'ban' | 'unban' | 'mute' | 'unmute', reason = 'r') => actOnMember(w.leaderA.ctx, w.groupA, m.actor.id, action, reason);
    expect((await act('mute', '刷屏')).status).toBe('muted');
    expect(await errorCode(act('mute'))).toBe('community.invalid_member_action');
    expect((await act('unmute', '')).status).toBe('active');
    // Leaving does not lift a mute: a member who left while muted comes back muted.
    await act('mute', '刷屏');
    await leaveGroup(m, w.groupA);
    const back = await join(m, inv.code);
    expect(back).toMatchObject({ status: 'muted' });
    expect((await act('unmute', '')).status).toBe('active');
    expect((await act('remove', '发广告')).status).toBe('removed');
    expect(await errorCode(act('remove'))).toBe('community.invalid_member_action');
    expect(await errorCode(act('unban'))).toBe('community.invalid_member_action');
    const banned = await act('ban', '换号骚扰');
    expect(banned).toMatchObject({ status: 'banned', statusReason: '换号骚扰' });
    expect((await act('unban', '申诉通过')).status).toBe('removed');
    const log = await listModerationEvents(w.t.owner, { limit: 50, groupId: w.groupA });
    expect(log.items.map((e) => [e.kind, e.reason, e.actorName])).toEqual([
      ['member_unbanned', '申诉通过', 'leader user'],
      ['member_banned', '换号骚扰', 'leader user'],
      ['member_removed', '发广告', 'leader user'],
      ['member_unmuted', '', 'leader user'],
      ['member_muted', '刷屏', 'leader user'],
      ['member_unmuted', '', 'leader user'],
      ['member_muted', '刷屏', 'leader user'],
    ]);
    expect(await errorCode(actOnMember(w.t.owner, w.groupA, 'mbr_nobody', 'ban', 'x'))).toBe('common.not_found');
    const audits = await queryRows<{ action: string }>(base.tx, sql`select action from audit_log where tenant_id = ${w.t.tenantId} and action like 'group_member.%' order by id`);
    expect(audits.map((a) => a.action)).toEqual(['group_member.mute', 'group_member.unmute', 'group_member.mute', 'group_member.unmute', 'group_member.remove', 'group_member.ban', 'group_member.unban']);
  });

  it('checkMessage answers the action, counts warnings, mutes at the limit and blocks the muted', async () => {
    const w = await world();
    await updateGroup(w.t.owner, w.groupA, { externalId: 'room-A' });
    const inv = await createInvite(w.t.owner, w.groupA, { source: 'official', eventName: '', label: '' }, link);
    const m = await newMember(w.t);
    await join(m, inv.code);
    const phone = (await getMembersBasic(w.t.sys, [m.actor.id])).get(m.actor.id)!.phone;
    await createModerationRule(w.t.owner, { keyword: '加微信', action: 'block', note: '' });
    const warnRule = await createModerationRule(w.leaderA.ctx, { groupId: w.groupA, keyword: '代购', action: 'warn', note: '' });
    expect(await errorCode(createModerationRule(w.leaderA.ctx, { keyword: 'x', action: 'warn', note: '' }))).toBe('common.forbidden');

    const check = (text: string, extra: Record<string, string> = {}) => checkMessage(w.t.owner, { externalGroupId: 'room-A', phone, text, ...extra });
    expect(await check('今天的草莓真甜')).toMatchObject({ action: 'allow', matches: [], warnings: 0, muted: false, eventId: null });
    expect(await check('有人要代购吗')).toMatchObject({ action: 'warn', warnings: 1, muted: false });
    expect(await check('加 微 信 领券')).toMatchObject({ action: 'block', warnings: 2, muted: false });
    // The group rule does not apply in another group.
    expect((await checkMessage(w.t.owner, { groupId: w.groupB, text: '代购' })).action).toBe('allow');
    const third = await check('代购 + 加微信');
    expect(third).toMatchObject({ action: 'block', warnings: 3, muted: true });
    expect(third.matches).toHaveLength(2);
    expect(await check('我是正常发言')).toMatchObject({ action: 'block', muted: true, eventId: null });
    const [row] = (await listGroupMembers(w.t.owner, w.groupA, { limit: 5 })).items;
    expect(row).toMatchObject({ status: 'muted', warnings: 3 });
    const kinds = (await listModerationEvents(w.t.owner, { limit: 50, groupId: w.groupA })).items.map((e) => e.kind);
    expect(kinds).toEqual(['member_muted', 'message_blocked', 'message_blocked', 'message_warned']);
    expect((await listModerationEvents(w.t.owner, { limit: 50, kind: 'message_warned' })).items[0]).toMatchObject({ keyword: '代购', excerpt: '有人要代购吗' });
    expect(await errorCode(checkMessage(w.t.owner, { externalGroupId: 'room-none', text: 'x' }))).toBe('community.unknown_group');

    await deactivateModerationRule(w.leaderA.ctx, warnRule.id);
    await actOnMember(w.t.owner, w.groupA, m.actor.id, 'unmute', '');
    expect(await check('代购')).toMatchObject({ action: 'allow', warnings: 0 });
    const rules = await listModerationRules(w.leaderA.ctx, { limit: 50 });
    expect(rules.items.map((r) => [r.keyword, r.active])).toEqual([
      ['代购', false],
      ['加微信', true],
    ]);
    expect((await listModerationRules(w.leaderB.ctx, { limit: 50 })).items.map((r) => r.keyword)).toEqual(['加微信']);
  });
});

describe('leaders and pickup points', () => {
  it('a member applies, an operator approves and the leader gets a console account; reject lets them apply again', async () => {
    const w = await world();
    const region = await createOrgUnit(w.t.sys, { parentId: w.t.brandId, kind: 'region', name: 'East' });
    const store = await createOrgUnit(w.t.sys, { parentId: region.id, kind: 'store', name: 'East 1' });
    const opEast = await createTestUser(w.t, 'operator', [region.id, store.id]);
    const opOther = await createTestUser(w.t, 'operator', [w.storeB]);
    const m = await newMember(w.t, '赵敏');
    expect((await myLeaderApplication(m)).application).toBeNull();
    const app = await applyLeader(m, { realName: '赵敏', email: 'Zhao@Example.com', orgUnitId: store.id, intro: '业主群群主' });
    expect(app).toMatchObject({ status: 'applied', email: 'zhao@example.com', origin: 'application', orgUnitName: 'East 1' });
    expect(await errorCode(applyLeader(m, { realName: '赵敏', email: 'z@example.com', orgUnitId: store.id, intro: '' }))).toBe('community.leader_exists');
    expect(await errorCode(applyLeader(m, { realName: '赵敏', email: 'z@example.com', orgUnitId: 'org_nope', intro: '' }))).toBe('community.unknown_org_unit');
    expect(await errorCode(applyLeader(await newMember(w.t), { realName: '甲', email: 'j@example.com', orgUnitId: w.t.brandId, intro: '' }))).toBe('community.unknown_org_unit');
    expect((await listLeaders(opOther.ctx, { limit: 50 })).items.map((l) => l.id)).not.toContain(app.id);
    expect(await errorCode(decideLeader(opOther.ctx, app.id, 'approve', ''))).toBe('common.not_found');
    expect(await errorCode(decideLeader(w.leaderA.ctx, app.id, 'approve', ''))).toBe('common.forbidden');
    expect(await errorCode(decideLeader(opEast.ctx, app.id, 'suspend', ''))).toBe('community.invalid_leader_decision');

    const approved = await decideLeader(opEast.ctx, app.id, 'approve', '资料齐全');
    expect(approved.initialPassword).toMatch(/^[\w-]{10,}$/);
    expect(approved.leader).toMatchObject({ status: 'approved', decisionNote: '资料齐全' });
    const user = (await getUsersBasic(w.t.sys, [approved.leader.userId!])).get(approved.leader.userId!);
    expect(user).toMatchObject({ role: 'leader', email: 'zhao@example.com', status: 'active' });
    expect((await myLeaderApplication(m)).application!.status).toBe('approved');
    const suspended = await decideLeader(opEast.ctx, app.id, 'suspend', '违规');
    expect(suspended.initialPassword).toBeNull();
    expect((await getUsersBasic(w.t.sys, [approved.leader.userId!])).get(approved.leader.userId!)!.status).toBe('disabled');
    expect((await decideLeader(opEast.ctx, app.id, 'reinstate', '')).leader.status).toBe('approved');
    expect((await getUsersBasic(w.t.sys, [approved.leader.userId!])).get(approved.leader.userId!)!.status).toBe('active');

    // An approved leader can run groups and has pickup points.
    const g = await createGroup(opEast.ctx, groupInput(store.id, [approved.leader.userId!]));
    expect(g.leaders[0]!.name).toBe('赵敏');

    const other = await newMember(w.t, '钱进');
    const rejected = await decideLeader(w.t.owner, (await applyLeader(other, { realName: '钱进', email: 'zhao@example.com', orgUnitId: store.id, intro: '' })).id, 'reject', '已有团长');
    expect(rejected.leader).toMatchObject({ status: 'rejected', decisionNote: '已有团长' });
    const again = await applyLeader(other, { realName: '钱进', email: 'zhao@example.com', orgUnitId: store.id, intro: '再试一次' });
    expect(again).toMatchObject({ id: rejected.leader.id, status: 'applied', decisionNote: '' });
    // The email is taken by 赵敏's account: approval fails and leaves the application as it was.
    expect(await errorCode(decideLeader(w.t.owner, again.id, 'approve', ''))).toBe('identity.email_taken');
    expect((await myLeaderApplication(other)).application!.status).toBe('applied');
  });

  it('pickup points: leaders add their own; staff add one for an approved leader in scope', async () => {
    const w = await world();
    const point = { name: '漕溪北路自提点', address: '漕溪北路 88 号', openingHours: '9:00–21:00', contactName: '王', contactPhone: '13900000001', capacity: 100 };
    // A leader account made directly by an owner gets its staff profile on first use.
    const own = await createPickupPoint(w.leaderA.ctx, point);
    expect((await listLeaders(w.t.owner, { limit: 50 })).items.find((l) => l.userId === w.leaderA.id)).toMatchObject({ origin: 'staff', status: 'approved', orgUnitId: w.storeA });
    const operator = await createTestUser(w.t, 'operator', [w.storeA]);
    expect(await errorCode(createPickupPoint(w.t.owner, { ...point, leaderId: operator.id }))).toBe('community.not_a_leader');
    expect(own).toMatchObject({ leaderId: w.leaderA.id, orgUnitId: w.storeA, status: 'active' });
    expect(await errorCode(createPickupPoint(w.leaderA.ctx, { ...point, leaderId: w.leaderB.id }))).toBe('common.forbidden');
    const opB = await createTestUser(w.t, 'operator', [w.storeB]);
    expect(await errorCode(createPickupPoint(opB.ctx, { ...point, leaderId: w.leaderA.id }))).toBe('common.forbidden');
    expect(await errorCode(createPickupPoint(w.t.owner, point))).toBe('common.validation_failed');
    await createPickupPoint(w.t.owner, { ...point, name: '第二个点', leaderId: w.leaderA.id });
    expect((await listPickupPoints(w.leaderA.ctx, { limit: 50 })).items).toHaveLength(2);
    expect((await listPickupPoints(opB.ctx, { limit: 50 })).items).toHaveLength(0);
    const closed = await updatePickupPoint(w.leaderA.ctx, own.id, { status: 'closed' });
    expect(closed.status).toBe('closed');
    expect((await listPickupPoints(w.t.owner, { limit: 50, status: 'active' })).items.map((p) => p.name)).toEqual(['第二个点']);
    const leaders = await listLeaders(w.t.owner, { limit: 50 });
    expect(leaders.items.find((l) => l.userId === w.leaderA.id)).toMatchObject({ groupCount: 1, pickupPointCount: 1 });
  });
});
