import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import {
  bpsToPercent,
  decisionsFor,
  formatBps,
  formToRule,
  formToRules,
  percentToBps,
  periodQuery,
  postingsBalance,
  ruleText,
  rulesSummary,
  rulesToForm,
  totalRateBps,
} from './distribution-model';

// A stand-in translator: returns the key with its options, enough to see what was asked for.
const t = ((key: string, opts?: Record<string, unknown>) => (opts ? `${key}${JSON.stringify(opts)}` : key)) as unknown as TFunction;

describe('percent ↔ basis points', () => {
  it('parses what a person types into exact basis points', () => {
    expect(percentToBps('5')).toBe(500);
    expect(percentToBps('12.5')).toBe(1250);
    expect(percentToBps('0.29')).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(percentToBps('0.01')).toBe(1);
    expect(percentToBps(' 8.00 % ')).toBe(800);
    expect(percentToBps('8％')).toBe(800);
    expect(percentToBps('100')).toBe(10_000);
    expect(percentToBps('0')).toBe(0);
  });

  it('refuses more than two decimals, over 100%, negatives and text', () => {
    expect(percentToBps('0.005')).toBeNull();
    expect(percentToBps('100.01')).toBeNull();
    expect(percentToBps('-1')).toBeNull();
    expect(percentToBps('abc')).toBeNull();
    expect(percentToBps('')).toBeNull();
  });

  it('shows basis points as an editable percentage and for display', () => {
    expect(bpsToPercent(1250)).toBe('12.50');
    expect(bpsToPercent(1)).toBe('0.01');
    expect(bpsToPercent(10_000)).toBe('100.00');
    expect(formatBps(1250)).toBe('12.5%');
    expect(formatBps(500)).toBe('5%');
    expect(formatBps(29)).toBe('0.29%');
    expect(formatBps(0)).toBe('0%');
  });

  it('round-trips every basis point value through the form', () => {
    for (let bps = 0; bps <= 10_000; bps += 7) expect(percentToBps(bpsToPercent(bps))).toBe(bps);
  });
});

describe('policy form', () => {
  it('turns API rules into form slots and back', () => {
    const rules = { leader: { method: 'rate' as const, rateBps: 500 }, level1: { method: 'fixed' as const, fixedFen: 150 } };
    const form = rulesToForm(rules);
    expect(form).toEqual({
      leader: { method: 'rate', percent: '5.00', yuan: '' },
      level1: { method: 'fixed', percent: '', yuan: '1.50' },
      level2: { method: 'none', percent: '', yuan: '' },
    });
    expect(formToRules(form)).toEqual(rules);
  });

  it('sends percent as bps and yuan as fen, leaves "none" out, and reports a slot that does not parse', () => {
    expect(formToRule({ method: 'rate', percent: '3.25' })).toEqual({ method: 'rate', rateBps: 325 });
    expect(formToRule({ method: 'fixed', yuan: '0.5' })).toEqual({ method: 'fixed', fixedFen: 50 });
    expect(formToRule({ method: 'none', percent: '9' })).toBeUndefined();
    expect(formToRule({ method: 'rate', percent: '1.234' })).toBeNull();
    expect(
      formToRules({ leader: { method: 'rate', percent: 'x' }, level1: { method: 'none' }, level2: { method: 'none' } }),
    ).toBeNull();
    expect(formToRules({ leader: { method: 'none' }, level1: { method: 'none' }, level2: { method: 'none' } })).toEqual({});
  });

  it('adds up the rates only (fixed amounts are per unit, not a share)', () => {
    expect(
      totalRateBps({ leader: { method: 'rate', rateBps: 6000 }, level1: { method: 'rate', rateBps: 4500 }, level2: { method: 'fixed', fixedFen: 9999 } }),
    ).toBe(10_500);
    expect(totalRateBps({})).toBe(0);
  });

  it('describes rules in words', () => {
    expect(ruleText(t, { method: 'rate', rateBps: 250 })).toBe('2.5%');
    expect(ruleText(t, { method: 'fixed', fixedFen: 100 })).toContain('distribution.rule.perUnit');
    expect(ruleText(t, undefined)).toBe('—');
    expect(rulesSummary(t, { level1: { method: 'rate', rateBps: 300 } })).toBe('distribution.slots.level1 3%');
    expect(rulesSummary(t, {})).toBe('distribution.rule.noneSet');
  });
});

describe('distributors and the ledger', () => {
  it('offers only the decisions the status allows', () => {
    expect(decisionsFor('applied')).toEqual(['approve', 'reject']);
    expect(decisionsFor('approved')).toEqual(['suspend']);
    expect(decisionsFor('suspended')).toEqual(['reinstate']);
    expect(decisionsFor('rejected')).toEqual([]);
  });

  it('checks that an entry’s postings sum to zero', () => {
    const p = (amountFen: number) => ({ seq: 1, beneficiaryId: 'b', beneficiaryName: '', account: 'pending' as const, amountFen, orderId: null, orderLineId: null, slot: null });
    expect(postingsBalance([p(500), p(-500)])).toBe(0);
    expect(postingsBalance([p(500), p(-300)])).toBe(200);
  });
});

describe('period filters', () => {
  it('sends whole days as instants, the end exclusive at the start of the next day', () => {
    const { from, to } = periodQuery('2025-06-01', '2025-06-30');
    expect(new Date(to).getTime() - new Date(from).getTime()).toBe(30 * 86_400_000);
    expect(new Date(from).getHours()).toBe(0);
    expect(periodQuery('', '')).toEqual({ from: '', to: '' });
    expect(periodQuery('2025-06-01', '').to).toBe('');
  });
});
