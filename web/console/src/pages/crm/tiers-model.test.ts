import { describe, expect, it } from 'vitest';
import type { TierList } from '../../../../shared/crm-extra-types';
import { fenToYuanText, formFieldOf, formToRules, nextTier, nextTierRank, parseThreshold, rulesToForm, thresholdView, TIER_RANK_LIMITS, tierAtRank, tierMessageCode, type TierRulesForm } from './tiers-model';

const TIERS: TierList['tiers'] = [
  { id: 'gold', name: '金卡会员', rank: 2, threshold: 30_000, perks: '9 折', profiles: 3 },
  { id: 'silver', name: '银卡会员', rank: 1, threshold: 10_000, perks: '95 折', profiles: 8 },
];
const RANKS = new Map([
  ['silver', 1],
  ['gold', 2],
]);
const RULES = {
  basis: 'spend' as const,
  windowDays: 365,
  graceDays: 30,
  points: { perYuan: 1, events: { shared: 5 } },
  levels: [
    { tierId: 'gold', threshold: 30_000, perks: '9 折' },
    { tierId: 'silver', threshold: 9_950, perks: '95 折' },
  ],
};

function form(over: Partial<TierRulesForm> = {}): TierRulesForm {
  return {
    basis: 'spend',
    windowDays: 365,
    graceDays: 30,
    perYuan: 1,
    events: [],
    levels: [
      { tierId: 'silver', threshold: '100', perks: ' 95 折 ' },
      { tierId: 'gold', threshold: '300.5', perks: '' },
    ],
    ...over,
  };
}

describe('the tier rules form', () => {
  it('shows the rules in tier rank order with spend in yuan', () => {
    expect(rulesToForm({ rules: RULES, tiers: TIERS, withoutTier: 0 })).toEqual({
      basis: 'spend',
      windowDays: 365,
      graceDays: 30,
      perYuan: 1,
      events: [{ type: 'shared', points: 5 }],
      levels: [
        { tierId: 'silver', threshold: '99.50', perks: '95 折' },
        { tierId: 'gold', threshold: '300', perks: '9 折' },
      ],
    });
  });

  it('starts without rules from one level per tier and the server defaults', () => {
    const f = rulesToForm({ rules: null, tiers: TIERS, withoutTier: 4 });
    expect(f.basis).toBe('spend');
    expect([f.windowDays, f.graceDays, f.perYuan]).toEqual([365, 30, 1]);
    expect(f.levels.map((l) => [l.tierId, l.threshold])).toEqual([
      ['silver', null],
      ['gold', null],
    ]);
  });

  it('keeps points thresholds as whole numbers', () => {
    const f = rulesToForm({ rules: { ...RULES, basis: 'points', levels: [{ tierId: 'silver', threshold: 500, perks: '' }] }, tiers: TIERS, withoutTier: 0 });
    expect(f.levels[0]!.threshold).toBe('500');
  });

  it('converts yuan to fen exactly and trims perks, keeping the order shown', () => {
    const r = formToRules(form(), RANKS);
    expect(r).toEqual({
      ok: true,
      rules: {
        basis: 'spend',
        windowDays: 365,
        graceDays: 30,
        points: { perYuan: 1, events: {} },
        levels: [
          { tierId: 'silver', threshold: 10_000, perks: '95 折' },
          { tierId: 'gold', threshold: 30_050, perks: '' },
        ],
      },
    });
    expect(formToRules(form({ levels: [{ tierId: 'silver', threshold: '19.9' }] }), RANKS)).toMatchObject({ ok: true, rules: { levels: [{ threshold: 1990 }] } });
  });

  it('wants thresholds rising with rank, whatever the order of the rows', () => {
    const r = formToRules(form({ levels: [{ tierId: 'gold', threshold: '100' }, { tierId: 'silver', threshold: '200' }] }), RANKS);
    expect(r).toEqual({ ok: false, issues: [{ name: ['levels', 0, 'threshold'], code: 'rising' }] });
    const equal = formToRules(form({ levels: [{ tierId: 'silver', threshold: '100' }, { tierId: 'gold', threshold: '100.00' }] }), RANKS);
    expect(equal).toEqual({ ok: false, issues: [{ name: ['levels', 1, 'threshold'], code: 'rising' }] });
  });

  it('marks missing tiers, repeated tiers and bad thresholds at their row', () => {
    const r = formToRules(
      form({
        levels: [{ tierId: 'silver', threshold: '' }, { tierId: 'silver', threshold: '1.234' }, { threshold: '-5' }],
      }),
      RANKS,
    );
    expect(r).toEqual({
      ok: false,
      issues: [
        { name: ['levels', 0, 'threshold'], code: 'thresholdRequired' },
        { name: ['levels', 1, 'tierId'], code: 'duplicateTier' },
        { name: ['levels', 1, 'threshold'], code: 'amountInvalid' },
        { name: ['levels', 2, 'tierId'], code: 'tierRequired' },
        { name: ['levels', 2, 'threshold'], code: 'amountInvalid' },
      ],
    });
    expect(formToRules(form({ levels: [] }), RANKS)).toEqual({ ok: false, issues: [{ name: ['levels'], code: 'levelsRequired' }] });
  });

  it('takes points thresholds and event points as whole numbers', () => {
    expect(parseThreshold('points', '1200')).toEqual({ ok: true, value: 1200 });
    expect(parseThreshold('points', 1200)).toEqual({ ok: true, value: 1200 });
    expect(parseThreshold('points', '12.5')).toEqual({ ok: false, code: 'pointsInvalid' });
    expect(parseThreshold('points', '0')).toEqual({ ok: false, code: 'pointsInvalid' });
    expect(parseThreshold('spend', '0.01')).toEqual({ ok: true, value: 1 });
    expect(parseThreshold('spend', '0')).toEqual({ ok: false, code: 'amountInvalid' });
    expect(parseThreshold('spend', '20000000')).toEqual({ ok: false, code: 'tooLarge' });
    const r = formToRules(
      form({
        basis: 'points',
        levels: [{ tierId: 'silver', threshold: '100' }],
        events: [{ type: 'shared', points: 5 }, { type: 'Shared!', points: 1 }, { type: 'shared', points: 2 }, { type: 'reviewed', points: 1001 }],
      }),
      RANKS,
    );
    expect(r).toEqual({
      ok: false,
      issues: [
        { name: ['events', 1, 'type'], code: 'eventTypeInvalid' },
        { name: ['events', 2, 'type'], code: 'eventDuplicate' },
        { name: ['events', 3, 'points'], code: 'eventPointsInvalid' },
      ],
    });
    expect(formToRules(form({ basis: 'points', levels: [{ tierId: 'silver', threshold: '100' }], events: [{ type: 'shared', points: 5 }, { type: 'reviewed', points: 0 }] }), RANKS)).toMatchObject({
      ok: true,
      rules: { points: { perYuan: 1, events: { shared: 5, reviewed: 0 } }, levels: [{ tierId: 'silver', threshold: 100 }] },
    });
  });

  it('keeps valid event points by spend without checking the hidden rows', () => {
    const r = formToRules(form({ events: [{ type: 'shared', points: 5 }, { type: '', points: null }] }), RANKS);
    expect(r).toMatchObject({ ok: true, rules: { basis: 'spend', points: { events: { shared: 5 } } } });
  });

  it("puts the server's field errors on the fields they name", () => {
    const f = { events: [{ type: 'shared', points: 5 }, { type: 'reviewed', points: 2 }] };
    expect(formFieldOf(['levels', 1, 'threshold'], f)).toEqual(['levels', 1, 'threshold']);
    expect(formFieldOf(['levels', 0, 'tierId'], f)).toEqual(['levels', 0, 'tierId']);
    expect(formFieldOf(['points', 'perYuan'], f)).toEqual(['perYuan']);
    expect(formFieldOf(['points', 'events', 'reviewed'], f)).toEqual(['events', 1, 'points']);
    expect(formFieldOf(['points', 'events', 'liked'], f)).toBeNull();
    expect(formFieldOf(['windowDays'], f)).toEqual(['windowDays']);
    expect(formFieldOf(['levels'], f)).toBeNull();
    expect(formFieldOf(['other'], f)).toBeNull();
  });

  it("says the server's tier messages in the UI's words", () => {
    expect(tierMessageCode('a higher tier needs a higher threshold')).toBe('rising');
    expect(tierMessageCode('named twice')).toBe('duplicateTier');
    expect(tierMessageCode('no tier tier_x')).toBe('unknownTier');
    expect(tierMessageCode('Too small: expected number to be >=1')).toBeNull();
  });
});

