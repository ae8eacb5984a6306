import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Config } from './config';
import { systemCtx, type Actor, type BaseCtx, type Ctx } from './context';
import { pingDatabase, type Database } from './db';
import { AppError, CommonErrors, pickLang, toProblem, type FieldError, type Lang } from './errors';
import { zodValidatorCompiler, type LocalisedValidationError } from './validation';

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** Who may call a route: anyone, or any authenticated actor (services then check roles). */
export type RouteAuth = 'public' | 'required';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    baseCtx: BaseCtx;
    authed: { tenantId: string; actor: Actor } | null;
  }
}

/** Resolves a request's credentials to a tenant and actor. Provided by the identity module. */
export type Authenticator = (ctx: BaseCtx, req: { cookie: string | undefined; bearer: string | undefined }) => Promise<{ tenantId: string; actor: Actor } | null>;

export interface BuildAppOptions {
  config: Config;
  database: Database;
  authenticate: Authenticator;
  resolveTenant: TenantResolver;
  /** Registers every module's routes under /api/v1. */
  routes: (app: App) => Promise<void> | void;
  logger?: boolean | object;
  /** Folder of the built web app (console and member pages); skipped when missing. */
  webDir?: string;
}

/** The request's context; throws 401 when no one is signed in. */
export function ctxOf(req: FastifyRequest): Ctx {
  if (!req.authed) throw new AppError(CommonErrors.unauthenticated);
  return { ...req.baseCtx, tenantId: req.authed.tenantId, actor: req.authed.actor };
}

/** Looks a tenant up by slug for a public (no-login) route; 404 when there is none. */
export type TenantResolver = (ctx: BaseCtx, slug: string) => Promise<{ id: string; slug: string; name: string } | null>;
let resolveTenant: TenantResolver | undefined;

/** A context for public routes: the tenant named in the path, acting as the public. */
export async function publicCtx(req: FastifyRequest, slug: string): Promise<{ ctx: Ctx; tenant: { id: string; slug: string; name: string } }> {
  const tenant = resolveTenant ? await resolveTenant(req.baseCtx, slug) : null;
  if (!tenant) throw new AppError(CommonErrors.not_found, { params: { entity_zh: '租户', entity_en: 'Tenant' } });
  return { ctx: systemCtx(req.baseCtx, tenant.id, 'public'), tenant };
}

export const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

function sendProblem(reply: FastifyReply, err: AppError, lang: Lang): FastifyReply {
  if (err.headers) reply.headers(err.headers);
  return reply.status(err.status).type('application/problem+json').send(toProblem(err, lang));
}

function validationToFieldErrors(err: LocalisedValidationError, lang: Lang): FieldError[] {
  const issues = lang === 'en' ? err.issuesEn : err.issuesZh;
  const where = err.validationContext === 'body' ? '' : `${err.validationContext ?? ''}.`;
  return issues.map((i) => ({ path: (where + i.path.map(String).join('.')).replace(/\.$/, '') || '(root)', message: i.message }));
}

const REQUEST_ID_PREFIX = crypto.randomBytes(5).toString('hex');
let requestSeq = 0;

/** Builds the Fastify app: API, OpenAPI, docs, web pages, one error shape. */
export async function buildApp(opts: BuildAppOptions): Promise<App> {
  const { config, database } = opts;
  resolveTenant = opts.resolveTenant;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: config.bodyLimit,
    trustProxy: true,
    requestIdHeader: 'x-request-id',
    // A random prefix per process and a counter: unique, and no call for random bytes per request.
    genReqId: () => `req_${REQUEST_ID_PREFIX}${(++requestSeq).toString(36)}`,
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new AppError(CommonErrors.rate_limited, { headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } }),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tuan API',
        version: '0.1.0',
        description:
          'Community retail and self-retail: group-buys, group leaders, pickup points, distribution and a social CRM. ' +
          'Errors are RFC 9457 problem+json with a stable `code`. Money is integer fen. Lists use `?limit=&cursor=`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tuan_sid' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token created by an owner: `tuan_…`' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    req.baseCtx = {
      db: database.db,
      tx: database.db,
      inTx: false,
      lang: pickLang(req.headers['accept-language']),
      requestId: req.id,
      config,
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    };
    req.authed = null;
    const auth = req.routeOptions.config?.auth;
    if (!req.url.startsWith('/api/') || req.routeOptions.url === undefined) return;
    const header = req.headers.authorization;
    const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    const cookie = req.cookies?.tuan_sid;
    if (bearer || cookie) req.authed = await opts.authenticate(req.baseCtx, { cookie, bearer });
    if (auth !== 'public' && !req.authed) throw new AppError(CommonErrors.unauthenticated);
  });

  app.setErrorHandler((error: unknown, req, reply) => {
    const lang = req.baseCtx?.lang ?? pickLang(req.headers['accept-language']);
    if (error instanceof AppError) return sendProblem(reply, error, lang);
    const e = error as { code?: string; statusCode?: number; validation?: unknown; validationContext?: string };
    if ((e as LocalisedValidationError).issuesEn) {
      const errors = validationToFieldErrors(error as LocalisedValidationError, lang);
      return sendProblem(reply, new AppError(CommonErrors.validation_failed, { errors }), lang);
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, new AppError(CommonErrors.payload_too_large), lang);
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, new AppError(CommonErrors.unsupported_media_type), lang);
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error instanceof SyntaxError && e.statusCode === 400)) {
      return sendProblem(reply, new AppError(CommonErrors.malformed_body), lang);
    }
    if (e.statusCode === 429) return sendProblem(reply, new AppError(CommonErrors.rate_limited), lang);
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      req.log.warn({ err: error }, 'client error');
      return sendProblem(reply, new AppError(CommonErrors.validation_failed, { errors: [{ path: '(request)', message: String((error as Error).message) }] }), lang);
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, new AppError(CommonErrors.internal), lang);
  });

  app.setNotFoundHandler((req, reply) => sendProblem(reply, new AppError(CommonErrors.route_not_found), pickLang(req.headers['accept-language'])));

  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: { hide: true, response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'pg']) }), 503: z.object({ status: z.literal('unavailable') }) } },
    },
    async (_req, reply) => {
      if (await pingDatabase(database)) return { status: 'ok' as const, database: database.kind };
      return reply.status(503).send({ status: 'unavailable' as const });
    },
  );
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) => opts.routes(api as App), { prefix: '/api/v1' });

  registerWeb(app, opts.webDir ?? WEB_DIR);
  return app;
}

function registerWeb(app: App, webDir: string): void {
  const built = fs.existsSync(path.join(webDir, 'console', 'index.html'));
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/console/'));
  if (!built) {
    const missing = (_req: FastifyRequest, reply: FastifyReply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('The web console is not built yet: run `npm run build:web` (npm install does it for you).');
    for (const url of ['/console', '/console/*', '/m', '/m/*']) app.get(url, { schema: { hide: true } }, missing);
    return;
  }
  void app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders: (res, filePath) => {
      // Hashed assets never change; pages must be re-checked so a deploy shows up at once.
      res.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = (file: string) => (_req: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile(file);
  for (const url of ['/console', '/console/', '/console/*']) app.get(url, { schema: { hide: true } }, page('console/index.html'));
  for (const url of ['/m', '/m/', '/m/*']) app.get(url, { schema: { hide: true } }, page('member/index.html'));
}
