/**
 * Pure logic of the member's side of the social CRM (privacy switches, 为你推荐, notices from the
 * brand), free of React and the browser.
 */
import type { ConsentPurpose, ForYouCampaign, MyConsents } from '../../shared/crm-extra-types';

export type { ConsentPurpose, ForYouCampaign, MyConsents };

// ---- Privacy switches ----

/** The switches on the privacy page, in the order shown. */
export const CONSENT_SWITCHES: readonly ConsentPurpose[] = ['marketing', 'share_contact'];

/** The consents with one switch turned, shown at once while the change is saved. */
export function withConsent(current: MyConsents, purpose: ConsentPurpose, granted: boolean): MyConsents {
  return { ...current, [purpose]: granted };
}

/**
 * What to show after a save answered: the server's state when it came back, else the state before
 * the switch was turned (the change did not happen).
 */
export function settleConsent(before: MyConsents, answer: unknown): MyConsents {
  return answer && typeof answer === 'object' ? readConsents(answer) : before;
}

/** The consents as the API answered them; anything but `true` is no consent. */
export function readConsents(answer: unknown): MyConsents {
  const a = (answer && typeof answer === 'object' ? answer : {}) as Partial<Record<ConsentPurpose, unknown>>;
  return { marketing: a.marketing === true, share_contact: a.share_contact === true };
}

/** The toast after a save: which switch, and whether it is now on. */
export function consentToastKey(purpose: ConsentPurpose, granted: boolean): `privacy.saved.${ConsentPurpose}.${'on' | 'off'}` {
  return `privacy.saved.${purpose}.${granted ? 'on' : 'off'}`;
}

/** The privacy page: `/demo/privacy`. */
export function privacyPath(tenant: string): string {
  return `/${encodeURIComponent(tenant)}/privacy`;
}

// ---- 为你推荐 ----

/** How a for-you card prices the campaign: one price, a "from" price, or nothing without items. */
export type ForYouPrice = { kind: 'single' | 'from'; fen: number } | { kind: 'none' };

export function forYouPrice(c: Pick<ForYouCampaign, 'minPriceFen' | 'maxPriceFen' | 'itemCount'>): ForYouPrice {
  if (c.itemCount <= 0) return { kind: 'none' };
  return c.minPriceFen === c.maxPriceFen ? { kind: 'single', fen: c.minPriceFen } : { kind: 'from', fen: c.minPriceFen };
}

/**
 * The cards of 为你推荐: live campaigns only (a page left open may hold one that has since closed),
 * each once, ending soonest first, at most `max`.
 */
export function forYouCards(items: readonly ForYouCampaign[], now: number, max = 6): ForYouCampaign[] {
  const seen = new Set<string>();
  const open = items.filter((c) => {
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    const ends = Date.parse(c.endsAt);
    return c.status === 'live' && !(Number.isFinite(ends) && ends <= now);
  });
  return open.sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt) || a.id.localeCompare(b.id)).slice(0, max);
}

/** Hours left, for "今晚截止" style hints: true when a campaign ends within a day. */
export function endsSoon(endsAt: string, now: number): boolean {
  const ends = Date.parse(endsAt);
  return Number.isFinite(ends) && ends > now && ends - now <= 24 * 3_600_000;
}