describe('showing tiers', () => {
  it('edits yuan without a needless .00', () => {
    expect(fenToYuanText(10_000)).toBe('100');
    expect(fenToYuanText(9_950)).toBe('99.50');
    expect(fenToYuanText(1)).toBe('0.01');
  });

  it('shows a threshold as money or points, or none', () => {
    expect(thresholdView('spend', 10_000)).toEqual({ kind: 'fen', fen: 10_000 });
    expect(thresholdView('points', 500)).toEqual({ kind: 'points', points: 500 });
    expect(thresholdView('spend', null)).toEqual({ kind: 'none' });
    expect(thresholdView(null, 100)).toEqual({ kind: 'none' });
  });

  it('finds the next tier up and what is missing to reach it', () => {
    const list = { rules: RULES, tiers: TIERS };
    expect(nextTier(list, null, 4_000)).toEqual({ tier: TIERS[1], gap: 6_000 });
    expect(nextTier(list, 'silver', 12_000)).toEqual({ tier: TIERS[0], gap: 18_000 });
    expect(nextTier(list, 'silver', 31_000)).toEqual({ tier: TIERS[0], gap: 0 });
    expect(nextTier(list, 'gold', 50_000)).toBe('top');
    expect(nextTier({ rules: null, tiers: TIERS }, null, 0)).toBeNull();
    // A tier the rules leave out is skipped.
    expect(nextTier({ rules: RULES, tiers: [{ ...TIERS[1]!, threshold: null }, TIERS[0]!] }, null, 0)).toEqual({ tier: TIERS[0], gap: 30_000 });
  });
});

describe('a new tier’s rank', () => {
  it('starts one above the highest tier, and at 1 for the first', () => {
    expect(nextTierRank(TIERS)).toBe(3);
    expect(nextTierRank([])).toBe(1);
    expect(nextTierRank([{ rank: 0 }])).toBe(1);
    expect(nextTierRank([{ rank: 7 }, { rank: 3 }])).toBe(8);
  });

  it('takes the lowest free rank when the top one is used, and none when all are', () => {
    expect(nextTierRank([{ rank: 100 }, { rank: 0 }, { rank: 1 }])).toBe(2);
    const all = Array.from({ length: TIER_RANK_LIMITS[1] - TIER_RANK_LIMITS[0] + 1 }, (_, i) => ({ rank: TIER_RANK_LIMITS[0] + i }));
    expect(nextTierRank(all)).toBeNull();
  });

  it('finds the tier holding a rank', () => {
    expect(tierAtRank(TIERS, 1)?.name).toBe('银卡会员');
    expect(tierAtRank(TIERS, 3)).toBeUndefined();
    expect(tierAtRank(TIERS, null)).toBeUndefined();
  });
});
