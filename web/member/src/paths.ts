/** Paths of the member pages (basename `/m`), kept free of browser state so they can be unit-tested. */

const BASE = '/m';

/** The router path (without the `/m` basename) of a full member-page URL path, or null if it is not one. */
export function routerPath(fullPath: string): string | null {
  return fullPath === BASE || fullPath.startsWith(`${BASE}/`) ? fullPath.slice(BASE.length) || '/' : null;
}

/** `/demo/login?next=/m/demo/c/…`: where to sign in before coming back to `next` (a full path). */
export function loginPath(tenant: string, next: string): string {
  return `/${encodeURIComponent(tenant)}/login?next=${encodeURIComponent(next)}`;
}

/** The current page as a full path (`/m/demo/c/…?x=1`), to come back to after signing in. */
export function currentFullPath(): string {
  return window.location.pathname + window.location.search;
}

/**
 * Where to go after signing in: `next` when it is one of this brand's member pages (never another
 * site or another brand), else the brand's home.
 */
export function safeNext(tenant: string, next: string | null): string {
  const home = `/${encodeURIComponent(tenant)}/`;
  if (!next || !next.startsWith('/') || next.startsWith('//')) return home;
  const path = routerPath(next);
  if (!path || !path.startsWith(`/${encodeURIComponent(tenant)}/`)) return home;
  return path;
}
