import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRound } from '../../src/platform/consumers';
import { crmConsumer } from '../../src/modules/crm';
import { drainDirty } from '../../src/modules/crm/services/refresh';
import { as, login, memberClient as newMemberClient, newTenant, startTestApp, type TestApp } from '../helpers/app';
import { baseCtx } from '../helpers/db';
import { TEST_PASSWORD, type TestTenant } from '../helpers/factories';

// The CRM through HTTP: the event ingest's per-event report, rule errors naming the part at fault,
// the live count, saved segments and their export, tags, merge, lifecycle, and who may see what.

let t: TestApp;
let tenant: TestTenant;
let owner: ReturnType<typeof as>;
let operatorA: ReturnType<typeof as>;
let leader: ReturnType<typeof as>;
let storeA: string;
let groupA: string;
const people: Array<{ id: string; phone: string }> = [];
let phone = 13500000000;

async function settle(): Promise<void> {
  const base = baseCtx(t.database, t.config);
  for (let i = 0; i < 20; i++) {
    const n = (await dispatchRound(base, [crmConsumer], 500)) + (await drainDirty(base, 500));
    if (n === 0) return;
  }
}

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
  owner = as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) });
  storeA = (await owner.post('/org-units', { parentId: tenant.brandId, kind: 'store', name: '徐汇店' })).json().id;
  const storeB = (await owner.post('/org-units', { parentId: tenant.brandId, kind: 'store', name: '南山店' })).json().id;
  await owner.post('/users', { email: 'op@x.test', name: '运营A', role: 'operator', password: TEST_PASSWORD, orgUnitIds: [storeA] });
  await owner.post('/users', { email: 'ld@x.test', name: '团长', role: 'leader', password: TEST_PASSWORD, orgUnitIds: [storeB] });
  operatorA = as(t.app, { cookie: await login(t.app, tenant.slug, 'op@x.test') });
  leader = as(t.app, { cookie: await login(t.app, tenant.slug, 'ld@x.test') });
  groupA = (await owner.post('/groups', { orgUnitId: storeA, type: 'retail', name: '徐汇 1 群', purpose: '', rules: '', leaderIds: [] })).json().id;
  const invite = (await owner.post(`/groups/${groupA}/invites`, { source: 'official' })).json();
  for (let i = 0; i < 4; i++) {
    const m = await newMemberClient(t.app, owner, tenant.slug, String(++phone));
    people.push({ id: m.id, phone: m.phone });
    if (i < 2) expect((await m.send('POST', '/me/groups', { code: invite.code, acceptRules: true })).statusCode).toBe(201);
  }
  await settle();
});
afterAll(() => t.close());

