/**
 * A small fetch wrapper for the Tuan API: same-origin cookies, JSON bodies, Accept-Language set to the
 * UI language, and RFC 9457 problem+json errors turned into `ApiError`.
 */

export interface FieldProblem {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
  }

  /** Field errors keyed by their dotted path ("skus.0.code"). */
  get fieldErrors(): FieldProblem[] {
    return this.problem.errors ?? [];
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `?a=1&b=x`, skipping empty values. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  /** Extra headers, e.g. `Idempotency-Key` for checkout and refunds. */
  headers?: Record<string, string>;
}

export interface HttpClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string, query?: Query): Promise<T>;
}

/**
 * Creates a client for `/api/v1`. `language` is read on every call so a language switch applies to
 * the next request's server messages.
 */
export function createHttpClient(language: () => string, onUnauthorized?: () => void): HttpClient {
  async function request<T>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language(), ...options?.headers };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, {
        method,
        headers,
        credentials: 'include',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError({ status: 0, code: 'network', detail: err instanceof Error ? err.message : String(err) });
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!res.ok) {
      const problem: Problem =
        data && typeof data === 'object'
          ? { ...(data as Partial<Problem>), status: res.status }
          : { status: res.status, title: res.statusText };
      if (res.status === 401 && onUnauthorized) onUnauthorized();
      throw new ApiError(problem);
    }
    return data as T;
  }

  return {
    get: (path, query) => request('GET', `${path}${toQueryString(query)}`),
    post: (path, body, options) => request('POST', path, body ?? {}, options),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    delete: (path, query) => request('DELETE', `${path}${toQueryString(query)}`),
  };
}
