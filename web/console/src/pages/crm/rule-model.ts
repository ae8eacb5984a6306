import {
  MAX_RULE_CONDITIONS,
  MAX_RULE_DEPTH,
  type Channel,
  type Compare,
  type Condition,
  type ConditionType,
  type LifecycleStage,
  type MatchOp,
  type RuleGroup,
  type RuleNode,
  type RuleWindow,
  type SetOp,
} from '../../api/crm-types';
import type { FieldProblem } from '../../../../shared/http';
import { fenToYuan, yuanToFen } from '../../../../shared/money';

/**
 * The segment rule editor's state and every change to it, as pure functions: the page keeps one
 * `GroupDraft` (the root AND/OR group) and replaces it with what these return.
 *
 * A condition in the editor keeps what a person typed: amounts in yuan as text, numbers that may be
 * empty while being typed. `toRule` turns the tree into the API's rule and says which parts are not
 * finished yet; `problemsByNode` puts the server's errors (`rule.rules.1.max`) back on the rows.
 */

/** What a condition row holds while it is edited. */
export type ConditionFields =
  | { type: 'source'; op: SetOp; values: string[] }
  | { type: 'channel'; op: MatchOp; values: Channel[] }
  | { type: 'org_unit'; op: SetOp; values: string[] }
  | { type: 'group'; op: MatchOp; values: string[] }
  | { type: 'tier'; op: SetOp; values: string[] }
  | { type: 'tag'; op: MatchOp; values: string[] }
  | { type: 'stage'; op: SetOp; values: LifecycleStage[] }
  | { type: 'last_order'; op: 'within' | 'not_within' | 'never'; days: number | null }
  | { type: 'registered'; op: 'within' | 'not_within'; days: number | null }
  | { type: 'orders'; window: RuleWindow; op: Compare; value: number | null; max: number | null }
  /** value and max in yuan, as typed ("199.9"); sent as fen. */
  | { type: 'spend'; window: RuleWindow; op: Compare; value: string; max: string }
  | { type: 'event'; eventType: string; did: boolean; days: number | null; atLeast: number | null }
  | { type: 'referrals'; op: Compare; value: number | null; max: number | null };

export interface ConditionDraft {
  kind: 'condition';
  key: string;
  cond: ConditionFields;
}

export interface GroupDraft {
  kind: 'group';
  key: string;
  type: 'all' | 'any';
  children: NodeDraft[];
}

export type NodeDraft = ConditionDraft | GroupDraft;

/** Why a part of the rule cannot be sent yet: a translation key under `crm.rule.issues`. */
export type IssueCode = 'pickValues' | 'number' | 'yuan' | 'maxRequired' | 'eventType' | 'noConditions';

export interface Issue {
  key: string;
  field: string;
  code: IssueCode;
}

let seq = 0;
/** A key unique in this page's life, for React lists and for pinning errors to rows. */
export function newKey(): string {
  seq += 1;
  return `n${seq}`;
}

/** What a newly chosen condition type starts with: valid at once where a sensible default exists. */
export function defaultCondition(type: ConditionType): ConditionFields {
  switch (type) {
    case 'source':
    case 'org_unit':
    case 'tier':
    case 'stage':
      return { type, op: 'in', values: [] };
    case 'channel':
    case 'group':
    case 'tag':
      return { type, op: 'any', values: [] };
    case 'last_order':
    case 'registered':
      return { type, op: 'within', days: 30 };
    case 'orders':
      return { type, window: 90, op: 'gte', value: 1, max: null };
    case 'spend':
      return { type, window: 90, op: 'gte', value: '100', max: '' };
    case 'event':
      return { type, eventType: 'shared', did: true, days: 30, atLeast: 1 };
    case 'referrals':
      return { type, op: 'gte', value: 1, max: null };
  }
}

/** The first condition of a new rule or group. */
export const DEFAULT_CONDITION_TYPE: ConditionType = 'last_order';

/** A condition row with a fresh key. */
export function conditionDraft(cond: ConditionFields): ConditionDraft {
  return { kind: 'condition', key: newKey(), cond };
}