describe('CRM over HTTP', () => {
  it('ingests a batch: valid events stored, invalid ones reported by index, a resend stores nothing twice', async () => {
    const events = [
      { clientEventId: 'a1', type: 'shared', person: { memberId: people[0]!.id } },
      { clientEventId: 'a2', type: 'shared', person: { memberId: people[0]!.id }, occurredAt: '2026-01-01' },
      { clientEventId: 'a3', type: 'liked', person: {} },
      { clientEventId: 'a4', type: 'shared', person: { phone: people[1]!.phone } },
    ];
    const res = await owner.post('/crm/events', { events });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: 4, stored: 2, duplicates: 0 });
    expect(res.json().rejected.map((r: { index: number; path: string }) => [r.index, r.path])).toEqual([
      [1, 'occurredAt'],
      [2, 'person'],
    ]);
    expect((await owner.post('/crm/events', { events })).json()).toMatchObject({ stored: 0, duplicates: 2 });
    const empty = await owner.post('/crm/events', { events: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(empty.json()).toMatchObject({ code: 'common.validation_failed', errors: [{ path: 'events' }] });
    expect((await leader.post('/crm/events', { events })).json().code).toBe('common.forbidden');
    await settle();
  });

  it('answers an invalid rule with 400 naming the part at fault, counts a valid one live, saves and exports it', async () => {
    const badShape = await owner.post('/crm/segments/preview', { rule: { type: 'all', rules: [{ type: 'stage', op: 'in', values: ['new'] }, { type: 'orders', window: 45, op: 'gte', value: 1 }] } });
    expect(badShape.statusCode).toBe(400);
    expect(badShape.json().errors[0].path).toBe('rule.rules.1.window');
    const badRef = await owner.post('/crm/segments/preview', { rule: { type: 'any', rules: [{ type: 'group', op: 'any', values: ['grp_nope'] }] } });
    expect(badRef.statusCode).toBe(400);
    expect(badRef.json()).toMatchObject({ code: 'crm.invalid_rule', errors: [{ path: 'rule.rules.0.values.0', message: '群不存在：grp_nope' }] });
    const inEnglish = await as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail), lang: 'en' }).post('/crm/segments/preview', { rule: { type: 'any', rules: [{ type: 'group', op: 'any', values: ['grp_nope'] }] } });
    expect(inEnglish.json().errors[0].message).toBe('no group grp_nope');

    const rule = { type: 'all', rules: [{ type: 'group', op: 'any', values: [groupA] }, { type: 'event', eventType: 'shared', did: true, days: 30, atLeast: 1 }] };
    const preview = await owner.post('/crm/segments/preview', { rule, sampleSize: 5 });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().count).toBe(2);
    expect(preview.json().sample.map((p: { id: string }) => p.id).sort()).toEqual([people[0]!.id, people[1]!.id].sort());

    const saved = await owner.post('/crm/segments', { name: '群里爱分享', rule });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().memberCount).toBe(2);
    expect((await owner.post('/crm/segments', { name: '群里爱分享', rule })).json().code).toBe('crm.segment_name_taken');
    const id = saved.json().id;
    expect((await owner.get(`/crm/segments/${id}/members?sort=spend`)).json().items).toHaveLength(2);

    const csv = await owner.get(`/crm/segments/${id}/export?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = csv.body.replace(/^\ufeff/, '');
    expect(text.split('\n')[0]).toContain('手机 / phone');
    for (const p of people.slice(0, 2)) expect(text).toContain(p.phone);
    expect(text).not.toContain(people[2]!.phone);
    const xlsx = await owner.get(`/crm/segments/${id}/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    expect(wb.getWorksheet('members')!.rowCount).toBe(3);
  });

  it('tags people one by one or a whole segment, and lists them by tag', async () => {
    const tag = (await owner.post('/crm/tags', { name: '宝妈', color: 'magenta' })).json();
    expect((await owner.post(`/crm/tags/${tag.id}/apply`, {})).json().code).toBe('crm.apply_target_required');
    expect((await owner.post(`/crm/tags/${tag.id}/apply`, { profileIds: [people[2]!.id, 'mbr_nope'] })).json()).toMatchObject({ code: 'common.not_found', errors: [{ path: 'profileIds.1' }] });
    expect((await owner.post(`/crm/tags/${tag.id}/apply`, { profileIds: [people[2]!.id, people[3]!.id] })).json()).toEqual({ changed: 2 });
    expect((await owner.post(`/crm/tags/${tag.id}/remove`, { profileIds: [people[3]!.id] })).json()).toEqual({ changed: 1 });
    const listed = (await owner.get(`/crm/profiles?tagId=${tag.id}`)).json();
    expect(listed.items.map((p: { id: string }) => p.id)).toEqual([people[2]!.id]);
    expect((await owner.get('/crm/tags')).json().items.find((x: { id: string }) => x.id === tag.id).profiles).toBe(1);
  });

  it("scopes profiles to an operator's org units and keeps leaders out", async () => {
    const mine = (await operatorA.get('/crm/profiles?limit=50')).json().items.map((p: { id: string }) => p.id).sort();
    expect(mine).toEqual([people[0]!.id, people[1]!.id].sort());
    expect((await operatorA.get(`/crm/profiles/${people[3]!.id}`)).statusCode).toBe(404);
    expect((await leader.get('/crm/profiles')).statusCode).toBe(403);
    const p = (await owner.get(`/crm/profiles/${people[0]!.id}`)).json();
    expect(p).toMatchObject({ phone: people[0]!.phone, channels: ['community'], groups: [{ id: groupA, name: '徐汇 1 群' }], stage: 'new' });
    const timeline = (await owner.get(`/crm/profiles/${people[0]!.id}/timeline?limit=2`)).json();
    expect(timeline.items).toHaveLength(2);
    expect(timeline.nextCursor).not.toBeNull();
    const rest = (await owner.get(`/crm/profiles/${people[0]!.id}/timeline?limit=50&cursor=${timeline.nextCursor}`)).json();
    expect([...timeline.items, ...rest.items].map((e: { type: string }) => e.type).sort()).toEqual(['joined_group', 'registered', 'shared']);
  });

  it('merges with a preview, refuses a self-merge, and reports the lifecycle', async () => {
    const self = await owner.post('/crm/profiles/merge', { targetId: people[2]!.id, sourceId: people[2]!.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().code).toBe('crm.merge_same_profile');
    const preview = (await owner.post('/crm/profiles/merge/preview', { targetId: people[2]!.id, sourceId: people[3]!.id })).json();
    expect(preview.target.id).toBe(people[2]!.id);
    const merged = await owner.post('/crm/profiles/merge', { targetId: people[2]!.id, sourceId: people[3]!.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().mergedMemberIds).toEqual([people[3]!.id]);
    expect((await owner.get(`/crm/profiles/${people[3]!.id}`)).json()).toMatchObject({ status: 'merged', mergedInto: people[2]!.id });

    const life = (await owner.get('/crm/lifecycle?days=30')).json();
    expect(life.stages.find((s: { stage: string }) => s.stage === 'new').profiles).toBe(3);
    // The chart ends today, where the stage cards stand.
    const last = life.series.at(-1);
    expect(last.day).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
    expect(last.counts).toEqual(Object.fromEntries(life.stages.map((s: { stage: string; profiles: number }) => [s.stage, s.profiles])));
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/crm/lifecycle/settings', headers: { cookie: (await login(t.app, tenant.slug, tenant.ownerEmail)) }, payload: { newDays: 30, activeDays: 60, repeatOrders: 2, dormantDays: 30, churnedDays: 180 } });
    expect(put.statusCode).toBe(400);
    expect(put.json().errors[0].path).toBe('dormantDays');
  });

  it('records consent and its withdrawal, messages only those who consented, exports a person and erases them', async () => {
    const [a, b] = [people[0]!, people[1]!];
    const bad = await owner.post(`/crm/profiles/${a.id}/consents`, { purpose: 'spam', source: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['purpose', 'source']);
    expect((await owner.post(`/crm/profiles/${a.id}/consents`, { purpose: 'marketing', source: '门店纸质表' })).json().items[0]).toMatchObject({ purpose: 'marketing', granted: true, source: '门店纸质表' });
    await owner.post(`/crm/profiles/${b.id}/consents`, { purpose: 'marketing', source: '电话' });
    const withdrawn = (await owner.post(`/crm/profiles/${b.id}/consents/withdraw`, { purpose: 'marketing', source: '电话', note: '不想收到' })).json().items;
    expect(withdrawn.map((c: { granted: boolean }) => c.granted)).toEqual([false, true]);
    const seg = (await owner.post('/crm/segments', { name: '群成员', rule: { type: 'all', rules: [{ type: 'group', op: 'any', values: [groupA] }] } })).json();
    expect((await owner.post(`/crm/segments/${seg.id}/messages`, { title: '周末团', body: '草莓到了' })).json()).toEqual({ sent: 1, withoutConsent: 1 });
    const consenting = await owner.post('/crm/segments/preview', { rule: { type: 'all', rules: [{ type: 'consent', purpose: 'marketing', granted: true }] } });
    expect(consenting.json().count).toBe(1);

    const json = await owner.get(`/crm/profiles/${a.id}/export`);
    expect(json.statusCode).toBe(200);
    expect(json.json().members[0].phone).toBe(a.phone);
    expect(json.json().consents).toHaveLength(1);
    const xlsx = await owner.get(`/crm/profiles/${a.id}/export?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['members', 'profile', 'consents', 'events', 'orders', 'groups']));

    const unconfirmed = await owner.post(`/crm/profiles/${a.id}/erase`, { reason: '本人要求' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().errors[0].path).toBe('confirm');
    expect((await operatorA.post(`/crm/profiles/${a.id}/erase`, { reason: '本人要求', confirm: 'erase' })).statusCode).toBe(403);
    const erased = await owner.post(`/crm/profiles/${a.id}/erase`, { reason: '本人要求', confirm: 'erase' });
    expect(erased.statusCode).toBe(200);
    expect((await owner.get(`/crm/profiles/${a.id}`)).json()).toMatchObject({ status: 'erased', phone: null, name: '' });
    expect((await owner.get(`/crm/profiles?q=${a.phone}`)).json().items).toEqual([]);
  });

  it('sets tier rules with errors by path, lists tiers, and ranks super users', async () => {
    const silver = (await owner.post('/member-tiers', { name: '银卡', rank: 1 })).json();
    const bad = await t.app.inject({ method: 'PUT', url: '/api/v1/crm/tiers/rules', headers: { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) }, payload: { basis: 'spend', levels: [{ tierId: 'tir_nope', threshold: 100 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'crm.invalid_tier_rules', errors: [{ path: 'levels.0.tierId' }] });
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/crm/tiers/rules', headers: { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) }, payload: { basis: 'spend', levels: [{ tierId: silver.id, threshold: 100, perks: '95 折' }] } });
    expect(ok.statusCode).toBe(200);
    const tiers = (await owner.get('/crm/tiers')).json();
    expect(tiers.tiers).toEqual([expect.objectContaining({ id: silver.id, threshold: 100, perks: '95 折' })]);
    const koc = await owner.get('/crm/koc?limit=5');
    expect(koc.statusCode).toBe(200);
    expect(koc.json().items).toEqual([]);
    expect((await leader.get('/crm/koc')).statusCode).toBe(403);
  });

  it('renames and deletes tag groups; a deleted group leaves its tags ungrouped on every profile', async () => {
    const group = (await owner.post('/crm/tag-groups', { name: '兴趣' })).json();
    await owner.post('/crm/tag-groups', { name: '渠道' });
    const tag = (await owner.post('/crm/tags', { name: '烘焙爱好者', groupId: group.id })).json();
    await owner.post(`/crm/tags/${tag.id}/apply`, { profileIds: [people[1]!.id] });
    const renamed = await owner.patch(`/crm/tag-groups/${group.id}`, { name: '兴趣爱好' });
    expect(renamed.json()).toMatchObject({ id: group.id, name: '兴趣爱好' });
    expect((await owner.patch(`/crm/tag-groups/${group.id}`, { name: '渠道' })).json()).toMatchObject({ status: 409, code: 'crm.tag_group_name_taken', errors: [{ path: 'name' }] });
    expect((await owner.patch(`/crm/tag-groups/${group.id}`, { name: '' })).json()).toMatchObject({ status: 400, errors: [{ path: 'name' }] });
    expect((await owner.patch('/crm/tag-groups/tgp_nope', { name: 'x' })).statusCode).toBe(404);
    expect((await leader.del(`/crm/tag-groups/${group.id}`)).statusCode).toBe(403);
    expect((await owner.get('/crm/tags')).json().groups.find((g: { id: string }) => g.id === group.id).name).toBe('兴趣爱好');

    expect((await owner.del(`/crm/tag-groups/${group.id}`)).json()).toEqual({ ungroupedTags: 1 });
    expect((await owner.del(`/crm/tag-groups/${group.id}`)).statusCode).toBe(404);
    const tags = (await owner.get('/crm/tags')).json();
    expect(tags.groups.map((g: { id: string }) => g.id)).not.toContain(group.id);
    expect(tags.items.find((x: { id: string }) => x.id === tag.id)).toMatchObject({ groupId: null, profiles: 1 });
  });
});
