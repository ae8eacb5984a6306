import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { orgUnitSubtrees } from '../../identity';
import { crmSegments, crmTags } from '../crm.schema';
import { ruleRefs, type RuleNode } from '../segment-rule';
import { compileRule, type CompileEnv } from './compile-rule';

/** The environment to compile rules in: the clock and the subtrees of every org unit the rules name. */
export async function compileEnv(ctx: Ctx, rules: RuleNode[], now = new Date()): Promise<CompileEnv> {
  const units = rules.flatMap((r) => ruleRefs(r).orgUnits.map((u) => u.id));
  return { tenantId: ctx.tenantId, now, subtrees: await orgUnitSubtrees(ctx, units) };
}

/** A rule as a predicate over `crm_profiles p`; never NULL (see compileRule), so it can be negated and compared. */
export function matches(rule: RuleNode, env: CompileEnv): SQL {
  return compileRule(rule, env);
}

export async function ruleTags(ctx: Ctx): Promise<Array<{ id: string; rule: RuleNode }>> {
  const rows = await ctx.tx.select({ id: crmTags.id, rule: crmTags.rule }).from(crmTags).where(and(eq(crmTags.tenantId, ctx.tenantId), eq(crmTags.kind, 'rule'))).orderBy(crmTags.id);
  return rows.map((r) => ({ id: r.id, rule: r.rule as RuleNode }));
}

export async function savedSegments(ctx: Ctx): Promise<Array<{ id: string; rule: RuleNode }>> {
  const rows = await ctx.tx.select({ id: crmSegments.id, rule: crmSegments.rule }).from(crmSegments).where(eq(crmSegments.tenantId, ctx.tenantId)).orderBy(crmSegments.id);
  return rows.map((r) => ({ id: r.id, rule: r.rule as RuleNode }));
}

/**
 * Brings a rule tag up to date, for some profiles (`ids`) or for everyone (`null`): the tag is on
 * exactly the active profiles its rule matches. Returns how many profiles changed.
 */
export async function syncRuleTag(ctx: Ctx, tag: { id: string; rule: RuleNode }, env: CompileEnv, ids: string[] | null): Promise<number> {
  const m = matches(tag.rule, env);
  const has = sql`p.tag_ids @> array[${tag.id}]::text[]`;
  const scope = ids ? sql`and p.id = any(${sql.param(ids)}::text[])` : sql``;
  const rows = await queryRows<{ id: string }>(
    ctx.tx,
    sql`update crm_profiles p
        set tag_ids = case when p.status = 'active' and ${m} then array_append(p.tag_ids, ${tag.id}) else array_remove(p.tag_ids, ${tag.id}) end
        where p.tenant_id = ${ctx.tenantId} ${scope} and (p.status = 'active' and ${m}) <> ${has}
        returning p.id`,
  );
  return rows.length;
}

/**
 * Brings a saved segment's membership up to date for some profiles (incremental, after their
 * events) or for everyone (the full refresh), and keeps its count. One statement: the profiles the
 * rule matches now are inserted, the ones it no longer matches deleted, the count moved by the difference.
 */
export async function syncSegment(ctx: Ctx, segment: { id: string; rule: RuleNode }, env: CompileEnv, ids: string[] | null): Promise<{ added: number; removed: number }> {
  const m = matches(segment.rule, env);
  const scopeP = ids ? sql`and p.id = any(${sql.param(ids)}::text[])` : sql``;
  const scopeS = ids ? sql`and s.profile_id = any(${sql.param(ids)}::text[])` : sql``;
  const [row] = await queryRows<{ added: number; removed: number }>(
    ctx.tx,
    sql`with m as (
          select p.id from crm_profiles p where p.tenant_id = ${ctx.tenantId} and p.status = 'active' ${scopeP} and ${m}
        ), del as (
          delete from crm_segment_members s
          where s.tenant_id = ${ctx.tenantId} and s.segment_id = ${segment.id} ${scopeS} and not exists (select 1 from m where m.id = s.profile_id)
          returning 1
        ), ins as (
          insert into crm_segment_members (tenant_id, segment_id, profile_id)
          select ${ctx.tenantId}, ${segment.id}, m.id from m
          on conflict do nothing
          returning 1
        ), counts as (
          select (select count(*) from ins)::int as added, (select count(*) from del)::int as removed
        ), upd as (
          update crm_segments set member_count = member_count + (select added - removed from counts)${ids ? sql`` : sql`, refreshed_at = now()`}
          where tenant_id = ${ctx.tenantId} and id = ${segment.id}
        )
        select added, removed from counts`,
  );
  return row ?? { added: 0, removed: 0 };
}

/** Takes profiles out of every saved segment (merged or erased), moving each segment's count by what left it. */
export async function leaveSegments(ctx: Ctx, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  await ctx.tx.execute(sql`
    with gone as (
      delete from crm_segment_members where tenant_id = ${ctx.tenantId} and profile_id = any(${sql.param(profileIds)}::text[]) returning segment_id
    ), n as (select segment_id, count(*)::int as n from gone group by segment_id)
    update crm_segments g set member_count = g.member_count - n.n from n where g.tenant_id = ${ctx.tenantId} and g.id = n.segment_id`);
}

/** Re-checks every rule tag, then every saved segment, for these profiles (tags first: segments may name them). */
export async function syncRulesFor(ctx: Ctx, ids: string[], now = new Date()): Promise<void> {
  if (ids.length === 0) return;
  const tags = await ruleTags(ctx);
  const segments = await savedSegments(ctx);
  if (tags.length === 0 && segments.length === 0) return;
  const env = await compileEnv(ctx, [...tags, ...segments].map((r) => r.rule), now);
  for (const tag of tags) await syncRuleTag(ctx, tag, env, ids);
  for (const segment of segments) await syncSegment(ctx, segment, env, ids);
}