/** An empty root group (AND). */
export function emptyRule(): GroupDraft {
  return { kind: 'group', key: newKey(), type: 'all', children: [] };
}

/** A root group (AND) holding one condition of `type`, with its defaults. */
export function ruleWith(type: ConditionType = DEFAULT_CONDITION_TYPE): GroupDraft {
  return { ...emptyRule(), children: [conditionDraft(defaultCondition(type))] };
}

/** A saved rule back into the editor (fen shown as yuan). */
export function fromRule(rule: RuleGroup): GroupDraft {
  return { kind: 'group', key: newKey(), type: rule.type, children: rule.rules.map(nodeFromApi) };
}

function isGroup(node: RuleNode): node is RuleGroup {
  return node.type === 'all' || node.type === 'any';
}

function nodeFromApi(node: RuleNode): NodeDraft {
  return isGroup(node) ? fromRule(node) : conditionDraft(conditionFromApi(node));
}

/** A condition as saved, as the editor holds it. */
export function conditionFromApi(c: Condition): ConditionFields {
  switch (c.type) {
    case 'last_order':
      return { type: c.type, op: c.op, days: c.days ?? null };
    case 'registered':
      return { type: c.type, op: c.op, days: c.days };
    case 'orders':
      return { type: c.type, window: c.window, op: c.op, value: c.value, max: c.max ?? null };
    case 'referrals':
      return { type: c.type, op: c.op, value: c.value, max: c.max ?? null };
    case 'spend':
      return { type: c.type, window: c.window, op: c.op, value: fenToYuan(c.value), max: c.max === undefined ? '' : fenToYuan(c.max) };
    case 'event':
      return { ...c };
    default:
      // The set conditions (source, channel, org unit, group, tier, tag, stage) are edited as they are.
      return { ...c, values: [...c.values] } as ConditionFields;
  }
}

// ——— tree edits ———

function mapGroups(node: GroupDraft, fn: (g: GroupDraft) => GroupDraft): GroupDraft {
  const children = node.children.map((c) => (c.kind === 'group' ? mapGroups(c, fn) : c));
  return fn(children.every((c, i) => c === node.children[i]) ? node : { ...node, children });
}

/** Adds a condition of `type` at the end of group `groupKey` (nothing past the condition limit). */
export function addCondition(root: GroupDraft, groupKey: string, type: ConditionType = DEFAULT_CONDITION_TYPE): GroupDraft {
  if (countConditions(root) >= MAX_RULE_CONDITIONS) return root;
  return mapGroups(root, (g) => (g.key === groupKey ? { ...g, children: [...g.children, conditionDraft(defaultCondition(type))] } : g));
}

/**
 * Adds a nested group under `groupKey` with one condition, the opposite of its parent (an OR inside
 * an AND, and back). Nothing when the group would nest deeper than the API allows.
 */
export function addGroup(root: GroupDraft, groupKey: string): GroupDraft {
  const depth = depthOf(root, groupKey);
  if (depth === null || !canNestIn(depth) || countConditions(root) >= MAX_RULE_CONDITIONS) return root;
  return mapGroups(root, (g) =>
    g.key === groupKey
      ? { ...g, children: [...g.children, { kind: 'group', key: newKey(), type: g.type === 'all' ? 'any' : 'all', children: [conditionDraft(defaultCondition(DEFAULT_CONDITION_TYPE))] }] }
      : g,
  );
}

/** Removes a condition or a nested group; a nested group left empty goes too (the root stays). */
export function removeNode(root: GroupDraft, key: string): GroupDraft {
  const prune = (g: GroupDraft): GroupDraft => {
    const children: NodeDraft[] = [];
    for (const c of g.children) {
      if (c.key === key) continue;
      if (c.kind === 'group') {
        const kept = prune(c);
        if (kept.children.length === 0) continue;
        children.push(kept);
      } else children.push(c);
    }
    return children.length === g.children.length && children.every((c, i) => c === g.children[i]) ? g : { ...g, children };
  };
  return prune(root);
}

