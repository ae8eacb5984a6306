import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testConfig, testDatabase } from '../../../tests/helpers/db';
import { createTestTenant, createTestUser, TEST_PASSWORD, type TestTenant } from '../../../tests/helpers/factories';
import type { BaseCtx } from '../../platform/context';
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { listSandboxInbox, sandboxSmsProvider } from '../../platform/sms';
import { createOrgUnit, createUser, listOrgUnits, listUsers } from './index';
import { loginStaff } from './services/login-staff';
import { requestMemberCode, verifyMemberCode } from './services/member-code';
import { authenticateSession } from './services/sessions';

let database: Database;
let base: BaseCtx;
let t: TestTenant;

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database, testConfig({ loginMaxFailures: 3, loginLockMs: 60_000 }));
  t = await createTestTenant(base);
});
afterAll(() => database.close());

async function codeOf(err: Promise<unknown>): Promise<string> {
  try {
    await err;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('staff login', () => {
  it('signs in with the right password and opens a session the cookie resolves to', async () => {
    const r = await loginStaff(base, { tenant: t.slug, email: t.ownerEmail, password: TEST_PASSWORD });
    expect(r.user.role).toBe('owner');
    const who = await authenticateSession(base, r.cookie);
    expect(who).toMatchObject({ tenantId: t.tenantId, actor: { type: 'user', id: t.ownerId, role: 'owner' } });
  });

  it('refuses a forged session secret', async () => {
    const r = await loginStaff(base, { tenant: t.slug, email: t.ownerEmail, password: TEST_PASSWORD });
    const forged = r.cookie.replace(/\.[^.]+$/, '.AAAA');
    expect(await authenticateSession(base, forged)).toBeNull();
  });

  it('gives the same answer for an unknown tenant, unknown email and wrong password', async () => {
    expect(await codeOf(loginStaff(base, { tenant: 'no-such-tenant', email: t.ownerEmail, password: TEST_PASSWORD }))).toBe('identity.invalid_credentials');
    expect(await codeOf(loginStaff(base, { tenant: t.slug, email: 'nobody@x.test', password: TEST_PASSWORD }))).toBe('identity.invalid_credentials');
  });

  it('locks an account after repeated failures, even for the right password, then lets it in after the lock', async () => {
    const u = await createTestUser(t, 'operator');
    const attempt = (password: string) => codeOf(loginStaff(base, { tenant: t.slug, email: u.email, password }));
    expect(await attempt('wrong-1')).toBe('identity.invalid_credentials');
    expect(await attempt('wrong-2')).toBe('identity.invalid_credentials');
    expect(await attempt('wrong-3')).toBe('identity.account_locked');
    expect(await attempt(TEST_PASSWORD)).toBe('identity.account_locked');
    // The lock runs out: a base whose lock is a few ms long shows the count starts afresh.
    const quick = baseCtx(database, testConfig({ loginMaxFailures: 3, loginLockMs: 1 }));
    const u2 = await createTestUser(t, 'operator');
    for (let i = 0; i < 3; i++) await codeOf(loginStaff(quick, { tenant: t.slug, email: u2.email, password: 'nope' }));
    await new Promise((r) => setTimeout(r, 20));
    const ok = await loginStaff(quick, { tenant: t.slug, email: u2.email, password: TEST_PASSWORD });
    expect(ok.user.id).toBe(u2.id);
  });
});

describe('session cache', () => {
  it('remembers a resolved session for a short while, forgets it at logout, and asks again when told not to cache', async () => {
    const { sql } = await import('drizzle-orm');
    const { endSession } = await import('./services/sessions');
    const cached = baseCtx(database, testConfig({ sessionCacheMs: 60_000 }));
    const uncached = baseCtx(database, testConfig({ sessionCacheMs: 0 }));
    const u = await createTestUser(t, 'operator');
    const r = await loginStaff(cached, { tenant: t.slug, email: u.email, password: TEST_PASSWORD });
    expect(await authenticateSession(cached, r.cookie)).not.toBeNull();
    // Disabled in the database: the cache still knows the session; an uncached lookup does not.
    await database.db.execute(sql`update users set status = 'disabled' where tenant_id = ${t.tenantId} and id = ${u.id}`);
    expect(await authenticateSession(cached, r.cookie)).not.toBeNull();
    expect(await authenticateSession(uncached, r.cookie)).toBeNull();
    await endSession(cached, r.cookie);
    expect(await authenticateSession(cached, r.cookie)).toBeNull();
  });
});

describe('sessions resolved together', () => {
  it('answers each of many sessions looked up at once (one query for them all) as it would alone', async () => {
    const { sql } = await import('drizzle-orm');
    const { createSession } = await import('./services/sessions');
    const { ensureMember } = await import('./index');
    const uncached = baseCtx(database, testConfig({ sessionCacheMs: 0 }));
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => ensureMember(t.sys, { phone: `1370000${String(i).padStart(4, '0')}`, name: `同时${i}`, source: 'test' })));
    const open = (actorType: 'user' | 'member', actorId: string, ttlMs = 60_000) => createSession(base, { tenantId: t.tenantId, actorType, actorId, ttlMs }).then((s) => s.cookie);
    const staff = await createTestUser(t, 'operator');
    const cookies = {
      members: await Promise.all(people.slice(0, 4).map((p) => open('member', p.id))),
      blocked: await open('member', people[4]!.id),
      expired: await open('member', people[5]!.id, -1000),
      staff: await open('user', staff.id),
    };
    await database.db.execute(sql`update members set status = 'blocked' where tenant_id = ${t.tenantId} and id = ${people[4]!.id}`);
    const [m0] = cookies.members;
    const forged = m0!.slice(0, -4) + (m0!.endsWith('aaaa') ? 'bbbb' : 'aaaa');
    const lookups = [...cookies.members, cookies.blocked, cookies.expired, forged, m0!, 'not-a-cookie'];
    let selects = 0;
    const db = new Proxy(uncached.db, { get: (target, prop, recv) => (prop === 'select' ? (...a: unknown[]) => (selects++, (target.select as (...x: unknown[]) => unknown)(...a)) : Reflect.get(target, prop, recv)) });
    const counted = { ...uncached, db, tx: db };
    const got = await Promise.all(lookups.map((c) => authenticateSession(counted, c)));
    expect(got.map((g) => g?.actor.id ?? null)).toEqual([...people.slice(0, 4).map((p) => p.id), null, null, null, people[0]!.id, null]);
    // Eight well-formed cookies (seven sessions: one asked twice) that arrived together: one select.
    expect(selects).toBe(1);
    // A staff session and a member's, together: each resolves to its own actor.
    const [u, m] = await Promise.all([authenticateSession(uncached, cookies.staff), authenticateSession(uncached, cookies.members[1]!)]);
    expect(u).toMatchObject({ tenantId: t.tenantId, actor: { type: 'user', id: staff.id, role: 'operator' } });
    expect(m).toMatchObject({ actor: { type: 'member', id: people[1]!.id } });
  });
});

