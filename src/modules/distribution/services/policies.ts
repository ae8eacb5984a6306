import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { campaignTitles } from '../../campaigns';
import { getSkuSummaries, productTitles } from '../../catalog';
import { getUsersBasic } from '../../identity';
import { COMMISSION_SLOTS, commissionPolicies, commissionRules, type CommissionSlot } from '../distribution.schema';
import { DistributionErrors } from '../distribution.errors';
import type { ZPolicy, ZPolicyRules, ZPolicyView, ZSetPolicyRequest } from '../distribution.validators';
import type { RuleSnapshot } from './ledger-engine';

export type PolicyRules = z.infer<typeof ZPolicyRules>;
export type PolicyDto = z.infer<typeof ZPolicy>;
type ScopeKind = 'tenant' | 'campaign' | 'product' | 'sku';

export function toSnapshot(rule: NonNullable<PolicyRules['leader']>): RuleSnapshot {
  return rule.method === 'rate' ? { method: 'rate', rateBps: rule.rateBps, fixedFen: 0 } : { method: 'fixed', rateBps: 0, fixedFen: rule.fixedFen };
}

/** Rejects rates that together pass 100% of the sale (a single rate over 100% is refused by the schema). */
export function checkRules(rules: PolicyRules): void {
  const keys = Object.keys(rules);
  if (keys.some((k) => !(COMMISSION_SLOTS as readonly string[]).includes(k))) throw new AppError(DistributionErrors.too_many_levels);
  const total = COMMISSION_SLOTS.reduce((s, k) => s + (rules[k]?.method === 'rate' ? rules[k].rateBps : 0), 0);
  if (total > 10_000) throw new AppError(DistributionErrors.rates_over_total, { params: { total: total / 100 }, errors: [{ path: 'rules', message: 'rates add up to more than 100%' }] });
}

async function scopeLabels(ctx: Ctx, scopes: Array<{ kind: ScopeKind; id: string }>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const campaigns = await campaignTitles(ctx, scopes.filter((s) => s.kind === 'campaign').map((s) => s.id));
  for (const [id, title] of campaigns) out.set(`campaign:${id}`, title);
  const skuIds = scopes.filter((s) => s.kind === 'sku').map((s) => s.id);
  const skus = await getSkuSummaries(ctx, skuIds);
  for (const [id, s] of skus) out.set(`sku:${id}`, `${s.productTitle} ${Object.values(s.specs).join('/')} (${s.code})`.trim());
  const products = await productTitles(ctx, scopes.filter((s) => s.kind === 'product').map((s) => s.id));
  for (const [id, title] of products) out.set(`product:${id}`, title);
  return out;
}

async function loadPolicies(ctx: Ctx, where?: SQL): Promise<PolicyDto[]> {
  const rows = await ctx.tx
    .select()
    .from(commissionPolicies)
    .where(and(eq(commissionPolicies.tenantId, ctx.tenantId), where))
    .orderBy(asc(commissionPolicies.scopeKind), asc(commissionPolicies.id));
  if (rows.length === 0) return [];
  const rules = await ctx.tx
    .select()
    .from(commissionRules)
    .where(and(eq(commissionRules.tenantId, ctx.tenantId), sql`${commissionRules.policyId} = any(${sql.param(rows.map((r) => r.id))}::text[])`));
  const labels = await scopeLabels(ctx, rows.map((r) => ({ kind: r.scopeKind, id: r.scopeId })));
  const staff = await getUsersBasic(ctx, rows.map((r) => r.updatedBy));
  return rows.map((p) => {
    const mine: PolicyRules = {};
    for (const r of rules.filter((r) => r.policyId === p.id)) mine[r.slot] = r.method === 'rate' ? { method: 'rate', rateBps: r.rateBps } : { method: 'fixed', fixedFen: r.fixedFen };
    return {
      id: p.id,
      scope: { kind: p.scopeKind, id: p.scopeId, label: p.scopeKind === 'tenant' ? '' : (labels.get(`${p.scopeKind}:${p.scopeId}`) ?? p.scopeId) },
      rules: mine,
      note: p.note,
      updatedBy: p.updatedBy,
      updatedByName: staff.get(p.updatedBy)?.name ?? '',
      updatedAt: p.updatedAt.toISOString(),
    };
  });
}

export async function listPolicies(ctx: Ctx): Promise<{ items: PolicyDto[] }> {
  requireRole(ctx, 'owner', 'operator');
  return { items: await loadPolicies(ctx) };
}

async function checkScope(ctx: Ctx, kind: ScopeKind, id: string): Promise<void> {
  if (kind === 'tenant') return;
  const labels = await scopeLabels(ctx, [{ kind, id }]);
  if (!labels.has(`${kind}:${id}`)) throw new AppError(DistributionErrors.scope_not_found, { params: { scope: kind, id }, errors: [{ path: 'scope.id', message: `no such ${kind}` }] });
}

