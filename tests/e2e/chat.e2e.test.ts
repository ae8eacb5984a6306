import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/platform/signing';
import { runSimulation } from '../../src/cli/chat-simulate';
import { as, login, newTenant, startTestApp, type TestApp } from '../helpers/app';
import { TEST_PASSWORD, type TestTenant } from '../helpers/factories';

let t: TestApp;
let tenant: TestTenant;
let owner: ReturnType<typeof as>;
let groupId: string;
let secret: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
  owner = as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) });
  const store = (await owner.post('/org-units', { parentId: tenant.brandId, kind: 'store', name: '店' })).json().id;
  groupId = (await owner.post('/groups', { orgUnitId: store, type: 'retail', name: '微信群', externalId: 'room-1', warnLimit: 2 })).json().id;
  await owner.post('/moderation/rules', { keyword: '加微信', action: 'block' });
  const rotated = await owner.post('/chat/secret', { platform: 'wecom' });
  expect(rotated.json().webhookPath).toBe(`/api/v1/chat/webhook/${tenant.slug}`);
  secret = rotated.json().secret;
});
afterAll(() => t.close());

const post = (event: object, opts: { secret?: string; t?: number; raw?: string } = {}) => {
  const body = opts.raw ?? JSON.stringify(event);
  return t.app.inject({ method: 'POST', url: `/api/v1/chat/webhook/${tenant.slug}`, headers: { 'content-type': 'application/json', 'tuan-signature': signBody(opts.secret ?? secret, body, opts.t) }, payload: body });
};

