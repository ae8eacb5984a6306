import { z } from 'zod';
import { CHANNELS, CONSENT_PURPOSES, LIFECYCLE_STAGES, ORDER_WINDOWS } from './crm.schema';

/**
 * The segment rule language (用户细分): AND/OR groups (`all` / `any`) of conditions over a profile's
 * attributes, order recency/frequency/spend (RFM), events and referrals. Every rule is data, checked
 * here, then compiled to one SQL predicate over `crm_profiles` (see compile-rule.ts).
 *
 * @example
 * { type: 'all', rules: [
 *   { type: 'tag', op: 'any', values: ['tag_…'] },
 *   { type: 'spend', window: 90, op: 'gte', value: 20000 },
 *   { type: 'event', eventType: 'shared', did: true, days: 30, atLeast: 2 },
 * ] }
 */
const Id = z.string().min(1).max(40);
const Ids = z.array(Id).min(1).max(200);
const Compare = z.enum(['gte', 'lte', 'eq', 'between']).describe('between takes value..max, both included');
const Count = z.number().int().min(0).max(1_000_000_000);
const Days = z.number().int().min(1).max(3650);
export const EVENT_TYPE_RE = /^[a-z][a-z0-9_.]{1,39}$/;
export const ZEventType = z.string().regex(EVENT_TYPE_RE, { message: 'an event type is 2–40 lowercase letters, digits, _ or .' });

const windowSchema = z.union([z.literal(30), z.literal(90), z.literal(180), z.literal(365), z.literal('all')]).describe('Days back (30, 90, 180, 365) or all time');
export type RuleWindow = (typeof ORDER_WINDOWS)[number] | 'all';

const measured = <T extends string>(type: T, describe: string) =>
  z
    .object({ type: z.literal(type), op: Compare, value: Count, max: Count.optional() })
    .strict()
    .describe(describe);

export const ZSourceCondition = z.object({ type: z.literal('source'), op: z.enum(['in', 'not_in']), values: z.array(z.string().min(1).max(40)).min(1).max(50) }).strict().describe('How the person first came (self_signup, import, a group invite source…)');
export const ZChannelCondition = z.object({ type: z.literal('channel'), op: z.enum(['any', 'all', 'none']), values: z.array(z.enum(CHANNELS)).min(1) }).strict().describe('Channels the person was seen in');
export const ZOrgUnitCondition = z.object({ type: z.literal('org_unit'), op: z.enum(['in', 'not_in']), values: Ids }).strict().describe('Connected (by a group or an order) to an org unit or any unit under it');
export const ZGroupCondition = z.object({ type: z.literal('group'), op: z.enum(['any', 'all', 'none']), values: Ids }).strict().describe('In (any / all / none of) these chat groups now');
export const ZTierCondition = z.object({ type: z.literal('tier'), op: z.enum(['in', 'not_in']), values: z.array(Id).min(1).max(50).describe('Tier ids; "none" for no tier') }).strict();
export const ZTagCondition = z.object({ type: z.literal('tag'), op: z.enum(['any', 'all', 'none']), values: Ids }).strict();
export const ZStageCondition = z.object({ type: z.literal('stage'), op: z.enum(['in', 'not_in']), values: z.array(z.enum(LIFECYCLE_STAGES)).min(1) }).strict().describe('Lifecycle stage');
export const ZLastOrderCondition = z
  .object({ type: z.literal('last_order'), op: z.enum(['within', 'not_within', 'never']), days: Days.optional() })
  .strict()
  .describe('Recency: last paid order within N days, not within N days (including never), or never');
export const ZRegisteredCondition = z.object({ type: z.literal('registered'), op: z.enum(['within', 'not_within']), days: Days }).strict().describe('Became a member within N days');
export const ZOrdersCondition = z
  .object({ type: z.literal('orders'), window: windowSchema, op: Compare, value: Count, max: Count.optional() })
  .strict()
  .describe('Frequency: paid orders (not fully refunded) in the window');
export const ZSpendCondition = z
  .object({ type: z.literal('spend'), window: windowSchema, op: Compare, value: Count.describe('fen'), max: Count.optional() })
  .strict()
  .describe('Monetary: net paid spend in fen in the window');
export const ZEventCondition = z
  .object({ type: z.literal('event'), eventType: ZEventType, did: z.boolean(), days: z.number().int().min(1).max(365), atLeast: z.number().int().min(1).max(10_000).default(1) })
  .strict()
  .describe('Did (or did not) do an event at least k times in the last N days');
export const ZConsentCondition = z
  .object({ type: z.literal('consent'), purpose: z.enum(CONSENT_PURPOSES), granted: z.boolean() })
  .strict()
  .describe('Whether the latest consent for a purpose is a grant (marketing audiences need it)');
export const ZReferralsCondition = measured('referrals', 'People this person invited who have bought at least once');

export type Condition =
  | z.infer<typeof ZSourceCondition>
  | z.infer<typeof ZChannelCondition>
  | z.infer<typeof ZOrgUnitCondition>
  | z.infer<typeof ZGroupCondition>
  | z.infer<typeof ZTierCondition>
  | z.infer<typeof ZTagCondition>
  | z.infer<typeof ZStageCondition>
  | z.infer<typeof ZLastOrderCondition>
  | z.infer<typeof ZRegisteredCondition>
  | z.infer<typeof ZOrdersCondition>
  | z.infer<typeof ZSpendCondition>
  | z.infer<typeof ZEventCondition>
  | z.infer<typeof ZReferralsCondition>
  | z.infer<typeof ZConsentCondition>;

