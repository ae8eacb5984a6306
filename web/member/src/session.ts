import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type MemberMe } from './api';

export { currentFullPath, loginPath, routerPath, safeNext } from './paths';

export type MemberSession =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; message: string }
  | { status: 'ok'; me: MemberMe };

/**
 * Who is signed in, for this brand's member pages. A staff session, or another brand's member
 * session, counts as anonymous here.
 */
export function useMemberSession(tenant: string): MemberSession & { reload(): void } {
  const [state, setState] = useState<MemberSession>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    api.get<MemberMe>('/me').then(
      (me) => {
        if (cancelled) return;
        const isMember = me.actor.type === 'member' && me.tenant.slug === tenant;
        setState(isMember ? { status: 'ok', me } : { status: 'anonymous' });
      },
      (err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setState({ status: 'anonymous' });
        else setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [tenant, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

const refKey = (tenant: string) => `tuan.ref.${tenant}`;

/** Keeps a referral code from a shared link (`?ref=`) for this browser tab, per brand. */
export function rememberReferral(tenant: string, code: string | null): void {
  if (!code || !/^[A-Za-z0-9]{4,16}$/.test(code)) return;
  try {
    sessionStorage.setItem(refKey(tenant), code);
  } catch {
    // Storage blocked: the code is then not sent, which only loses the attribution.
  }
}

export function storedReferral(tenant: string): string | undefined {
  try {
    return sessionStorage.getItem(refKey(tenant)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** What the member picked on the campaign page: quantity per campaign item. */
export type Cart = Record<string, number>;

const cartKey = (tenant: string, campaignId: string) => `tuan.cart.${tenant}.${campaignId}`;

export function loadCart(tenant: string, campaignId: string): Cart {
  try {
    const raw = sessionStorage.getItem(cartKey(tenant, campaignId));
    const parsed = raw ? (JSON.parse(raw) as unknown) : {};
    if (!parsed || typeof parsed !== 'object') return {};
    const cart: Cart = {};
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) cart[k] = v;
    }
    return cart;
  } catch {
    return {};
  }
}

export function saveCart(tenant: string, campaignId: string, cart: Cart): void {
  try {
    const clean = Object.fromEntries(Object.entries(cart).filter(([, q]) => q > 0));
    if (Object.keys(clean).length) sessionStorage.setItem(cartKey(tenant, campaignId), JSON.stringify(clean));
    else sessionStorage.removeItem(cartKey(tenant, campaignId));
  } catch {
    // Storage blocked: checkout then starts empty and sends the member back to pick again.
  }
}

const ADDRESS_KEY = 'tuan.address';

/** The last delivery address used on this device, to prefill the next checkout. */
export function loadAddress(): { name: string; phone: string; region: string; detail: string } | null {
  try {
    const raw = localStorage.getItem(ADDRESS_KEY);
    const a = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    if (!a) return null;
    const s = (v: unknown) => (typeof v === 'string' ? v : '');
    return { name: s(a.name), phone: s(a.phone), region: s(a.region), detail: s(a.detail) };
  } catch {
    return null;
  }
}

export function saveAddress(a: { name: string; phone: string; region: string; detail: string }): void {
  try {
    localStorage.setItem(ADDRESS_KEY, JSON.stringify(a));
  } catch {
    // Nothing to do.
  }
}

const agreedKey = (tenant: string, code: string) => `tuan.rules.${tenant}.${code.toUpperCase()}`;

/**
 * Remembers, for this tab, that the member ticked "I accept the rules" on a join page before going
 * to sign in, so the box is still ticked when they come back. They still press Join themselves.
 */
export function rememberRulesTicked(tenant: string, code: string, ticked: boolean): void {
  try {
    if (ticked) sessionStorage.setItem(agreedKey(tenant, code), '1');
    else sessionStorage.removeItem(agreedKey(tenant, code));
  } catch {
    // Storage blocked: the member ticks the box again after signing in.
  }
}

export function rulesTicked(tenant: string, code: string): boolean {
  try {
    return sessionStorage.getItem(agreedKey(tenant, code)) === '1';
  } catch {
    return false;
  }
}