describe('the chat webhook', () => {
  it('refuses a bad, stale or missing signature with 401 and reads nothing', async () => {
    const join = { type: 'member_joined', eventId: 'e-bad', groupExternalId: 'room-1', member: { externalUserId: 'wx-1', phone: '13811112222' } };
    expect((await post(join, { secret: 'wrong' })).statusCode).toBe(401);
    expect((await post(join, { t: Math.floor(Date.now() / 1000) - 3600 })).json()).toMatchObject({ status: 401, code: 'community.chat_bad_signature' });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/chat/webhook/${tenant.slug}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(join) })).statusCode).toBe(401);
    expect((await post(join, { secret: 'x' })).statusCode).toBe(401);
    expect((await owner.get(`/groups/${groupId}/members`)).json().items).toEqual([]);
    expect((await post({}, { raw: '{"type":"member_joined"}' })).json()).toMatchObject({ status: 400, code: 'community.chat_bad_event' });
  });

  it('joins, moderates messages, leaves, and answers a resent event as the first time', async () => {
    const joined = await post({ type: 'member_joined', eventId: 'e1', groupExternalId: 'room-1', member: { externalUserId: 'wx-1', phone: '13811112222', name: '微信用户' } });
    expect(joined.json()).toEqual({ handled: true, detail: 'joined' });
    const roster = (await owner.get(`/groups/${groupId}/members`)).json().items;
    expect(roster).toEqual([expect.objectContaining({ phone: '13811112222', source: 'official', status: 'active' })]);
    expect((await post({ type: 'message_posted', eventId: 'e2', groupExternalId: 'room-1', member: { externalUserId: 'wx-1' }, text: '今天几点提货' })).json()).toMatchObject({ handled: true, action: 'allow' });
    const spam = await post({ type: 'message_posted', eventId: 'e3', groupExternalId: 'room-1', member: { externalUserId: 'wx-1' }, text: '加 微 信 领券' });
    expect(spam.json()).toMatchObject({ action: 'block' });
    const again = await post({ type: 'message_posted', eventId: 'e3', groupExternalId: 'room-1', member: { externalUserId: 'wx-1' }, text: '加 微 信 领券' });
    expect(again.json()).toMatchObject({ action: 'block', duplicate: true });
    expect((await owner.get(`/groups/${groupId}/members`)).json().items[0].warnings).toBe(1);
    expect((await post({ type: 'member_joined', eventId: 'e4', groupExternalId: 'room-x', member: { externalUserId: 'wx-2', phone: '13811113333' } })).json()).toMatchObject({ handled: false });
    expect((await post({ type: 'member_joined', eventId: 'e5', groupExternalId: 'room-1', member: { externalUserId: 'wx-3' } })).json()).toMatchObject({ handled: false });
    expect((await post({ type: 'member_left', eventId: 'e6', groupExternalId: 'room-1', member: { externalUserId: 'wx-1' } })).json()).toMatchObject({ handled: true, detail: 'left' });
    expect((await owner.get(`/groups/${groupId}/members?status=left`)).json().items).toHaveLength(1);
    // A banned person who gets into the chat anyway is to be removed.
    const member = roster[0].memberId;
    await post({ type: 'member_joined', eventId: 'e7', groupExternalId: 'room-1', member: { externalUserId: 'wx-1' } });
    await owner.post(`/groups/${groupId}/members/${member}/ban`, { reason: '广告' });
    expect((await post({ type: 'member_joined', eventId: 'e8', groupExternalId: 'room-1', member: { externalUserId: 'wx-1' } })).json()).toMatchObject({ handled: false, action: 'remove' });
    // The adapter removes them from the chat, which reports them leaving: the ban stays.
    expect((await post({ type: 'member_left', eventId: 'e9', groupExternalId: 'room-1', member: { externalUserId: 'wx-1' } })).json()).toMatchObject({ handled: false, detail: 'already banned' });
    expect((await owner.get(`/groups/${groupId}/members?status=banned`)).json().items).toHaveLength(1);
    // An unknown person's join is not kept: once linked, the same event id is applied afresh.
    const unknown = { type: 'member_joined', eventId: 'e10', groupExternalId: 'room-1', member: { externalUserId: 'wx-7' } };
    expect((await post(unknown)).json()).toMatchObject({ handled: false });
    expect((await post({ ...unknown, member: { externalUserId: 'wx-7', phone: '13811117777' } })).json()).toMatchObject({ handled: true, detail: 'joined' });
  });

  it('npm run chat:simulate drives it with a realistic stream', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const summary = await runSimulation({ url: `http://127.0.0.1:${port}`, tenant: tenant.slug, email: tenant.ownerEmail, password: TEST_PASSWORD, group: 'room-1', people: 5, quiet: true, seed: 42 });
    expect(summary.sent).toBe(5 + 10 + 3 + 2 + 1 + 1);
    expect(summary.rejected).toBe(1);
    expect(summary.duplicates).toBe(1);
    expect(summary.actions.block).toBeGreaterThanOrEqual(3);
    const members = (await owner.get(`/groups/${groupId}/members?limit=50`)).json().items;
    expect(members.filter((m: { status: string }) => m.status === 'muted').length).toBeGreaterThanOrEqual(1);
  });
});

describe('playbooks over HTTP', () => {
  it('validates steps and runs one with a click', async () => {
    const bad = await owner.post('/playbooks', { name: '预案', steps: [{ kind: 'post_announcement' }, { kind: 'explode' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['steps.0.text', 'steps.1.kind']));
    expect((await owner.post('/playbooks', { name: '预案', steps: [] })).json().errors[0].path).toBe('steps');
    const pb = (await owner.post('/playbooks', { name: '刷屏应急', steps: [{ kind: 'mute_group' }, { kind: 'notify_operator', text: '看一下' }] })).json();
    const run = await owner.post(`/playbooks/${pb.id}/run`, { groupId });
    expect(run.json()).toMatchObject({ status: 'done', canUndo: true, groupName: '微信群', playbookName: '刷屏应急' });
    expect((await owner.get(`/groups/${groupId}`)).json().status).toBe('muted');
    expect((await owner.post(`/playbook-runs/${run.json().id}/undo`)).json().status).toBe('undone');
    expect((await owner.get(`/groups/${groupId}`)).json().status).toBe('active');
    expect((await owner.get(`/playbook-runs?groupId=${groupId}`)).json().items).toHaveLength(1);
  });
});
