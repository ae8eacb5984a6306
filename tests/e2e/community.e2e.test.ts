import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, memberClient as newMemberClient, newTenant, startTestApp, type TestApp } from '../helpers/app';
import { TEST_PASSWORD, type TestTenant } from '../helpers/factories';
import { importRows, toCsv, toXlsx } from '../helpers/import-files';

let t: TestApp;
let tenant: TestTenant;
let owner: ReturnType<typeof as>;
let ownerCookie: string;
let leaderACookie: string;
let storeA: string;
let storeB: string;
let leaderA: ReturnType<typeof as>;
let leaderB: ReturnType<typeof as>;
let leaderAId: string;
let leaderBId: string;

let phone = 13600000000;
const memberClient = () => newMemberClient(t.app, owner, tenant.slug, String(++phone));

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
  ownerCookie = await login(t.app, tenant.slug, tenant.ownerEmail);
  owner = as(t.app, { cookie: ownerCookie });
  storeA = (await owner.post('/org-units', { parentId: tenant.brandId, kind: 'store', name: '徐汇店' })).json().id;
  storeB = (await owner.post('/org-units', { parentId: tenant.brandId, kind: 'store', name: '南山店' })).json().id;
  for (const [email, unit] of [['la@x.test', storeA], ['lb@x.test', storeB]] as const) {
    const res = await owner.post('/users', { email, name: email.slice(0, 2), role: 'leader', password: TEST_PASSWORD, orgUnitIds: [unit] });
    expect(res.statusCode).toBe(201);
    if (unit === storeA) leaderAId = res.json().id;
    else leaderBId = res.json().id;
  }
  leaderACookie = await login(t.app, tenant.slug, 'la@x.test');
  leaderA = as(t.app, { cookie: leaderACookie });
  leaderB = as(t.app, { cookie: await login(t.app, tenant.slug, 'lb@x.test') });
});
afterAll(() => t.close());

const group = (orgUnitId: string, leaderIds: string[], extra: object = {}) => ({ orgUnitId, type: 'retail', name: '鲜果 1 群', purpose: '每周团购', rules: '1. 不发广告\n2. 友善交流', leaderIds, ...extra });

