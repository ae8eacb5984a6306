import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { fenToYuan, formatFen, yuanToFen } from '../../../../shared/money';
import {
  COMMISSION_SLOTS,
  type CommissionRule,
  type CommissionRules,
  type CommissionSlot,
  type DistributorDecision,
  type DistributorStatus,
  type Posting,
} from '../../api/distribution-types';

const DATE = 'YYYY-MM-DD';

const PERCENT_RE = /^(\d{1,3})(?:\.(\d{0,2}))?$/;

/**
 * Parses a percentage typed by a person ("5", "12.5", "0.05%") into basis points with string
 * arithmetic, so "0.29" is exactly 29 bps. Null when it is not a number with at most two decimals
 * or is over 100%.
 * @example percentToBps('12.5') // 1250
 */
export function percentToBps(text: string): number | null {
  const cleaned = text.trim().replace(/[%％]$/, '').trim();
  const m = PERCENT_RE.exec(cleaned);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}

/** Basis points as an editable percentage with two decimals. @example bpsToPercent(1250) // "12.50" */
export function bpsToPercent(bps: number): string {
  return `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}`;
}

/** Basis points for display, without needless zeros. @example formatBps(1250) // "12.5%" */
export function formatBps(bps: number): string {
  return `${bpsToPercent(bps).replace(/\.?0+$/, '')}%`;
}

/** One slot of the policy form: none, a rate typed in percent, or a fixed amount typed in yuan. */
export interface RuleFormValue {
  method: 'none' | 'rate' | 'fixed';
  percent?: string;
  yuan?: string;
}

export type RulesFormValue = Record<CommissionSlot, RuleFormValue>;

/** The form's value for a rule the API returned. */
export function ruleToForm(rule: CommissionRule | undefined): RuleFormValue {
  if (!rule) return { method: 'none', percent: '', yuan: '' };
  if (rule.method === 'rate') return { method: 'rate', percent: bpsToPercent(rule.rateBps), yuan: '' };
  return { method: 'fixed', percent: '', yuan: fenToYuan(rule.fixedFen) };
}

export function rulesToForm(rules: CommissionRules | undefined): RulesFormValue {
  return {
    leader: ruleToForm(rules?.leader),
    level1: ruleToForm(rules?.level1),
    level2: ruleToForm(rules?.level2),
  };
}

/**
 * The API's rule for a form slot: undefined for "none"; null when the typed amount does not parse
 * (the form's own validation says why).
 */
export function formToRule(value: RuleFormValue | undefined): CommissionRule | undefined | null {
  if (!value || value.method === 'none') return undefined;
  if (value.method === 'rate') {
    const bps = percentToBps(value.percent ?? '');
    return bps === null ? null : { method: 'rate', rateBps: bps };
  }
  const fen = yuanToFen(value.yuan ?? '');
  return fen === null ? null : { method: 'fixed', fixedFen: fen };
}

/** The rules to send for the whole form, or null when a slot does not parse. */
export function formToRules(value: RulesFormValue): CommissionRules | null {
  const rules: CommissionRules = {};
  for (const slot of COMMISSION_SLOTS) {
    const rule = formToRule(value[slot]);
    if (rule === null) return null;
    if (rule) rules[slot] = rule;
  }
  return rules;
}

/** The rates of all slots added up, in basis points (the server refuses a total over 100%). */
export function totalRateBps(rules: CommissionRules): number {
  return COMMISSION_SLOTS.reduce((sum, slot) => {
    const rule = rules[slot];
    return sum + (rule?.method === 'rate' ? rule.rateBps : 0);
  }, 0);
}

/** "5%" or "¥1.00 / 件"; "—" for none. */
export function ruleText(t: TFunction, rule: CommissionRule | undefined): string {
  if (!rule) return '—';
  return rule.method === 'rate' ? formatBps(rule.rateBps) : t('distribution.rule.perUnit', { amount: formatFen(rule.fixedFen) });
}

/** "团长 5% · 一级 ¥1.00 / 件" for a rule set; the "none" text when it pays nothing. */
export function rulesSummary(t: TFunction, rules: CommissionRules | undefined): string {
  const parts = COMMISSION_SLOTS.filter((slot) => rules?.[slot]).map(
    (slot) => `${t(`distribution.slots.${slot}`)} ${ruleText(t, rules![slot])}`,
  );
  return parts.length ? parts.join(' · ') : t('distribution.rule.noneSet');
}

/** The decisions a staff member can take on a distributor in a given status (the server enforces the same). */
export function decisionsFor(status: DistributorStatus): DistributorDecision[] {
  switch (status) {
    case 'applied':
      return ['approve', 'reject'];
    case 'approved':
      return ['suspend'];
    case 'suspended':
      return ['reinstate'];
    case 'rejected':
      return [];
  }
}

/** Postings of one journal entry must add up to zero (double entry). */
export function postingsBalance(postings: readonly Posting[]): number {
  return postings.reduce((sum, p) => sum + p.amountFen, 0);
}

/** Whole days in the URL → the instants the API takes: [start of `from`, start of the day after `to`). */
export function periodQuery(fromDate: string, toDate: string): { from: string; to: string } {
  const from = fromDate && dayjs(fromDate, DATE).isValid() ? dayjs(fromDate, DATE).startOf('day').toISOString() : '';
  const to = toDate && dayjs(toDate, DATE).isValid() ? dayjs(toDate, DATE).add(1, 'day').startOf('day').toISOString() : '';
  return { from, to };
}