/** Moves a node one place up (-1) or down (+1) among its siblings; not past either end. */
export function moveNode(root: GroupDraft, key: string, direction: -1 | 1): GroupDraft {
  return mapGroups(root, (g) => {
    const i = g.children.findIndex((c) => c.key === key);
    const to = i + direction;
    if (i < 0 || to < 0 || to >= g.children.length) return g;
    const children = [...g.children];
    [children[i], children[to]] = [children[to]!, children[i]!];
    return { ...g, children };
  });
}

/** Replaces a condition's fields (changing the type starts from that type's defaults: see `defaultCondition`). */
export function updateCondition(root: GroupDraft, key: string, cond: ConditionFields): GroupDraft {
  return mapGroups(root, (g) => (g.children.some((c) => c.key === key && c.kind === 'condition') ? { ...g, children: g.children.map((c) => (c.key === key && c.kind === 'condition' ? { ...c, cond } : c)) } : g));
}

/** Switches a group between AND (all) and OR (any). */
export function setGroupType(root: GroupDraft, key: string, type: 'all' | 'any'): GroupDraft {
  return mapGroups(root, (g) => (g.key === key && g.type !== type ? { ...g, type } : g));
}

/** How deep group `key` sits (the root is 1), or null when there is no such group. */
export function depthOf(root: GroupDraft, key: string, depth = 1): number | null {
  if (root.key === key) return depth;
  for (const c of root.children) {
    if (c.kind !== 'group') continue;
    const d = depthOf(c, key, depth + 1);
    if (d !== null) return d;
  }
  return null;
}

/** Whether a group at `depth` may hold another group. */
export function canNestIn(depth: number): boolean {
  return depth < MAX_RULE_DEPTH;
}

/** How many conditions the tree holds, at any depth. */
export function countConditions(node: GroupDraft): number {
  return node.children.reduce((n, c) => n + (c.kind === 'group' ? countConditions(c) : 1), 0);
}

// ——— to the API ———

const hasMax = (op: Compare) => op === 'between';

/** One condition as the API takes it, or what is missing. */
export function conditionToApi(key: string, c: ConditionFields): { condition: Condition | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const need = (ok: boolean, field: string, code: IssueCode) => {
    if (!ok) issues.push({ key, field, code });
  };
  const int = (v: number | null, field: string) => {
    need(v !== null && Number.isFinite(v), field, 'number');
    return v ?? 0;
  };
  let condition: Condition;
  switch (c.type) {
    case 'source':
    case 'channel':
    case 'org_unit':
    case 'group':
    case 'tier':
    case 'tag':
    case 'stage':
      need(c.values.length > 0, 'values', 'pickValues');
      condition = { ...c, values: [...c.values] } as Condition;
      break;
    case 'last_order':
      if (c.op === 'never') condition = { type: c.type, op: c.op };
      else condition = { type: c.type, op: c.op, days: int(c.days, 'days') };
      break;
    case 'registered':
      condition = { type: c.type, op: c.op, days: int(c.days, 'days') };
      break;
    case 'orders':
    case 'referrals': {
      const value = int(c.value, 'value');
      if (hasMax(c.op)) need(c.max !== null, 'max', 'maxRequired');
      const max = hasMax(c.op) && c.max !== null ? { max: c.max } : {};
      condition = c.type === 'orders' ? { type: c.type, window: c.window, op: c.op, value, ...max } : { type: c.type, op: c.op, value, ...max };
      break;
    }
    case 'spend': {
      const value = yuanToFen(c.value);
      need(value !== null, 'value', 'yuan');
      let max: number | null = null;
      if (hasMax(c.op)) {
        if (c.max.trim() === '') need(false, 'max', 'maxRequired');
        else {
          max = yuanToFen(c.max);
          need(max !== null, 'max', 'yuan');
        }
      }
      condition = { type: c.type, window: c.window, op: c.op, value: value ?? 0, ...(max !== null ? { max } : {}) };
      break;
    }
    case 'event':
      need(c.eventType.trim() !== '', 'eventType', 'eventType');
      condition = { type: c.type, eventType: c.eventType.trim(), did: c.did, days: int(c.days, 'days'), atLeast: int(c.atLeast, 'atLeast') };
      break;
  }
  return { condition: issues.length ? null : condition, issues };
}

