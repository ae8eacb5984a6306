import { describe, expect, it } from 'vitest';
import { CONDITION_TYPES, MAX_RULE_CONDITIONS, type RuleGroup } from '../../api/crm-types';
import {
  addCondition,
  addGroup,
  canNestIn,
  conditionToApi,
  countConditions,
  defaultCondition,
  depthOf,
  emptyRule,
  fromRule,
  moveNode,
  problemsByNode,
  removeNode,
  ruleWith,
  sameRule,
  serverMessageKey,
  setGroupType,
  toRule,
  updateCondition,
  type ConditionDraft,
  type GroupDraft,
} from './rule-model';

const conditions = (g: GroupDraft) => g.children.filter((c): c is ConditionDraft => c.kind === 'condition');
const groups = (g: GroupDraft) => g.children.filter((c): c is GroupDraft => c.kind === 'group');

describe('defaults per condition type', () => {
  it('gives every type a starting point the API names the same way', () => {
    for (const type of CONDITION_TYPES) expect(defaultCondition(type).type).toBe(type);
  });

  it('starts recency, counts, spend and events complete, and selections empty', () => {
    const complete = ['last_order', 'registered', 'orders', 'spend', 'event', 'referrals'] as const;
    for (const type of complete) expect(conditionToApi('k', defaultCondition(type)).issues).toEqual([]);
    for (const type of ['tag', 'group', 'org_unit', 'tier', 'stage', 'channel', 'source'] as const) {
      expect(conditionToApi('k', defaultCondition(type)).issues).toEqual([{ key: 'k', field: 'values', code: 'pickValues' }]);
    }
  });
});

describe('editing the tree', () => {
  it('adds conditions to the group named, and nested groups of the opposite kind', () => {
    const start = emptyRule();
    expect(addCondition(start, 'no-such-group', 'tag')).toEqual(start);
    let root = addCondition(start, start.key, 'spend');
    expect(conditions(root).map((c) => c.cond.type)).toEqual(['spend']);
    root = addGroup(root, root.key);
    const inner = groups(root)[0]!;
    expect(inner.type).toBe('any');
    expect(conditions(inner).map((c) => c.cond.type)).toEqual(['last_order']);
    root = addCondition(root, inner.key, 'stage');
    expect(conditions(groups(root)[0]!).map((c) => c.cond.type)).toEqual(['last_order', 'stage']);
    expect(countConditions(root)).toBe(3);
  });

  it('nests groups four deep at most', () => {
    let root = emptyRule();
    let key = root.key;
    for (let depth = 1; depth < 4; depth++) {
      root = addGroup(root, key);
      const find = (g: GroupDraft): GroupDraft => {
        const inner = groups(g).at(-1);
        return inner ? find(inner) : g;
      };
      key = find(root).key;
      expect(depthOf(root, key)).toBe(depth + 1);
    }
    expect(canNestIn(3)).toBe(true);
    expect(canNestIn(4)).toBe(false);
    expect(addGroup(root, key)).toBe(root);
  });

  it('stops adding at the condition limit', () => {
    let root = emptyRule();
    for (let i = 0; i < MAX_RULE_CONDITIONS + 3; i++) root = addCondition(root, root.key, 'orders');
    expect(countConditions(root)).toBe(MAX_RULE_CONDITIONS);
  });

  it('moves a node among its siblings and not past either end', () => {
    let root = emptyRule();
    for (const type of ['tag', 'stage', 'spend'] as const) root = addCondition(root, root.key, type);
    const [a, , c] = conditions(root);
    expect(conditions(moveNode(root, c!.key, -1)).map((x) => x.cond.type)).toEqual(['tag', 'spend', 'stage']);
    expect(conditions(moveNode(root, a!.key, 1)).map((x) => x.cond.type)).toEqual(['stage', 'tag', 'spend']);
    expect(moveNode(root, a!.key, -1)).toEqual(root);
    expect(moveNode(root, c!.key, 1)).toEqual(root);
  });

  it('removes a condition, and a nested group left empty with it, but keeps the root', () => {
    const root = addGroup(ruleWith('tag'), '');
    expect(root.children).toHaveLength(1);
    const withGroup = addGroup(root, root.key);
    expect(groups(withGroup)).toHaveLength(1);
    const inner = groups(withGroup)[0]!;
    const only = conditions(inner)[0]!;
    const after = removeNode(withGroup, only.key);
    expect(groups(after)).toEqual([]);
    expect(conditions(after)).toHaveLength(1);
    const empty = removeNode(after, conditions(after)[0]!.key);
    expect(empty.key).toBe(root.key);
    expect(empty.children).toEqual([]);
  });

  it('changes a condition and a group type without touching the input', () => {
    const root = ruleWith('orders');
    const before = JSON.stringify(root);
    const key = conditions(root)[0]!.key;
    const changed = updateCondition(root, key, { type: 'orders', window: 'all', op: 'between', value: 2, max: 5 });
    expect(conditions(changed)[0]!.cond).toEqual({ type: 'orders', window: 'all', op: 'between', value: 2, max: 5 });
    expect(setGroupType(changed, root.key, 'any').type).toBe('any');
    expect(JSON.stringify(root)).toBe(before);
  });
});

