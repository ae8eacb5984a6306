import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE, nextStageChange, stageOf } from './lifecycle';

const DAY = 86_400_000;
const NOW = new Date('2026-11-22T12:00:00Z');
const ago = (d: number) => new Date(NOW.getTime() - d * DAY);
const s = DEFAULT_LIFECYCLE; // new 30, active 30, repeat 2 orders, at risk to 90, dormant to 180

describe('lifecycle stages', () => {
  it('moves through every stage as a person buys and stops buying', () => {
    const stage = (registered: number, orders: number[]) => stageOf({ registeredAt: ago(registered), orderTimes: orders.map(ago) }, s, NOW);
    expect(stage(5, [])).toBe('new');
    expect(stage(60, [])).toBe('dormant');
    expect(stage(40, [10])).toBe('new');
    expect(stage(100, [40, 20])).toBe('repeat');
    expect(stageOf({ registeredAt: ago(100), orderTimes: [ago(20)] }, { ...s, newDays: 10 }, NOW)).toBe('active');
    expect(stage(100, [50])).toBe('at_risk');
    expect(stage(100, [70, 12])).toBe('repeat');
    expect(stage(400, [300, 20])).toBe('won_back');
    expect(stage(400, [300, 20, 3])).toBe('won_back');
    expect(stage(400, [300, 45, 3])).toBe('repeat');
    expect(stage(400, [60])).toBe('at_risk');
    expect(stage(400, [120])).toBe('dormant');
    expect(stage(400, [200])).toBe('churned');
    // One order long after registering, but more than newDays ago and within activeDays cannot both hold: new wins only for a first order within newDays.
    expect(stageOf({ registeredAt: ago(400), orderTimes: [ago(25)] }, { ...s, newDays: 20 }, NOW)).toBe('active');
  });

  it('changes stage with time only at the moment nextStageChange names', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 5 }), (registered, orders) => {
        const facts = { registeredAt: ago(Math.max(registered, ...orders)), orderTimes: orders.map(ago) };
        const next = nextStageChange(facts, s, NOW);
        const before = stageOf(facts, s, NOW);
        const horizon = next ? next.getTime() - 2000 : NOW.getTime() + 400 * DAY;
        // No change strictly before the named moment…
        for (const t of [NOW.getTime() + 1000, (NOW.getTime() + horizon) / 2, horizon]) if (t > NOW.getTime() && t <= horizon) expect(stageOf(facts, s, new Date(t))).toBe(before);
        // …and never in the past; when the stage is not final, some moment exists.
        if (next) expect(next.getTime()).toBeGreaterThan(NOW.getTime());
        if (!next) expect(before === 'churned' || (orders.length === 0 && before === 'dormant')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
