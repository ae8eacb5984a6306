import { sql, type SQL } from 'drizzle-orm';
import type { Condition, RuleNode } from '../segment-rule';

/** What a rule needs resolved before it becomes SQL: the clock, and each named org unit's subtree. */
export interface CompileEnv {
  tenantId: string;
  now: Date;
  /** Org unit id → the ids of it and every unit under it. */
  subtrees: Map<string, string[]>;
}

const col = (name: string) => sql.raw(`p.${name}`);
const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`;
const daysAgo = (env: CompileEnv, days: number) => sql`(${sql.param(env.now.toISOString())}::timestamptz - make_interval(days => ${days}))`;

function compare(column: SQL, c: { op: 'gte' | 'lte' | 'eq' | 'between'; value: number; max?: number | undefined }): SQL {
  switch (c.op) {
    case 'gte':
      return sql`${column} >= ${c.value}`;
    case 'lte':
      return sql`${column} <= ${c.value}`;
    case 'eq':
      return sql`${column} = ${c.value}`;
    case 'between':
      return sql`${column} between ${c.value} and ${c.max ?? c.value}`;
  }
}

function arrayTest(column: SQL, op: 'any' | 'all' | 'none', values: string[]): SQL {
  if (op === 'any') return sql`${column} && ${textArray(values)}`;
  if (op === 'all') return sql`${column} @> ${textArray(values)}`;
  return sql`not (${column} && ${textArray(values)})`;
}

function windowColumn(kind: 'orders' | 'spend', window: number | 'all'): SQL {
  if (window === 'all') return col(kind === 'orders' ? 'order_count' : 'spend_fen');
  return col(`${kind}_${window}d`);
}

function condition(c: Condition, env: CompileEnv, conjunctive: boolean): SQL {
  switch (c.type) {
    case 'source': {
      const t = sql`${col('source')} = any(${textArray(c.values)})`;
      return c.op === 'in' ? t : sql`not (${t})`;
    }
    case 'channel':
      return arrayTest(col('channels'), c.op, c.values);
    case 'org_unit': {
      const ids = [...new Set(c.values.flatMap((id) => env.subtrees.get(id) ?? [id]))];
      const t = sql`${col('org_unit_ids')} && ${textArray(ids)}`;
      return c.op === 'in' ? t : sql`not (${t})`;
    }
    case 'group':
      return arrayTest(col('group_ids'), c.op, c.values);
    case 'tag':
      return arrayTest(col('tag_ids'), c.op, c.values);
    case 'tier': {
      const ids = c.values.filter((v) => v !== 'none');
      const parts: SQL[] = [];
      if (ids.length) parts.push(sql`(${col('tier_id')} is not null and ${col('tier_id')} = any(${textArray(ids)}))`);
      if (ids.length !== c.values.length) parts.push(sql`${col('tier_id')} is null`);
      const t = sql`(${sql.join(parts, sql` or `)})`;
      return c.op === 'in' ? t : sql`not ${t}`;
    }
    case 'stage': {
      const t = sql`${col('stage')} = any(${textArray(c.values)})`;
      return c.op === 'in' ? t : sql`not (${t})`;
    }
    case 'last_order':
      if (c.op === 'never') return sql`${col('last_order_at')} is null`;
      if (c.op === 'within') return sql`(${col('last_order_at')} is not null and ${col('last_order_at')} >= ${daysAgo(env, c.days!)})`;
      return sql`(${col('last_order_at')} is null or ${col('last_order_at')} < ${daysAgo(env, c.days!)})`;
    case 'registered':
      return c.op === 'within' ? sql`${col('registered_at')} >= ${daysAgo(env, c.days)}` : sql`${col('registered_at')} < ${daysAgo(env, c.days)}`;
    case 'orders':
      return compare(windowColumn('orders', c.window), c);
    case 'spend':
      return compare(windowColumn('spend', c.window), c);
    case 'referrals':
      return compare(col('invited_buyers'), c);
    case 'consent':
      return sql`${col(c.purpose === 'marketing' ? 'consent_marketing' : 'consent_share_contact')} = ${c.granted}`;
    case 'event': {
      const who = sql`select e.profile_id from crm_events e where e.tenant_id = ${env.tenantId} and e.type = ${c.eventType} and e.occurred_at >= ${daysAgo(env, c.days)} group by e.profile_id having count(*) >= ${c.atLeast}`;
      if (conjunctive) {
        // Reached through AND only: let the events drive. "Did" becomes an array of profile ids from
        // one index range, looked up by primary key; "did not" (once) an anti-join per profile on
        // the profile's own events. Both keep the plan off a scan of every profile.
        if (c.did) return sql`${col('id')} = any(array(${who}))`;
        if (c.atLeast === 1) return sql`not exists (select 1 from crm_events e where e.tenant_id = p.tenant_id and e.profile_id = p.id and e.type = ${c.eventType} and e.occurred_at >= ${daysAgo(env, c.days)})`;
      }
      // Under OR an array would be searched row by row; a hashed IN is built once.
      const did = sql`${col('id')} in (${who})`;
      return c.did ? did : sql`not (${did})`;
    }
  }
}

/**
 * Turns a checked rule into one SQL predicate over `crm_profiles p`. Every value travels as a
 * parameter; only column names (from this file) are raw SQL. Each condition is true or false, never
 * NULL (the columns it reads are NOT NULL, or it tests for NULL first), so the predicate stays a
 * plain AND/OR tree the planner can match to indexes — wrapping it in coalesce() would hide them.
 *
 * @example sql`select count(*) from crm_profiles p where p.tenant_id = ${t} and p.status = 'active' and ${compileRule(rule, env)}`
 */
export function compileRule(node: RuleNode, env: CompileEnv, conjunctive = true): SQL {
  if (node.type === 'all' || node.type === 'any') {
    const inner = conjunctive && node.type === 'all';
    const parts = node.rules.map((r) => compileRule(r, env, inner));
    return sql`(${sql.join(parts, node.type === 'all' ? sql` and ` : sql` or `)})`;
  }
  return sql`(${condition(node as Condition, env, conjunctive)})`;
}