/** Sets the policy for a scope, replacing its rules. Applies to orders paid from now on. */
export async function setPolicy(ctx: Ctx, input: z.infer<typeof ZSetPolicyRequest>): Promise<PolicyDto> {
  requireRole(ctx, 'owner');
  checkRules(input.rules);
  const scopeId = input.scope.kind === 'tenant' ? ctx.tenantId : input.scope.id;
  if (!scopeId) throw new AppError(DistributionErrors.scope_not_found, { params: { scope: input.scope.kind, id: '' }, errors: [{ path: 'scope.id', message: 'required' }] });
  return inTransaction(ctx, async (ctx) => {
    await checkScope(ctx, input.scope.kind, scopeId);
    const [existing] = await ctx.tx
      .select()
      .from(commissionPolicies)
      .where(and(eq(commissionPolicies.tenantId, ctx.tenantId), eq(commissionPolicies.scopeKind, input.scope.kind), eq(commissionPolicies.scopeId, scopeId)))
      .for('update');
    const before = existing ? (await loadPolicies(ctx, eq(commissionPolicies.id, existing.id)))[0] : null;
    const id = existing?.id ?? newId('commissionPolicy');
    if (existing) {
      await ctx.tx.update(commissionPolicies).set({ note: input.note, updatedBy: ctx.actor.id, updatedAt: new Date() }).where(and(eq(commissionPolicies.tenantId, ctx.tenantId), eq(commissionPolicies.id, id)));
      await ctx.tx.delete(commissionRules).where(and(eq(commissionRules.tenantId, ctx.tenantId), eq(commissionRules.policyId, id)));
    } else {
      await ctx.tx.insert(commissionPolicies).values({ tenantId: ctx.tenantId, id, scopeKind: input.scope.kind, scopeId, note: input.note, updatedBy: ctx.actor.id });
    }
    const rows = COMMISSION_SLOTS.flatMap((slot) => {
      const r = input.rules[slot];
      if (!r) return [];
      return [{ tenantId: ctx.tenantId, policyId: id, slot, method: r.method, rateBps: r.method === 'rate' ? r.rateBps : 0, fixedFen: r.method === 'fixed' ? r.fixedFen : 0 }];
    });
    if (rows.length) await ctx.tx.insert(commissionRules).values(rows);
    const [after] = await loadPolicies(ctx, eq(commissionPolicies.id, id));
    await audit(ctx, { action: 'distribution.policy_set', entityType: 'commission_policy', entityId: id, data: { scope: input.scope, before: before?.rules ?? null, after: after!.rules } });
    return after!;
  });
}

export async function deletePolicy(ctx: Ctx, kind: ScopeKind, id: string | undefined): Promise<void> {
  requireRole(ctx, 'owner');
  const scopeId = kind === 'tenant' ? ctx.tenantId : (id ?? '');
  await inTransaction(ctx, async (ctx) => {
    const [row] = await ctx.tx
      .select()
      .from(commissionPolicies)
      .where(and(eq(commissionPolicies.tenantId, ctx.tenantId), eq(commissionPolicies.scopeKind, kind), eq(commissionPolicies.scopeId, scopeId)));
    if (!row) throw new AppError(DistributionErrors.scope_not_found, { params: { scope: kind, id: scopeId } });
    const [before] = await loadPolicies(ctx, eq(commissionPolicies.id, row.id));
    await ctx.tx.delete(commissionRules).where(and(eq(commissionRules.tenantId, ctx.tenantId), eq(commissionRules.policyId, row.id)));
    await ctx.tx.delete(commissionPolicies).where(and(eq(commissionPolicies.tenantId, ctx.tenantId), eq(commissionPolicies.id, row.id)));
    await audit(ctx, { action: 'distribution.policy_deleted', entityType: 'commission_policy', entityId: row.id, data: { scope: { kind, id: scopeId }, rules: before?.rules ?? {} } });
  });
}

export interface LineScope {
  campaignId: string;
  productId: string | null;
  skuId: string;
}
export interface ResolvedPolicy {
  policyId: string | null;
  from: ScopeKind | 'none';
  rules: Partial<Record<CommissionSlot, RuleSnapshot>>;
}

/** The policy that applies to each line (by index): the most specific that exists — SKU, product, campaign, then the tenant default. */
export async function resolvePolicies(ctx: Ctx, lines: LineScope[]): Promise<ResolvedPolicy[]> {
  const all = await loadPolicies(ctx);
  const byScope = new Map(all.map((p) => [`${p.scope.kind}:${p.scope.id}`, p]));
  return lines.map((l) => {
    const keys: Array<[ScopeKind, string | null]> = [
      ['sku', l.skuId],
      ['product', l.productId],
      ['campaign', l.campaignId],
      ['tenant', ctx.tenantId],
    ];
    for (const [kind, id] of keys) {
      const p = id ? byScope.get(`${kind}:${id}`) : undefined;
      if (!p) continue;
      const rules: ResolvedPolicy['rules'] = {};
      for (const slot of COMMISSION_SLOTS) if (p.rules[slot]) rules[slot] = toSnapshot(p.rules[slot]!);
      return { policyId: p.id, from: kind, rules };
    }
    return { policyId: null, from: 'none' as const, rules: {} };
  });
}

/** The policy set at a scope, and what applies there once more general ones are counted. */
export async function getPolicyView(ctx: Ctx, kind: ScopeKind, id: string | undefined): Promise<z.infer<typeof ZPolicyView>> {
  requireRole(ctx, 'owner', 'operator');
  const scopeId = kind === 'tenant' ? ctx.tenantId : (id ?? '');
  if (kind !== 'tenant') await checkScope(ctx, kind, scopeId);
  const all = await loadPolicies(ctx);
  const policy = all.find((p) => p.scope.kind === kind && p.scope.id === scopeId) ?? null;
  // For a SKU the product counts too; a campaign or product falls back to the tenant default.
  const chain: Array<[ScopeKind, string]> = [[kind, scopeId]];
  if (kind === 'sku') {
    const sku = (await getSkuSummaries(ctx, [scopeId])).get(scopeId);
    if (sku) chain.push(['product', sku.productId]);
  }
  if (kind !== 'tenant') chain.push(['tenant', ctx.tenantId]);
  for (const [k, i] of chain) {
    const p = all.find((x) => x.scope.kind === k && x.scope.id === i);
    if (p) return { policy, effective: { rules: p.rules, from: k } };
  }
  return { policy, effective: { rules: {}, from: 'none' } };
}
