/**
 * One error type for the whole app. Each module declares its codes with `defineErrors`; one place
 * (`toProblem`) turns an AppError into an RFC 9457 problem+json body with a stable `code`, a
 * localised message and the fields at fault.
 */
export type Lang = 'zh-CN' | 'en';

export interface ErrorDef {
  status: number;
  /** Message templates; `{name}` is replaced from the error's params. */
  zh: string;
  en: string;
  /** A code to use verbatim instead of `<module>.<key>` (for codes named in a public contract). */
  code?: string;
}

export interface FieldError {
  path: string;
  message: string;
}

const registry = new Map<string, ErrorDef>();

/**
 * Registers a module's error codes, namespaced by module, and returns the code strings.
 * @example const E = defineErrors('catalog', { sku_code_taken: { status: 409, zh: '…', en: '…' } });
 *          throw new AppError(E.sku_code_taken, { params: { code } });
 */
export function defineErrors<const T extends Record<string, ErrorDef>>(module: string, defs: T): { [K in keyof T]: string } {
  const out: Record<string, string> = {};
  for (const [key, def] of Object.entries(defs)) {
    const code = def.code ?? `${module}.${key}`;
    if (registry.has(code)) throw new Error(`error code ${code} defined twice`);
    registry.set(code, def);
    out[key] = code;
  }
  return out as { [K in keyof T]: string };
}

export const CommonErrors = defineErrors('common', {
  validation_failed: { status: 400, zh: '请求参数有误', en: 'The request has invalid fields' },
  malformed_body: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  invalid_cursor: { status: 400, zh: '分页游标无效', en: 'The pagination cursor is invalid' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'You need to log in' },
  forbidden: { status: 403, zh: '您的角色无权执行此操作', en: 'Your role is not allowed to do this' },
  not_found: { status: 404, zh: '找不到{entity}', en: '{entity} not found' },
  route_not_found: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  payload_too_large: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  unsupported_media_type: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  idempotency_key_required: { status: 400, zh: '缺少 Idempotency-Key 请求头', en: 'This request needs an Idempotency-Key header' },
  idempotency_key_reused: { status: 422, zh: '该 Idempotency-Key 已用于另一个不同的请求', en: 'This Idempotency-Key was already used for a different request' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
});

export class AppError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: string,
    opts: { params?: Record<string, string | number>; errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(code, { cause: opts.cause });
    if (!registry.has(code)) throw new Error(`unknown error code ${code}`);
    this.code = code;
    this.params = opts.params ?? {};
    this.errors = opts.errors;
    this.headers = opts.headers;
    this.name = 'AppError';
  }

  get status(): number {
    return registry.get(this.code)!.status;
  }
}

/** A 404 that names the entity, in both languages. */
export function notFound(entity: { zh: string; en: string }, errors?: FieldError[]): AppError {
  return new AppError(CommonErrors.not_found, { params: { entity_zh: entity.zh, entity_en: entity.en }, ...(errors ? { errors } : {}) });
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
}

function render(template: string, params: Record<string, string | number>, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[`${name}_${lang === 'en' ? 'en' : 'zh'}`] ?? params[name];
    return v === undefined ? `{${name}}` : String(v);
  });
}

/** The problem+json body for an error code in a language. */
export function toProblem(err: AppError, lang: Lang): Problem {
  const def = registry.get(err.code)!;
  const detail = render(lang === 'en' ? def.en : def.zh, err.params, lang);
  const problem: Problem = {
    type: `https://tuan.dev/problems/${err.code.replace('.', '/')}`,
    title: render(def.en, err.params, 'en'),
    status: def.status,
    code: err.code,
    detail,
  };
  if (err.errors?.length) problem.errors = err.errors;
  return problem;
}

/** Every registered code with its status, for docs and tests. */
export function listErrorCodes(): Array<{ code: string; status: number }> {
  return [...registry.entries()].map(([code, def]) => ({ code, status: def.status }));
}

/** Picks zh-CN or en from an Accept-Language header (zh-CN is the default). */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
