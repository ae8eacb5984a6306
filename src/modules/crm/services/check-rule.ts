import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { listMemberTiers } from '../../catalog';
import { groupNames } from '../../community';
import { missingOrgUnits } from '../../identity';
import { CrmErrors } from '../crm.errors';
import { crmTags } from '../crm.schema';
import { ruleProblems, ruleRefs, type RuleNode, type RuleProblem } from '../segment-rule';

/**
 * Checks a rule beyond its shape: depth and size, and that every tag, group, org unit and tier it
 * names exists in the tenant. A rule tag's rule may name manual tags only (so tags never depend on
 * each other). Throws 400 `crm.invalid_rule` listing each part at fault by its path.
 */
export async function checkRule(ctx: Ctx, rule: RuleNode, opts: { base?: string; forRuleTag?: string } = {}): Promise<void> {
  const base = opts.base ?? 'rule';
  const problems: RuleProblem[] = ruleProblems(rule, base);
  const refs = ruleRefs(rule);
  const rebase = (path: string) => base + path.slice('rule'.length);
  if (refs.tags.length) {
    const rows = await ctx.tx
      .select({ id: crmTags.id, kind: crmTags.kind })
      .from(crmTags)
      .where(and(eq(crmTags.tenantId, ctx.tenantId), sql`${crmTags.id} = any(${sql.param(refs.tags.map((t) => t.id))}::text[])`));
    const kinds = new Map(rows.map((r) => [r.id, r.kind]));
    for (const t of refs.tags) {
      if (!kinds.has(t.id)) problems.push({ path: rebase(t.path), message: `no tag ${t.id}`, zh: `标签不存在：${t.id}` });
      else if (opts.forRuleTag && (kinds.get(t.id) === 'rule' || t.id === opts.forRuleTag)) problems.push({ path: rebase(t.path), message: 'a rule tag can name manual tags only', zh: '规则标签只能引用手动标签' });
    }
  }
  if (refs.groups.length) {
    const names = await groupNames(ctx, refs.groups.map((g) => g.id));
    for (const g of refs.groups) if (!names.has(g.id)) problems.push({ path: rebase(g.path), message: `no group ${g.id}`, zh: `群不存在：${g.id}` });
  }
  if (refs.orgUnits.length) {
    const missing = new Set(await missingOrgUnits(ctx, refs.orgUnits.map((u) => u.id)));
    for (const u of refs.orgUnits) if (missing.has(u.id)) problems.push({ path: rebase(u.path), message: `no org unit ${u.id}`, zh: `组织不存在：${u.id}` });
  }
  if (refs.tiers.length) {
    const tiers = new Set((await listMemberTiers({ ...ctx, actor: { type: 'system', id: 'system', name: 'crm', role: 'system' } })).map((t) => t.id));
    for (const t of refs.tiers) if (!tiers.has(t.id)) problems.push({ path: rebase(t.path), message: `no tier ${t.id}`, zh: `会员等级不存在：${t.id}` });
  }
  if (problems.length) throw ruleError(ctx, problems);
}

/** 400 crm.invalid_rule listing each problem by path, in the caller's language. */
export function ruleError(ctx: Ctx, problems: RuleProblem[], code: string = CrmErrors.invalid_rule): AppError {
  const errors = problems.map((p) => ({ path: p.path, message: ctx.lang === 'en' ? p.message : p.zh }));
  return new AppError(code, { params: { detail_en: problems.map((p) => `${p.path}: ${p.message}`).join('; '), detail_zh: errors.map((e) => `${e.path}：${e.message}`).join('；') }, errors });
}