describe('to the API rule', () => {
  it('turns yuan into fen, drops max unless between, and gives each node its path', () => {
    let root = emptyRule();
    root = addCondition(root, root.key, 'spend');
    root = addGroup(root, root.key);
    const [spend] = conditions(root);
    root = updateCondition(root, spend!.key, { type: 'spend', window: 90, op: 'between', value: '199.9', max: '1,000' });
    const inner = groups(root)[0]!;
    root = updateCondition(root, conditions(inner)[0]!.key, { type: 'orders', window: 30, op: 'gte', value: 2, max: 9 });
    const built = toRule(root);
    expect(built.issues).toEqual([]);
    expect(built.rule).toEqual({
      type: 'all',
      rules: [
        { type: 'spend', window: 90, op: 'between', value: 19990, max: 100000 },
        { type: 'any', rules: [{ type: 'orders', window: 30, op: 'gte', value: 2 }] },
      ],
    });
    expect(built.paths).toEqual({ rule: root.key, 'rule.rules.0': spend!.key, 'rule.rules.1': inner.key, 'rule.rules.1.rules.0': conditions(inner)[0]!.key });
  });

  it('sends no rule while a part is unfinished, and says which', () => {
    let root = ruleWith('spend');
    const key = conditions(root)[0]!.key;
    root = updateCondition(root, key, { type: 'spend', window: 'all', op: 'between', value: '12.345', max: '' });
    expect(toRule(root)).toMatchObject({
      rule: null,
      issues: [
        { key, field: 'value', code: 'yuan' },
        { key, field: 'max', code: 'maxRequired' },
      ],
    });
    expect(toRule(emptyRule()).issues).toEqual([expect.objectContaining({ code: 'noConditions' })]);
    expect(conditionToApi('k', { type: 'last_order', op: 'within', days: null }).issues).toEqual([{ key: 'k', field: 'days', code: 'number' }]);
    expect(conditionToApi('k', { type: 'last_order', op: 'never', days: null })).toEqual({ condition: { type: 'last_order', op: 'never' }, issues: [] });
    expect(conditionToApi('k', { type: 'event', eventType: '  ', did: true, days: 7, atLeast: 1 }).issues).toEqual([{ key: 'k', field: 'eventType', code: 'eventType' }]);
  });

  it('reads a saved rule back into the editor and out again unchanged', () => {
    const rule: RuleGroup = {
      type: 'any',
      rules: [
        { type: 'tag', op: 'none', values: ['tag_1'] },
        { type: 'spend', window: 'all', op: 'gte', value: 12345 },
        { type: 'all', rules: [{ type: 'last_order', op: 'not_within', days: 60 }, { type: 'event', eventType: 'shared', did: false, days: 30, atLeast: 2 }, { type: 'referrals', op: 'between', value: 1, max: 3 }] },
        { type: 'registered', op: 'within', days: 7 },
      ],
    };
    const draft = fromRule(rule);
    const spend = conditions(draft)[1]!.cond;
    expect(spend).toMatchObject({ value: '123.45', max: '' });
    expect(toRule(draft).rule).toEqual(rule);
    // The database hands the rule back with its keys in another order: still the same rule.
    const reordered = { rules: rule.rules.map((r) => Object.fromEntries(Object.entries(r).reverse())), type: rule.type } as RuleGroup;
    expect(sameRule(toRule(draft).rule, reordered)).toBe(true);
    expect(sameRule(rule, { ...rule, type: 'all' })).toBe(false);
  });
});

describe('server errors at the rows', () => {
  it('puts each error on the deepest node its path names, with the field', () => {
    const paths = { rule: 'root', 'rule.rules.0': 'a', 'rule.rules.1': 'g', 'rule.rules.1.rules.0': 'b' };
    const placed = problemsByNode(
      [
        { path: 'rule.rules.1.rules.0.max', message: 'max must be at least value' },
        { path: 'rule.rules.0.values.2', message: 'no tag tag_x' },
        { path: 'rule.rules.1', message: 'groups nest at most 4 deep' },
        { path: 'name', message: 'taken' },
      ],
      paths,
    );
    expect(placed.byKey).toEqual({
      b: [{ field: 'max', message: 'max must be at least value' }],
      a: [{ field: 'values', message: 'no tag tag_x' }],
      g: [{ field: '', message: 'groups nest at most 4 deep' }],
    });
    expect(placed.unmatched).toEqual([{ path: 'name', message: 'taken' }]);
    // rule.rules.10 is not rule.rules.1 with more after it.
    expect(problemsByNode([{ path: 'rule.rules.10.value', message: 'x' }], paths).byKey).toEqual({ root: [{ field: 'rules', message: 'x' }] });
  });

  it('recognises the rule messages the server writes in English', () => {
    expect(serverMessageKey('max must be at least value')).toBe('maxBelowValue');
    expect(serverMessageKey('between needs max')).toBe('maxRequired');
    expect(serverMessageKey('within needs days')).toBe('daysRequired');
    expect(serverMessageKey('no tag tag_01')).toBe('missingTag');
    expect(serverMessageKey('no org unit org_1')).toBe('missingOrgUnit');
    expect(serverMessageKey('a rule tag can name manual tags only')).toBe('manualOnly');
    expect(serverMessageKey('数值过小：期望 number >=0')).toBeNull();
  });
});
