import type { TierList, TierRow, TierRules } from '../../../../shared/crm-extra-types';
import { fenToYuan, yuanToFen } from '../../../../shared/money';
import type { crmxZhCN } from './crm-extra-i18n';

/** The rules form: thresholds as typed (yuan for spend, points otherwise), event points as rows. */
export interface LevelForm {
  tierId?: string;
  threshold?: string | number | null;
  perks?: string;
}
export interface EventForm {
  type?: string;
  points?: number | null;
}
export interface TierRulesForm {
  basis: TierRules['basis'];
  windowDays: number;
  graceDays: number;
  perYuan: number;
  events: EventForm[];
  levels: LevelForm[];
}

export type TierErrorCode = keyof (typeof crmxZhCN)['tiers']['errors'];
export type FieldName = (string | number)[];
export interface FieldIssue {
  name: FieldName;
  code: TierErrorCode;
}

/** The server's defaults (services/tiers.ts) for a first set of rules. */
export const RULE_DEFAULTS = { windowDays: 365, graceDays: 30, perYuan: 1 } as const;
export const RULE_LIMITS = { windowDays: [30, 730], graceDays: [0, 365], perYuan: [0, 100], eventPoints: [0, 1000], threshold: [1, 1_000_000_000] } as const;
/** An event type as the rule language takes it (segment-rule.ts). */
export const EVENT_TYPE_RE = /^[a-z][a-z0-9_.]{1,39}$/;
/** Events a brand typically rewards, offered first in the picker (any valid type may be typed). */
export const SUGGESTED_POINT_EVENTS = ['shared', 'reviewed', 'review_helpful', 'commented', 'liked', 'viewed_campaign', 'joined_group'] as const;

/** Tiers lowest rank first. */
export function byRank<T extends { rank: number }>(tiers: readonly T[]): T[] {
  return [...tiers].sort((a, b) => a.rank - b.rank);
}

/** "100" for 10000 fen, "99.50" for 9950: yuan to edit, without a needless ".00". */
export function fenToYuanText(fen: number): string {
  const text = fenToYuan(fen);
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}

/**
 * The form for the current rules: their levels in tier rank order (spend thresholds in yuan), or,
 * with no rules yet, one level per tier with the thresholds left to fill in.
 */
export function rulesToForm(list: TierList): TierRulesForm {
  const rules = list.rules;
  const rank = new Map(list.tiers.map((t) => [t.id, t.rank]));
  if (!rules) {
    return {
      basis: 'spend',
      windowDays: RULE_DEFAULTS.windowDays,
      graceDays: RULE_DEFAULTS.graceDays,
      perYuan: RULE_DEFAULTS.perYuan,
      events: [],
      levels: byRank(list.tiers).map((t) => ({ tierId: t.id, threshold: null, perks: t.perks })),
    };
  }
  const levels = [...rules.levels].sort((a, b) => (rank.get(a.tierId) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.tierId) ?? Number.MAX_SAFE_INTEGER));
  return {
    basis: rules.basis,
    windowDays: rules.windowDays,
    graceDays: rules.graceDays,
    perYuan: rules.points?.perYuan ?? RULE_DEFAULTS.perYuan,
    events: Object.entries(rules.points?.events ?? {}).map(([type, points]) => ({ type, points })),
    levels: levels.map((l) => ({ tierId: l.tierId, threshold: rules.basis === 'spend' ? fenToYuanText(l.threshold) : String(l.threshold), perks: l.perks })),
  };
}

/** A typed threshold as the API takes it: fen for spend, whole points; or the problem with it. */
export function parseThreshold(basis: TierRules['basis'], value: string | number | null | undefined): { ok: true; value: number } | { ok: false; code: TierErrorCode } {
  const text = value === null || value === undefined ? '' : String(value).trim();
  if (!text) return { ok: false, code: 'thresholdRequired' };
  const [min, max] = RULE_LIMITS.threshold;
  if (basis === 'spend') {
    const fen = yuanToFen(text);
    if (fen === null || fen < min) return { ok: false, code: 'amountInvalid' };
    return fen > max ? { ok: false, code: 'tooLarge' } : { ok: true, value: fen };
  }
  if (!/^\d+$/.test(text)) return { ok: false, code: 'pointsInvalid' };
  const points = Number(text);
  if (points < min) return { ok: false, code: 'pointsInvalid' };
  return points > max ? { ok: false, code: 'tooLarge' } : { ok: true, value: points };
}

/**
 * Checks the form and builds the rules the API takes (levels in the order shown, so the server's
 * `levels.1.threshold` names the second row). Thresholds must rise with the tiers' rank.
 */