export interface BuiltRule {
  /** The rule to send, or null while something is unfinished (see `issues`). */
  rule: RuleGroup | null;
  issues: Issue[];
  /** API path of each node ("rule.rules.1") → its editor key, to pin server errors on rows. */
  paths: Record<string, string>;
}

/** Turns the editor's tree into the API's rule, with the path of every node. */
export function toRule(root: GroupDraft, base = 'rule'): BuiltRule {
  const issues: Issue[] = [];
  const paths: Record<string, string> = {};
  const walk = (g: GroupDraft, path: string): RuleGroup => {
    paths[path] = g.key;
    if (g.children.length === 0) issues.push({ key: g.key, field: '', code: 'noConditions' });
    const rules = g.children.map((c, i): RuleNode => {
      const p = `${path}.rules.${i}`;
      if (c.kind === 'group') return walk(c, p);
      paths[p] = c.key;
      const built = conditionToApi(c.key, c.cond);
      issues.push(...built.issues);
      // An unfinished condition leaves a hole; the rule is not sent while `issues` is not empty.
      return built.condition ?? ({} as Condition);
    });
    return { type: g.type, rules };
  };
  const rule = walk(root, base);
  return { rule: issues.length ? null : rule, issues, paths };
}

/** A value with its object keys sorted, so two rules compare equal however their keys were ordered (jsonb reorders them). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Whether two rules say the same thing, ignoring key order. */
export function sameRule(a: RuleGroup | null, b: RuleGroup | null): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

// ——— server errors back on the rows ———

/** A problem shown at a row: the field it is about ('' for the row as a whole) and the message. */
export interface NodeProblem {
  field: string;
  message: string;
}

/**
 * Puts the server's field errors on the rows they name: `rule.rules.1.max` goes to the node at
 * `rule.rules.1` as field `max` (the longest known path wins, so nested groups resolve). Errors that
 * name no node come back in `unmatched`.
 */
export function problemsByNode(errors: readonly FieldProblem[], paths: Record<string, string>): { byKey: Record<string, NodeProblem[]>; unmatched: FieldProblem[] } {
  const byKey: Record<string, NodeProblem[]> = {};
  const unmatched: FieldProblem[] = [];
  const known = Object.keys(paths).sort((a, b) => b.length - a.length);
  for (const e of errors) {
    const at = known.find((p) => e.path === p || e.path.startsWith(`${p}.`));
    if (at === undefined) {
      unmatched.push(e);
      continue;
    }
    const field = e.path.slice(at.length + 1).split('.')[0] ?? '';
    (byKey[paths[at]!] ??= []).push({ field, message: e.message });
  }
  return { byKey, unmatched };
}

/** The server's English rule messages the console shows in the UI language (keys under `crm.rule.server`). */
export type ServerMessageKey = 'maxRequired' | 'maxBelowValue' | 'maxOnlyBetween' | 'daysRequired' | 'missingTag' | 'missingGroup' | 'missingOrgUnit' | 'missingTier' | 'manualOnly' | 'tooDeep' | 'tooMany';

/** Recognises a message of src/modules/crm (segment-rule.ts, check-rule.ts); null for any other. */
export function serverMessageKey(message: string): ServerMessageKey | null {
  if (message === 'between needs max') return 'maxRequired';
  if (message === 'max must be at least value') return 'maxBelowValue';
  if (message === 'max is only for between') return 'maxOnlyBetween';
  if (/ needs days$/.test(message)) return 'daysRequired';
  if (message.startsWith('no tag ')) return 'missingTag';
  if (message.startsWith('no group ')) return 'missingGroup';
  if (message.startsWith('no org unit ')) return 'missingOrgUnit';
  if (message.startsWith('no tier ')) return 'missingTier';
  if (message === 'a rule tag can name manual tags only') return 'manualOnly';
  if (message.startsWith('groups nest at most')) return 'tooDeep';
  if (message.startsWith('a rule has at most')) return 'tooMany';
  return null;
}