export interface RuleGroup {
  type: 'all' | 'any';
  rules: RuleNode[];
}
export type RuleNode = RuleGroup | Condition;

export const MAX_DEPTH = 4;
export const MAX_CONDITIONS = 40;

export const ZRuleGroup: z.ZodType<RuleGroup> = z.lazy(() =>
  z
    .object({
      type: z.enum(['all', 'any']).describe('all = AND, any = OR'),
      rules: z.array(ZRuleNode).min(1).max(MAX_CONDITIONS),
    })
    .strict(),
) as z.ZodType<RuleGroup>;

export const ZRuleNode: z.ZodType<RuleNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('all'), rules: z.array(ZRuleNode).min(1).max(MAX_CONDITIONS) }).strict(),
    z.object({ type: z.literal('any'), rules: z.array(ZRuleNode).min(1).max(MAX_CONDITIONS) }).strict(),
    ZSourceCondition,
    ZChannelCondition,
    ZOrgUnitCondition,
    ZGroupCondition,
    ZTierCondition,
    ZTagCondition,
    ZStageCondition,
    ZLastOrderCondition,
    ZRegisteredCondition,
    ZOrdersCondition,
    ZSpendCondition,
    ZEventCondition,
    ZReferralsCondition,
    ZConsentCondition,
  ]),
) as z.ZodType<RuleNode>;

export interface RuleProblem {
  path: string;
  message: string;
  /** The same in Chinese, for the console's default language. */
  zh: string;
}

/**
 * Checks what the schema cannot: nesting depth, the number of conditions, a `between` with its
 * `max`, a recency condition with its days. Returns each problem with the path of the part at fault
 * (`rule.rules.1.max`).
 */
export function ruleProblems(rule: RuleNode, base = 'rule'): RuleProblem[] {
  const problems: RuleProblem[] = [];
  let conditions = 0;
  const walk = (node: RuleNode, path: string, depth: number) => {
    if (node.type === 'all' || node.type === 'any') {
      if (depth > MAX_DEPTH) problems.push({ path, message: `groups nest at most ${MAX_DEPTH} deep`, zh: `条件组最多嵌套 ${MAX_DEPTH} 层` });
      node.rules.forEach((child, i) => walk(child, `${path}.rules.${i}`, depth + 1));
      return;
    }
    conditions++;
    if ('op' in node && node.op === 'between') {
      const n = node as { value: number; max?: number };
      if (n.max === undefined) problems.push({ path: `${path}.max`, message: 'between needs max', zh: '“介于”需要填写上限' });
      else if (n.max < n.value) problems.push({ path: `${path}.max`, message: 'max must be at least value', zh: '上限不能小于下限' });
    } else if ('max' in node && node.max !== undefined) {
      problems.push({ path: `${path}.max`, message: 'max is only for between', zh: '只有“介于”才有上限' });
    }
    if (node.type === 'last_order' && node.op !== 'never' && node.days === undefined) problems.push({ path: `${path}.days`, message: `${node.op} needs days`, zh: '请填写天数' });
  };
  walk(rule, base, 1);
  if (conditions > MAX_CONDITIONS) problems.push({ path: base, message: `a rule has at most ${MAX_CONDITIONS} conditions`, zh: `一条规则最多 ${MAX_CONDITIONS} 个条件` });
  return problems;
}

/** Every id a rule names, by kind, so they can be checked to exist in the tenant. */
export function ruleRefs(rule: RuleNode): { tags: Array<{ id: string; path: string }>; groups: Array<{ id: string; path: string }>; orgUnits: Array<{ id: string; path: string }>; tiers: Array<{ id: string; path: string }> } {
  const refs = { tags: [] as Array<{ id: string; path: string }>, groups: [] as Array<{ id: string; path: string }>, orgUnits: [] as Array<{ id: string; path: string }>, tiers: [] as Array<{ id: string; path: string }> };
  const walk = (node: RuleNode, path: string) => {
    if (node.type === 'all' || node.type === 'any') return node.rules.forEach((c, i) => walk(c, `${path}.rules.${i}`));
    const add = (list: Array<{ id: string; path: string }>, values: string[]) => values.forEach((id, i) => list.push({ id, path: `${path}.values.${i}` }));
    if (node.type === 'tag') add(refs.tags, node.values);
    if (node.type === 'group') add(refs.groups, node.values);
    if (node.type === 'org_unit') add(refs.orgUnits, node.values);
    if (node.type === 'tier') add(refs.tiers, node.values.filter((v) => v !== 'none'));
  };
  walk(rule, 'rule');
  return refs;
}

/** The event types a rule looks at (for the refresher: which events can change membership). */
export function ruleEventTypes(rule: RuleNode): string[] {
  if (rule.type === 'all' || rule.type === 'any') return [...new Set(rule.rules.flatMap(ruleEventTypes))];
  return rule.type === 'event' ? [rule.eventType] : [];
}
