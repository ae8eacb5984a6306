import { z } from 'zod';
import { listAudit } from '../../platform/audit';
import { requireRole } from '../../platform/context';
import { ctxOf, type App } from '../../platform/http';
import { PageQuery, pageOf } from '../../platform/pagination';
import { listSandboxInbox, type SmsProvider } from '../../platform/sms';
import * as V from './identity.validators';
import { createApiToken, listApiTokens, revokeApiToken } from './services/api-tokens';
import { getMe } from './services/get-me';
import { loginStaff } from './services/login-staff';
import { requestMemberCode, verifyMemberCode } from './services/member-code';
import { createOrgUnit, listOrgUnits } from './services/org-units';
import { endSession, SESSION_COOKIE } from './services/sessions';
import { createUser, listUsers } from './services/users';

const ZAuditEntry = z
  .object({
    id: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    actor: z.object({ type: z.string(), id: z.string(), name: z.string() }),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });

/** Identity routes: login, members' phone codes, users, org units, API tokens, sandbox SMS, audit log. */
export function registerIdentityRoutes(app: App, deps: { sms: SmsProvider; loginRatePerMinute: number }): void {
  const cookieOpts = (expires: Date) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, expires });
  const loginLimit = { max: deps.loginRatePerMinute, timeWindow: '1 minute' };

  app.post(
    '/auth/login',
    {
      config: { auth: 'public', rateLimit: loginLimit },
      schema: { operationId: 'login', tags: ['auth'], summary: 'Staff log in with email and password', security: [], body: V.ZLoginRequest, response: { 200: V.ZLoginResponse } },
    },
    async (req, reply) => {
      const result = await loginStaff(req.baseCtx, req.body);
      reply.setCookie(SESSION_COOKIE, result.cookie, { ...cookieOpts(result.expiresAt), secure: req.baseCtx.config.cookieSecure });
      return { user: result.user, tenant: result.tenant };
    },
  );

  app.post(
    '/auth/logout',
    { config: { auth: 'public' }, schema: { operationId: 'logout', tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } } },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) await endSession(req.baseCtx, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get('/me', { schema: { operationId: 'getMe', tags: ['auth'], summary: 'Who is signed in', response: { 200: V.ZMe } } }, async (req) => getMe(ctxOf(req)));

  app.post(
    '/member-auth/code',
    {
      config: { auth: 'public', rateLimit: loginLimit },
      schema: { operationId: 'requestMemberCode', tags: ['auth'], summary: 'Send a member a login code by SMS', security: [], body: V.ZRequestCodeRequest, response: { 202: V.ZRequestCodeResponse } },
    },
    async (req, reply) => reply.status(202).send(await requestMemberCode(req.baseCtx, req.body, deps.sms)),
  );

  app.post(
    '/member-auth/verify',
    {
      config: { auth: 'public', rateLimit: loginLimit },
      schema: { operationId: 'verifyMemberCode', tags: ['auth'], summary: 'Sign a member in with the code', security: [], body: V.ZVerifyCodeRequest, response: { 200: V.ZVerifyCodeResponse } },
    },
    async (req, reply) => {
      const result = await verifyMemberCode(req.baseCtx, req.body);
      reply.setCookie(SESSION_COOKIE, result.cookie, { ...cookieOpts(result.expiresAt), secure: req.baseCtx.config.cookieSecure });
      return { member: result.member, tenant: result.tenant };
    },
  );

  app.get(
    '/users',
    { schema: { operationId: 'listUsers', tags: ['users'], summary: 'List staff users', querystring: V.ZListUsersQuery, response: { 200: V.ZUserPage } } },
    async (req) => listUsers(ctxOf(req), req.query),
  );
  app.post(
    '/users',
    { schema: { operationId: 'createUser', tags: ['users'], summary: 'Create a staff user', body: V.ZCreateUserRequest, response: { 201: V.ZUser } } },
    async (req, reply) => reply.status(201).send(await createUser(ctxOf(req), req.body)),
  );

  app.get(
    '/org-units',
    { schema: { operationId: 'listOrgUnits', tags: ['org units'], summary: 'The org-unit tree (flat) within your scope', response: { 200: V.ZOrgUnitList } } },
    async (req) => ({ items: await listOrgUnits(ctxOf(req)) }),
  );
  app.post(
    '/org-units',
    { schema: { operationId: 'createOrgUnit', tags: ['org units'], summary: 'Add a region, dealer or store', body: V.ZCreateOrgUnitRequest, response: { 201: V.ZOrgUnit } } },
    async (req, reply) => reply.status(201).send(await createOrgUnit(ctxOf(req), req.body)),
  );

  app.get(
    '/api-tokens',
    { schema: { operationId: 'listApiTokens', tags: ['api tokens'], summary: 'List API tokens', querystring: PageQuery, response: { 200: V.ZApiTokenPage } } },
    async (req) => listApiTokens(ctxOf(req), req.query),
  );
  app.post(
    '/api-tokens',
    { schema: { operationId: 'createApiToken', tags: ['api tokens'], summary: 'Create an API token (shown once)', body: V.ZCreateApiTokenRequest, response: { 201: V.ZCreateApiTokenResponse } } },
    async (req, reply) => reply.status(201).send(await createApiToken(ctxOf(req), req.body)),
  );
  app.post(
    '/api-tokens/:id/revoke',
    { schema: { operationId: 'revokeApiToken', tags: ['api tokens'], summary: 'Revoke an API token', params: V.ZIdParam, response: { 200: V.ZApiToken } } },
    async (req) => revokeApiToken(ctxOf(req), req.params.id),
  );

  app.get(
    '/sandbox/sms',
    { schema: { operationId: 'listSandboxSms', tags: ['sandbox'], summary: 'The sandbox SMS inbox (codes sent to members)', querystring: V.ZSandboxSmsQuery, response: { 200: V.ZSandboxSmsPage } } },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'owner');
      return listSandboxInbox(ctx, req.query);
    },
  );

  app.get(
    '/audit-log',
    {
      schema: {
        operationId: 'listAuditLog',
        tags: ['audit'],
        summary: 'Who did what, newest first',
        querystring: PageQuery.extend({ entityType: z.string().max(50).optional(), entityId: z.string().max(40).optional() }),
        response: { 200: pageOf(ZAuditEntry) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'owner');
      return listAudit(ctx, req.query);
    },
  );
}
