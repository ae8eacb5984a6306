import type { AudienceSegment } from '../../../../shared/crm-extra-types';

/** Whether the picked segments differ from the saved audience (order does not matter). */
export function audienceChanged(saved: readonly string[], picked: readonly string[]): boolean {
  const a = new Set(saved);
  const b = new Set(picked);
  return a.size !== b.size || [...a].some((id) => !b.has(id));
}

/**
 * At most how many people the picked segments reach: the sum of their member counts (a person in
 * two segments counts twice, so this is an upper bound).
 */
export function audienceReach(picked: readonly string[], counts: ReadonlyMap<string, number>): number {
  return [...new Set(picked)].reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
}

/**
 * The segments to pick from: every saved segment, plus any in the audience that is no longer in the
 * list (so it can be seen and taken off), by name.
 */
export function audienceChoices(segments: readonly AudienceSegment[], saved: readonly AudienceSegment[]): Array<AudienceSegment & { missing: boolean }> {
  const known = new Set(segments.map((s) => s.id));
  return [...segments.map((s) => ({ ...s, missing: false })), ...saved.filter((s) => !known.has(s.id)).map((s) => ({ ...s, missing: true }))].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
