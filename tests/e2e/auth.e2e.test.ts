import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, cookieFrom, login, newTenant, startTestApp, type TestApp } from '../helpers/app';
import type { TestTenant } from '../helpers/factories';

let t: TestApp;
let tenant: TestTenant;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
});
afterAll(() => t.close());

describe('staff sessions over HTTP', () => {
  it('logs in, sets an HTTP-only cookie, answers getMe, and logs out', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: tenant.slug, email: tenant.ownerEmail.toUpperCase(), password: 'correct-horse-9' } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookieFrom(res);
    const me = await as(t.app, { cookie }).get('/me');
    expect(me.json()).toMatchObject({ actor: { type: 'user', role: 'owner', email: tenant.ownerEmail }, tenant: { slug: tenant.slug } });
    expect((await as(t.app, { cookie }).post('/auth/logout')).statusCode).toBe(204);
    expect((await as(t.app, { cookie }).get('/me')).statusCode).toBe(401);
  });

  it('answers 401 problem+json without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: 'common.unauthenticated' });
  });

  it('locks the account after five wrong passwords with 429 and Retry-After', async () => {
    const other = await newTenant(t);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: other.slug, email: other.ownerEmail, password: `wrong-${i}` } });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { tenant: other.slug, email: other.ownerEmail, password: 'correct-horse-9' } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('identity.account_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rate-limits login attempts per client address', async () => {
    const limited = await startTestApp({ loginRatePerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant: 'nobody', email: 'a@b.test', password: 'x' } });
        codes.push(r.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('member phone login over HTTP', () => {
  it('sends a code the owner can read in the sandbox inbox, and signs the member in', async () => {
    const owner = as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) });
    const sent = await t.app.inject({ method: 'POST', url: '/api/v1/member-auth/code', payload: { tenant: tenant.slug, phone: '+86 139 0000 0021' } });
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ expiresInSeconds: 300, resendInSeconds: 60 });
    const inbox = await owner.get('/sandbox/sms?phone=13900000021');
    const code = inbox.json().items[0].code as string;
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/member-auth/verify', payload: { tenant: tenant.slug, phone: '13900000021', code: code === '123456' ? '654321' : '123456' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('identity.code_invalid');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/member-auth/verify', payload: { tenant: tenant.slug, phone: '13900000021', code } });
    expect(ok.statusCode).toBe(200);
    const member = as(t.app, { cookie: cookieFrom(ok) });
    expect((await member.get('/me')).json()).toMatchObject({ actor: { type: 'member', role: 'member', phone: '139****0021' } });
    // A member is not staff: the console's APIs are closed to them.
    expect((await member.get('/products')).statusCode).toBe(403);
    expect((await member.get('/sandbox/sms')).statusCode).toBe(403);
  });

  it('404s an unknown tenant and 400s a bad phone, naming the field', async () => {
    const r1 = await t.app.inject({ method: 'POST', url: '/api/v1/member-auth/code', payload: { tenant: 'no-such-brand', phone: '13900000022' } });
    expect(r1.statusCode).toBe(404);
    const r2 = await t.app.inject({ method: 'POST', url: '/api/v1/member-auth/code', payload: { tenant: tenant.slug, phone: '12345' } });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().errors).toEqual([expect.objectContaining({ path: 'phone' })]);
  });
});

describe('API tokens', () => {
  it('work as bearer credentials until revoked, and are shown only once', async () => {
    const owner = as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) });
    const created = await owner.post('/api-tokens', { name: 'ERP sync', role: 'operator' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^tuan_/);
    const bot = as(t.app, { token });
    expect((await bot.get('/me')).json()).toMatchObject({ actor: { type: 'token', role: 'operator', name: 'ERP sync' } });
    expect((await bot.get('/products')).statusCode).toBe(200);
    // An operator token cannot write the catalog.
    expect((await bot.post('/products', { title: 'x' })).statusCode).toBe(403);
    const listed = (await owner.get('/api-tokens')).json().items.find((x: { id: string }) => x.id === id);
    expect(listed).not.toHaveProperty('token');
    expect(listed.lastUsedAt).not.toBeNull();
    expect((await owner.post(`/api-tokens/${id}/revoke`)).json().revokedAt).not.toBeNull();
    expect((await bot.get('/me')).statusCode).toBe(401);
    // Revoking again is harmless.
    expect((await owner.post(`/api-tokens/${id}/revoke`)).statusCode).toBe(200);
  });

  it('refuses a malformed or forged bearer token', async () => {
    expect((await as(t.app, { token: 'tuan_garbage' }).get('/me')).statusCode).toBe(401);
    expect((await as(t.app, { token: `tuan_${tenant.tenantId}.tok_X.secret` }).get('/me')).statusCode).toBe(401);
  });

  it('cannot be created by a leader', async () => {
    const ownerCookie = await login(t.app, tenant.slug, tenant.ownerEmail);
    const owner = as(t.app, { cookie: ownerCookie });
    const units = (await owner.get('/org-units')).json().items;
    const store = await owner.post('/org-units', { parentId: units[0].id, kind: 'store', name: 'Leader store' });
    await owner.post('/users', { email: `leader@${tenant.slug}.test`, name: 'L', role: 'leader', password: 'leader-pass-1', orgUnitIds: [store.json().id] });
    const leader = as(t.app, { cookie: await login(t.app, tenant.slug, `leader@${tenant.slug}.test`, 'leader-pass-1') });
    expect((await leader.post('/api-tokens', { name: 'mine' })).statusCode).toBe(403);
  });
});