describe('member phone login', () => {
  it('sends a code to the sandbox inbox and signs the member in, registering them once', async () => {
    const phone = '13900000011';
    await requestMemberCode(base, { tenant: t.slug, phone }, sandboxSmsProvider);
    const inbox = await listSandboxInbox(t.owner, { limit: 10, phone });
    expect(inbox.items).toHaveLength(1);
    const code = inbox.items[0]!.code!;
    expect(inbox.items[0]!.text).toContain(code);
    const r = await verifyMemberCode(base, { tenant: t.slug, phone, code });
    expect(r.member.phone).toBe(phone);
    expect(await authenticateSession(base, r.cookie)).toMatchObject({ actor: { type: 'member', id: r.member.id } });
    // The code is single-use.
    expect(await codeOf(verifyMemberCode(base, { tenant: t.slug, phone, code }))).toBe('identity.code_invalid');
  });

  it('refuses a second code within a minute', async () => {
    const phone = '13900000012';
    await requestMemberCode(base, { tenant: t.slug, phone }, sandboxSmsProvider);
    expect(await codeOf(requestMemberCode(base, { tenant: t.slug, phone }, sandboxSmsProvider))).toBe('identity.code_resend_too_soon');
  });

  it('burns a code after five wrong tries', async () => {
    const phone = '13900000013';
    await requestMemberCode(base, { tenant: t.slug, phone }, sandboxSmsProvider);
    const code = (await listSandboxInbox(t.owner, { limit: 1, phone })).items[0]!.code!;
    const wrong = code === '000000' ? '111111' : '000000';
    const results: string[] = [];
    for (let i = 0; i < 5; i++) results.push(await codeOf(verifyMemberCode(base, { tenant: t.slug, phone, code: wrong })));
    expect(results.slice(0, 4).every((c) => c === 'identity.code_invalid')).toBe(true);
    expect(results[4]).toBe('identity.code_too_many_attempts');
    expect(await codeOf(verifyMemberCode(base, { tenant: t.slug, phone, code }))).toBe('identity.code_too_many_attempts');
  });
});

describe('org units and scope', () => {
  it('builds the tree and scopes an operator to the subtree of their region', async () => {
    const region = await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'region', name: 'East' });
    const store = await createOrgUnit(t.sys, { parentId: region.id, kind: 'store', name: 'Store A' });
    const other = await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'region', name: 'West' });
    expect(await codeOf(createOrgUnit(t.sys, { parentId: store.id, kind: 'region', name: 'x' }))).toBe('identity.invalid_org_unit_parent');
    expect(await codeOf(createOrgUnit(t.sys, { parentId: t.brandId, kind: 'region', name: 'East' }))).toBe('identity.org_unit_name_taken');

    const op = await createUser(t.sys, { email: `op-scope@${t.slug}.test`, name: 'Op', role: 'operator', password: TEST_PASSWORD, orgUnitIds: [region.id] });
    const session = await loginStaff(base, { tenant: t.slug, email: op.email, password: TEST_PASSWORD });
    const who = (await authenticateSession(base, session.cookie))!;
    const seen = await listOrgUnits({ ...base, tenantId: t.tenantId, actor: who.actor });
    expect(seen.map((o) => o.id).sort()).toEqual([region.id, store.id].sort());
    expect(seen.map((o) => o.id)).not.toContain(other.id);
  });

  it('needs an org unit for operators and leaders, and a unique email', async () => {
    expect(await codeOf(createUser(t.sys, { email: `x@${t.slug}.test`, name: 'x', role: 'leader', password: TEST_PASSWORD, orgUnitIds: [] }))).toBe('identity.scope_required');
    expect(await codeOf(createUser(t.sys, { email: t.ownerEmail, name: 'dup', role: 'owner', password: TEST_PASSWORD, orgUnitIds: [] }))).toBe('identity.email_taken');
  });

  it('keeps tenants apart: another tenant sees none of these users', async () => {
    const other = await createTestTenant(base);
    const page = await listUsers(other.owner, { limit: 200 });
    expect(page.items.map((u) => u.email)).toEqual([other.ownerEmail]);
  });

  it('lets only owners list users', async () => {
    const leader = await createTestUser(t, 'leader');
    expect(await codeOf(listUsers(leader.ctx, { limit: 10 }))).toBe('common.forbidden');
  });
});
