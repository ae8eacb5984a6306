import type { LightMyRequestResponse } from 'fastify';
import { buildTuan } from '../../src/app';
import type { Config } from '../../src/platform/config';
import type { Database } from '../../src/platform/db';
import type { App } from '../../src/platform/http';
import { baseCtx, testConfig, testDatabase } from './db';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from './factories';

export interface TestApp {
  app: App;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh copy of the migrated database, driven through `inject`. */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const config = testConfig({ loginRatePerMinute: 10_000, ...overrides });
  const app = await buildTuan({ config, database, webDir: '/nonexistent' });
  await app.ready();
  return { app, database, config, close: async () => { await app.close(); await database.close(); } };
}

export function newTenant(t: TestApp): Promise<TestTenant> {
  return createTestTenant(baseCtx(t.database, t.config));
}

/** Logs in over HTTP and returns the session cookie header value. */
export async function login(app: App, tenant: string, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { tenant, email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return cookieFrom(res);
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'tuan_sid');
  if (!c) throw new Error('no session cookie set');
  return `tuan_sid=${c.value}`;
}

/** A small HTTP client bound to one identity (cookie or bearer token). */
export function as(app: App, auth: { cookie?: string; token?: string; lang?: string }) {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.lang) headers['accept-language'] = auth.lang;
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    get: (url: string) => send('GET', url),
    post: (url: string, body?: unknown) => send('POST', url, body ?? {}),
    patch: (url: string, body: unknown) => send('PATCH', url, body),
    del: (url: string) => send('DELETE', url),
  };
}

/**
 * A member signed in over HTTP (code, then the sandbox inbox read by `owner`): their id, referral
 * code and a `send` bound to their cookie.
 */
export async function memberClient(app: App, owner: ReturnType<typeof as>, tenantSlug: string, phone: string) {
  await app.inject({ method: 'POST', url: '/api/v1/member-auth/code', payload: { tenant: tenantSlug, phone } });
  const code = (await owner.get(`/sandbox/sms?phone=${phone}`)).json().items[0].code;
  const res = await app.inject({ method: 'POST', url: '/api/v1/member-auth/verify', payload: { tenant: tenantSlug, phone, code } });
  const cookie = cookieFrom(res);
  const send = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { cookie, ...headers }, ...(body === undefined ? {} : { payload: body as object }) });
  const me = (await send('GET', '/me')).json();
  return { cookie, phone, id: me.actor.id as string, code: me.actor.referralCode as string, send };
}
