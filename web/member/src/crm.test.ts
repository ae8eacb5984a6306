import { describe, expect, it } from 'vitest';
import { CONSENT_SWITCHES, consentToastKey, endsSoon, forYouCards, forYouPrice, privacyPath, readConsents, settleConsent, withConsent, type ForYouCampaign } from './crm';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;

function campaign(id: string, over: Partial<ForYouCampaign> = {}): ForYouCampaign {
  return { id, title: id, coverImages: [], status: 'live', startsAt: new Date(NOW - 24 * HOUR).toISOString(), endsAt: new Date(NOW + 48 * HOUR).toISOString(), minPriceFen: 990, maxPriceFen: 1990, itemCount: 2, ...over };
}

describe('privacy switches', () => {
  it('turns one switch and leaves the other', () => {
    const before = { marketing: true, share_contact: false };
    expect(withConsent(before, 'marketing', false)).toEqual({ marketing: false, share_contact: false });
    expect(withConsent(before, 'share_contact', true)).toEqual({ marketing: true, share_contact: true });
    expect(before).toEqual({ marketing: true, share_contact: false });
  });

  it("shows the server's answer after a save, and the state before when there was none", () => {
    const before = { marketing: true, share_contact: true };
    expect(settleConsent(before, { marketing: false, share_contact: true })).toEqual({ marketing: false, share_contact: true });
    expect(settleConsent(before, null)).toBe(before);
    expect(settleConsent(before, undefined)).toBe(before);
  });

  it('reads anything but true as no consent', () => {
    expect(readConsents({ marketing: true, share_contact: 'yes' })).toEqual({ marketing: true, share_contact: false });
    expect(readConsents(null)).toEqual({ marketing: false, share_contact: false });
  });

  it('has words for every switch and every toast, in both languages', () => {
    for (const purpose of CONSENT_SWITCHES) {
      for (const messages of [zhCN, en]) {
        expect(messages.privacy.switches[purpose].title.length).toBeGreaterThan(0);
        expect(messages.privacy.switches[purpose].hint.length).toBeGreaterThan(0);
        for (const granted of [true, false]) {
          const [, , p, state] = consentToastKey(purpose, granted).split('.') as [string, string, typeof purpose, 'on' | 'off'];
          expect(messages.privacy.saved[p][state].length).toBeGreaterThan(0);
        }
      }
    }
    expect(consentToastKey('marketing', false)).toBe('privacy.saved.marketing.off');
  });

  it('links to the privacy page of the brand', () => {
    expect(privacyPath('demo')).toBe('/demo/privacy');
    expect(privacyPath('a b')).toBe('/a%20b/privacy');
  });
});

describe('为你推荐', () => {
  it('prices a campaign by its cheapest item, or by its one price', () => {
    expect(forYouPrice({ minPriceFen: 990, maxPriceFen: 1990, itemCount: 2 })).toEqual({ kind: 'from', fen: 990 });
    expect(forYouPrice({ minPriceFen: 1290, maxPriceFen: 1290, itemCount: 3 })).toEqual({ kind: 'single', fen: 1290 });
    expect(forYouPrice({ minPriceFen: 0, maxPriceFen: 0, itemCount: 0 })).toEqual({ kind: 'none' });
  });

  it('keeps live campaigns once each, ending soonest first, at most max', () => {
    const items = [
      campaign('late', { endsAt: new Date(NOW + 72 * HOUR).toISOString() }),
      campaign('soon', { endsAt: new Date(NOW + 2 * HOUR).toISOString() }),
      campaign('soon', { endsAt: new Date(NOW + 2 * HOUR).toISOString() }),
      campaign('over', { endsAt: new Date(NOW - HOUR).toISOString() }),
      campaign('ended', { status: 'ended' }),
      campaign('mid'),
    ];
    expect(forYouCards(items, NOW).map((c) => c.id)).toEqual(['soon', 'mid', 'late']);
    expect(forYouCards(items, NOW, 2).map((c) => c.id)).toEqual(['soon', 'mid']);
    expect(forYouCards([], NOW)).toEqual([]);
  });

  it('marks a campaign ending within a day', () => {
    expect(endsSoon(new Date(NOW + 2 * HOUR).toISOString(), NOW)).toBe(true);
    expect(endsSoon(new Date(NOW + 30 * HOUR).toISOString(), NOW)).toBe(false);
    expect(endsSoon(new Date(NOW - HOUR).toISOString(), NOW)).toBe(false);
    expect(endsSoon('not a date', NOW)).toBe(false);
  });
});
