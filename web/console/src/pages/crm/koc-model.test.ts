import { describe, expect, it } from 'vitest';
import { distributorInvite, isDistributorStatus, kocParts } from './koc-model';

describe('the KOC score explained', () => {
  it('turns each part into the points it adds, biggest first, leaving out empty parts', () => {
    // ¥1,234.00 one level down, ¥100.00 two levels down, 3 buyers, 2 share orders, no helpful reviews.
    const parts = kocParts({ gmv1: 123_400, gmv2: 10_000, buyers: 3, shareOrders: 2, helpfulReviews: 0 });
    expect(parts).toEqual([
      { part: 'gmv1', value: 123_400, points: 1234 },
      { part: 'buyers', value: 3, points: 150 },
      { part: 'gmv2', value: 10_000, points: 50 },
      { part: 'shareOrders', value: 2, points: 40 },
    ]);
    // The parts add up to the server's floor(total) within rounding.
    const total = parts.reduce((s, p) => s + p.points, 0);
    expect(Math.abs(total - Math.floor(1234 + 50 + 150 + 40))).toBeLessThanOrEqual(parts.length);
  });

  it('rounds half-points of the second level and keeps ties in a fixed order', () => {
    expect(kocParts({ gmv1: 0, gmv2: 101, buyers: 0, shareOrders: 0, helpfulReviews: 0 })).toEqual([{ part: 'gmv2', value: 101, points: 1 }]);
    expect(kocParts({ gmv1: 0, gmv2: 0, buyers: 0, shareOrders: 1, helpfulReviews: 2 }).map((p) => p.part)).toEqual(['shareOrders', 'helpfulReviews']);
    expect(kocParts({ gmv1: 0, gmv2: 0, buyers: 0, shareOrders: 0, helpfulReviews: 0 })).toEqual([]);
  });
});

describe('inviting a super user', () => {
  it('offers the distributor invitation except to approved distributors and pending applications', () => {
    expect(distributorInvite(null)).toEqual({ allowed: true, reinstates: false });
    expect(distributorInvite('approved')).toEqual({ allowed: false, reason: 'approved' });
    expect(distributorInvite('applied')).toEqual({ allowed: false, reason: 'applied' });
    expect(distributorInvite('suspended')).toEqual({ allowed: true, reinstates: true });
    expect(distributorInvite('rejected')).toEqual({ allowed: true, reinstates: true });
  });

  it('knows the distributor statuses', () => {
    expect(isDistributorStatus('approved')).toBe(true);
    expect(isDistributorStatus('gone')).toBe(false);
    expect(isDistributorStatus(null)).toBe(false);
  });
});