describe('communities over HTTP', () => {
  it('answers bad input with problem+json naming the field, and stores nothing', async () => {
    const before = (await owner.get('/groups')).json().items.length;
    const missing = await owner.post('/groups', { type: 'club', name: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['orgUnitId', 'type', 'name']));
    expect((await owner.post('/groups', { ...group(storeA, []), capacity: 0 })).json().errors[0].path).toBe('capacity');
    expect((await owner.post('/groups', { ...group(storeA, []), surprise: 1 })).statusCode).toBe(400);
    expect((await owner.post('/groups', group(storeA, [tenant.ownerId]))).json()).toMatchObject({ status: 400, code: 'community.not_a_leader' });
    expect((await owner.get('/groups')).json().items.length).toBe(before);

    const g = (await owner.post('/groups', group(storeA, [leaderAId]))).json();
    const noEvent = await owner.post(`/groups/${g.id}/invites`, { source: 'offline_event' });
    expect(noEvent.statusCode).toBe(400);
    expect(noEvent.json().errors[0].path).toBe('eventName');
    const check = await owner.post('/moderation/check', { groupId: g.id, externalGroupId: 'x', text: 'hi' });
    expect(check.json().errors[0].path).toBe('groupId');
    const inv = (await owner.post(`/groups/${g.id}/invites`, { source: 'official' })).json();
    const m = await memberClient();
    const noRules = await m.send('POST', '/me/groups', { code: inv.code });
    expect(noRules.statusCode).toBe(400);
    expect(noRules.json().errors[0]).toMatchObject({ path: 'acceptRules' });
    expect((await owner.get(`/groups/${g.id}/members`)).json().items).toEqual([]);
    expect((await owner.get('/groups?cursor=garbage')).json().code).toBe('common.invalid_cursor');
  });

  it('a member opens an invite without logging in, joins accepting the rules, and a ban keeps them out', async () => {
    const g = (await owner.post('/groups', group(storeA, [leaderAId], { type: 'fan', name: '粉丝群' }))).json();
    expect(g).toMatchObject({ type: 'fan', leaders: [{ id: leaderAId }], counts: { active: 0 } });
    const inv = (await leaderA.post(`/groups/${g.id}/invites`, { label: '朋友圈' })).json();
    expect(inv).toMatchObject({ source: 'operator_contacts', referrer: { type: 'user', id: leaderAId } });
    expect(inv.url).toMatch(new RegExp(`/m/${tenant.slug}/join/${inv.code}$`));

    const page = await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/invites/${inv.code}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ valid: true, referrerName: 'la', group: { name: '粉丝群', purpose: '每周团购', rules: '1. 不发广告\n2. 友善交流', memberCount: 0, leaders: ['la'] } });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/invites/ZZZZ9999` })).statusCode).toBe(404);

    const png = await owner.get(`/invites/${inv.id}/qr`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const svg = await owner.get(`/invites/${inv.id}/qr?format=svg&size=300`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    expect((await owner.get(`/invites/${inv.id}/qr?format=gif`)).statusCode).toBe(400);

    const m = await memberClient();
    const joined = await m.send('POST', '/me/groups', { code: inv.code, acceptRules: true });
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({ memberId: m.id, source: 'operator_contacts', status: 'active' });
    expect((await m.send('POST', '/me/groups', { code: inv.code, acceptRules: true })).json()).toMatchObject({ status: 409, code: 'community.already_member' });
    expect((await m.send('GET', '/me/groups')).json().items).toEqual([expect.objectContaining({ groupId: g.id, name: '粉丝群', memberCount: 1 })]);

    // The leader sees the member with a masked phone; the owner sees it in full.
    const asLeader = (await leaderA.get(`/groups/${g.id}/members`)).json().items[0];
    expect(asLeader.phone).toBe(`${m.phone.slice(0, 3)}****${m.phone.slice(-4)}`);
    expect((await owner.get(`/groups/${g.id}/members`)).json().items[0].phone).toBe(m.phone);

    expect((await leaderA.post(`/groups/${g.id}/members/${m.id}/ban`, {})).json().errors[0].path).toBe('reason');
    const ban = await leaderA.post(`/groups/${g.id}/members/${m.id}/ban`, { reason: '发广告' });
    expect(ban.json()).toMatchObject({ status: 'banned', statusReason: '发广告' });
    const again = await m.send('POST', '/me/groups', { code: inv.code, acceptRules: true });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('community.banned');
    expect((await leaderA.get(`/moderation/events?groupId=${g.id}`)).json().items[0]).toMatchObject({ kind: 'member_banned', reason: '发广告', actorName: 'la' });
    expect((await leaderA.post(`/groups/${g.id}/members/${m.id}/unban`, {})).json().status).toBe('removed');
    expect((await m.send('POST', '/me/groups', { code: inv.code, acceptRules: true })).statusCode).toBe(201);
  });

  it('leaders see only their own groups: another leader’s group is a 404, not a 403', async () => {
    const a = (await owner.post('/groups', group(storeA, [leaderAId], { name: 'A 群' }))).json();
    const b = (await owner.post('/groups', group(storeB, [leaderBId], { name: 'B 群' }))).json();
    const mine = (await leaderB.get('/groups?limit=200')).json().items.map((g: { id: string }) => g.id);
    expect(mine).toContain(b.id);
    expect(mine).not.toContain(a.id);
    for (const url of [`/groups/${a.id}`, `/groups/${a.id}/members`, `/groups/${a.id}/invites`, `/moderation/events?groupId=${a.id}`]) {
      const res = await leaderB.get(url);
      expect(res.statusCode, url).toBe(404);
    }
    expect((await leaderB.post(`/groups/${a.id}/invites`, {})).statusCode).toBe(404);
    expect((await leaderB.patch(`/groups/${b.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await leaderB.get('/leaders')).statusCode).toBe(403);
  });

  it('a chat integration checks messages with an API token', async () => {
    const g = (await owner.post('/groups', group(storeA, [leaderAId], { name: '风控群', externalId: 'room-42', warnLimit: 2 }))).json();
    expect((await owner.post('/groups', group(storeA, [], { externalId: 'room-42' }))).json().code).toBe('community.external_id_taken');
    const inv = (await owner.post(`/groups/${g.id}/invites`, { source: 'official' })).json();
    const m = await memberClient();
    await m.send('POST', '/me/groups', { code: inv.code, acceptRules: true });
    expect((await owner.post('/moderation/rules', { keyword: '加微信', action: 'block' })).statusCode).toBe(201);
    expect((await owner.post('/moderation/rules', { keyword: '', action: 'block' })).json().errors[0].path).toBe('keyword');
    const token = (await owner.post('/api-tokens', { name: '企业微信', role: 'operator' })).json().token as string;
    const api = as(t.app, { token });
    const send = (text: string) => api.post('/moderation/check', { externalGroupId: 'room-42', phone: m.phone, text });
    expect((await send('早上好')).json()).toMatchObject({ action: 'allow', warnings: 0 });
    expect((await send('加 微 信 送券')).json()).toMatchObject({ action: 'block', warnings: 1, muted: false, matches: [{ keyword: '加微信' }] });
    expect((await send('ＶＸ 加微信')).json()).toMatchObject({ action: 'block', warnings: 2, muted: true });
    expect((await owner.get(`/groups/${g.id}/members`)).json().items[0]).toMatchObject({ status: 'muted', warnings: 2 });
    expect((await owner.get(`/moderation/events?groupId=${g.id}&kind=member_muted`)).json().items).toHaveLength(1);
  });

  it('a member applies to be a leader; the operator approves and the leader signs in with the one-time password', async () => {
    const units = await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/org-units` });
    expect(units.json().items.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['徐汇店', '南山店']));
    const m = await memberClient();
    expect((await m.send('GET', '/me/leader-application')).json()).toEqual({ application: null });
    const bad = await m.send('POST', '/me/leader-application', { realName: '赵敏', email: 'not-an-email', orgUnitId: storeA });
    expect(bad.json().errors[0].path).toBe('email');
    const applied = await m.send('POST', '/me/leader-application', { realName: '赵敏', email: 'zhao@x.test', orgUnitId: storeA, intro: '业主群群主' });
    expect(applied.statusCode).toBe(201);
    const id = applied.json().id;
    expect((await owner.get('/leaders?status=applied')).json().items.map((l: { id: string }) => l.id)).toContain(id);
    const approved = await owner.post(`/leaders/${id}/approve`, { note: '资料齐全' });
    expect(approved.statusCode).toBe(200);
    const { initialPassword, leader } = approved.json();
    expect(leader.status).toBe('approved');
    expect((await owner.post(`/leaders/${id}/approve`, {})).json().code).toBe('community.invalid_leader_decision');
    const cookie = await login(t.app, tenant.slug, 'zhao@x.test', initialPassword);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json();
    expect(me.actor).toMatchObject({ role: 'leader', name: '赵敏' });
    const newLeader = as(t.app, { cookie });
    const point = await newLeader.post('/pickup-points', { name: '文三路自提点', address: '杭州市西湖区文三路 1 号', openingHours: '9–21', capacity: 80 });
    expect(point.statusCode).toBe(201);
    expect(point.json()).toMatchObject({ leaderId: leader.userId, orgUnitId: storeA });
    expect((await newLeader.get('/pickup-points')).json().items).toHaveLength(1);
    expect((await newLeader.post('/pickup-points', { name: '', address: '' })).json().errors.map((e: { path: string }) => e.path)).toEqual(['name', 'address']);
    // Closing a point changes its status and nothing else.
    const closed = await newLeader.patch(`/pickup-points/${point.json().id}`, { status: 'closed' });
    expect(closed.json()).toMatchObject({ status: 'closed', openingHours: '9–21', capacity: 80, name: '文三路自提点' });
  });

  it('imports members from an uploaded XLSX or CSV, shows progress, and reports each bad row', async () => {
    const g = (await owner.post('/groups', group(storeA, [], { name: '导入群' }))).json();
    const file = importRows(300, { phonePrefix: '1371', badEvery: 30, duplicateEvery: 100 });
    const upload = (body: Buffer, type: string, query: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/member-imports?${query}`, headers: { cookie: ownerCookie, 'content-type': type }, payload: body });
    const res = await upload(await toXlsx(file.header, file.rows), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `groupId=${g.id}&filename=buyers.xlsx`);
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    expect(res.json()).toMatchObject({ format: 'xlsx', totalRows: 300, filename: 'buyers.xlsx' });
    let report = (await owner.get(`/member-imports/${id}`)).json();
    for (let i = 0; i < 100 && report.import.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      report = (await owner.get(`/member-imports/${id}`)).json();
    }
    expect(report.import).toMatchObject({ status: 'done', processedRows: 300, failedRows: file.bad.size, duplicateRows: file.duplicates.size, joinedRows: 300 - file.bad.size - file.duplicates.size });
    expect(report.rows.items.map((r: { rowNumber: number }) => r.rowNumber).sort((a: number, b: number) => a - b)).toEqual([...file.bad.keys(), ...file.duplicates.keys()].sort((a, b) => a - b));
    expect((await owner.get(`/groups/${g.id}`)).json().sources.import).toBe(300 - file.bad.size - file.duplicates.size);

    const csv = await upload(toCsv(['手机号', '姓名'], [['13712340000', '新人']]), 'text/csv', 'filename=x.csv');
    expect(csv.statusCode).toBe(202);
    expect(csv.json().format).toBe('csv');
    const noPhone = await upload(toCsv(['姓名'], [['x']]), 'text/csv', '');
    expect(noPhone.json()).toMatchObject({ status: 400, code: 'community.import_no_phone_column' });
    expect((await upload(Buffer.alloc(0), 'text/csv', '')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/member-imports', headers: { cookie: leaderACookie, 'content-type': 'text/csv' }, payload: 'phone\n13712340001' })).statusCode).toBe(403);
    expect((await owner.get('/member-imports')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    const template = await owner.get('/member-import-template?format=csv');
    expect(template.headers['content-type']).toContain('text/csv');
    expect(template.body).toContain('手机号');
  });
});