export function formToRules(form: TierRulesForm, ranks: ReadonlyMap<string, number>): { ok: true; rules: TierRules } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const levels = form.levels ?? [];
  if (levels.length === 0) issues.push({ name: ['levels'], code: 'levelsRequired' });
  const parsed: Array<{ index: number; tierId: string; threshold: number }> = [];
  const seenTiers = new Set<string>();
  levels.forEach((l, i) => {
    const tierId = l.tierId ?? '';
    if (!tierId) issues.push({ name: ['levels', i, 'tierId'], code: 'tierRequired' });
    else if (seenTiers.has(tierId)) issues.push({ name: ['levels', i, 'tierId'], code: 'duplicateTier' });
    seenTiers.add(tierId);
    const th = parseThreshold(form.basis, l.threshold);
    if (!th.ok) issues.push({ name: ['levels', i, 'threshold'], code: th.code });
    else if (tierId) parsed.push({ index: i, tierId, threshold: th.value });
  });
  // Rising with rank: each level above the one below it (only between levels that parsed).
  const ranked = parsed.filter((p) => ranks.has(p.tierId)).sort((a, b) => ranks.get(a.tierId)! - ranks.get(b.tierId)!);
  for (let k = 1; k < ranked.length; k++) {
    if (ranked[k]!.threshold <= ranked[k - 1]!.threshold) issues.push({ name: ['levels', ranked[k]!.index, 'threshold'], code: 'rising' });
  }
  // Event points count only by points; by spend the (hidden) rows are kept when valid, never blocking.
  const checkEvents = form.basis === 'points';
  const events: Record<string, number> = {};
  (form.events ?? []).forEach((e, i) => {
    const type = (e.type ?? '').trim();
    const [min, max] = RULE_LIMITS.eventPoints;
    const points = e.points;
    const typeCode: TierErrorCode | null = !EVENT_TYPE_RE.test(type) ? 'eventTypeInvalid' : type in events ? 'eventDuplicate' : null;
    const pointsOk = typeof points === 'number' && Number.isInteger(points) && points >= min && points <= max;
    if (checkEvents && typeCode) issues.push({ name: ['events', i, 'type'], code: typeCode });
    if (checkEvents && !pointsOk) issues.push({ name: ['events', i, 'points'], code: 'eventPointsInvalid' });
    if (!typeCode && pointsOk) events[type] = points;
  });
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    rules: {
      basis: form.basis,
      windowDays: form.windowDays,
      graceDays: form.graceDays,
      points: { perYuan: form.perYuan, events },
      levels: levels.map((l, i) => ({ tierId: l.tierId!, threshold: parsed.find((p) => p.index === i)!.threshold, perks: (l.perks ?? '').trim() })),
    },
  };
}

/**
 * Where a field error of the API (`levels.1.threshold`, `points.perYuan`, `points.events.shared`)
 * shows on the form; null when the form has no such field.
 */
export function formFieldOf(path: FieldName, form: Pick<TierRulesForm, 'events'>): FieldName | null {
  const [head, second, third] = path;
  if (head === 'levels') return typeof second === 'number' ? path : null;
  if (head === 'basis' || head === 'windowDays' || head === 'graceDays') return [head];
  if (head === 'points') {
    if (second === 'perYuan') return ['perYuan'];
    if (second === 'events' && third !== undefined) {
      const index = (form.events ?? []).findIndex((e) => (e.type ?? '').trim() === String(third));
      return index >= 0 ? ['events', index, 'points'] : null;
    }
  }
  return null;
}

/** A threshold to show: money for spend, points otherwise, none when the rules leave the tier out. */
export type ThresholdView = { kind: 'fen'; fen: number } | { kind: 'points'; points: number } | { kind: 'none' };
export function thresholdView(basis: TierRules['basis'] | null | undefined, threshold: number | null): ThresholdView {
  if (threshold === null || !basis) return { kind: 'none' };
  return basis === 'spend' ? { kind: 'fen', fen: threshold } : { kind: 'points', points: threshold };
}

/**
 * The next tier up for a person holding `currentTierId` (null: none) with `metric` in the window:
 * the lowest-ranked tier above theirs that the rules give a threshold, and how much is missing.
 * 'top' when no tier with a threshold is above theirs; null without rules.
 */
export function nextTier(list: Pick<TierList, 'rules' | 'tiers'>, currentTierId: string | null, metric: number): { tier: TierRow; gap: number } | 'top' | null {
  if (!list.rules) return null;
  const current = currentTierId ? list.tiers.find((t) => t.id === currentTierId) : undefined;
  const currentRank = current ? current.rank : Number.NEGATIVE_INFINITY;
  const above = byRank(list.tiers).filter((t) => t.threshold !== null && t.rank > currentRank);
  const next = above[0];
  if (!next) return 'top';
  return { tier: next, gap: Math.max(0, next.threshold! - metric) };
}

/** The server's English field messages about tier rules (services/tiers.ts), in the UI's words. */
export function tierMessageCode(message: string): TierErrorCode | null {
  if (message === 'a higher tier needs a higher threshold') return 'rising';
  if (message === 'named twice') return 'duplicateTier';
  if (/^no tier /.test(message)) return 'unknownTier';
  return null;
}

/** The ranks a member tier may have (catalog.validators.ts, ZCreateTierRequest). */
export const TIER_RANK_LIMITS = [0, 100] as const;

/**
 * The rank a new tier starts with: one above the highest tier (1 for the first), or, when that is
 * past the limit, the lowest rank still free; null when every rank is taken.
 */
export function nextTierRank(tiers: ReadonlyArray<{ rank: number }>): number | null {
  const [min, max] = TIER_RANK_LIMITS;
  if (tiers.length === 0) return 1;
  const top = Math.max(...tiers.map((t) => t.rank));
  if (top + 1 <= max) return Math.max(min, top + 1);
  const used = new Set(tiers.map((t) => t.rank));
  for (let r = min; r <= max; r++) if (!used.has(r)) return r;
  return null;
}

/** The tier that already has `rank`, if any (a rank holds one tier). */
export function tierAtRank<T extends { rank: number }>(tiers: readonly T[], rank: number | null | undefined): T | undefined {
  return rank === null || rank === undefined ? undefined : tiers.find((t) => t.rank === rank);
}
