import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, systemCtx, type BaseCtx, type Ctx } from '../../../platform/context';
import { insertUnnest, queryRows } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { listMemberTiers } from '../../catalog';
import { setMemberTiers } from '../../identity';
import { CrmErrors } from '../crm.errors';
import { crmSettings } from '../crm.schema';
import { ZEventType, type RuleProblem } from '../segment-rule';
import { ruleError } from './check-rule';
import { requireCrm, visibleProfiles } from './access';
import { markAllDirty, markDirty } from './queue';

const DAY = 86_400_000;

/**
 * Tier rules (会员等级): levels by spend (fen) or points in a rolling window. Upgrades happen as soon
 * as a person qualifies; a person who no longer qualifies keeps the tier through the grace period,
 * then the nightly job moves them down.
 */
export const ZTierRules = z
  .object({
    basis: z.enum(['spend', 'points']).describe('spend: net paid fen in the window; points: perYuan per yuan spent plus points per event type'),
    windowDays: z.number().int().min(30).max(730).default(365),
    graceDays: z.number().int().min(0).max(365).default(30),
    points: z
      .object({ perYuan: z.number().int().min(0).max(100).default(1), events: z.record(ZEventType, z.number().int().min(0).max(1000)).default({}) })
      .strict()
      .default({ perYuan: 1, events: {} }),
    levels: z
      .array(z.object({ tierId: z.string().min(1).max(40), threshold: z.number().int().min(1).max(1_000_000_000), perks: z.string().trim().max(500).default('') }).strict())
      .min(1)
      .max(10),
  })
  .strict();
export type TierRules = z.infer<typeof ZTierRules>;

/** The tenant's tier rules, or null while tiers are set by hand. */
export async function tierRules(ctx: Ctx): Promise<TierRules | null> {
  const [row] = await ctx.tx.select({ tiers: crmSettings.tiers }).from(crmSettings).where(eq(crmSettings.tenantId, ctx.tenantId));
  if (!row?.tiers) return null;
  const parsed = ZTierRules.safeParse(row.tiers);
  return parsed.success ? parsed.data : null;
}

const sys = (ctx: Ctx): Ctx => ({ ...ctx, actor: { type: 'system', id: 'system', name: 'crm', role: 'system' } });

/** The levels in rank order with each tier's rank, for deciding who qualifies for what. */
export async function rankedLevels(ctx: Ctx, rules: TierRules): Promise<Array<{ tierId: string; rank: number; threshold: number }>> {
  const ranks = new Map((await listMemberTiers(sys(ctx))).map((t) => [t.id, t.rank]));
  return rules.levels.map((l) => ({ tierId: l.tierId, rank: ranks.get(l.tierId) ?? 0, threshold: l.threshold })).sort((a, b) => a.rank - b.rank);
}

/** The highest level whose threshold the metric reaches (null: none). */
export function qualifiedTier(levels: Array<{ tierId: string; rank: number; threshold: number }>, metric: number): { tierId: string; rank: number } | null {
  let best: { tierId: string; rank: number } | null = null;
  for (const l of levels) if (metric >= l.threshold && (!best || l.rank > best.rank)) best = l;
  return best;
}

/**
 * Sets the tier rules (owners): every tier named must exist, thresholds must rise with the tiers'
 * rank. Every profile is queued, so upgrades apply at once; downgrades wait for their grace period.
 */
export async function setTierRules(ctx: Ctx, input: TierRules): Promise<TierRules> {
  requireCrm(ctx);
  if (ctx.actor.role !== 'owner' && ctx.actor.role !== 'system') throw new AppError(CrmErrors.invalid_rule, { params: { detail: 'owners set tier rules' } });
  return inTransaction(ctx, async (ctx) => {
    const tiers = new Map((await listMemberTiers(sys(ctx))).map((t) => [t.id, t]));
    const problems: RuleProblem[] = [];
    input.levels.forEach((l, i) => {
      if (!tiers.has(l.tierId)) problems.push({ path: `levels.${i}.tierId`, message: `no tier ${l.tierId}`, zh: `会员等级不存在：${l.tierId}` });
      if (input.levels.findIndex((x) => x.tierId === l.tierId) !== i) problems.push({ path: `levels.${i}.tierId`, message: 'named twice', zh: '同一等级出现了两次' });
    });
    const byRank = input.levels.map((l, i) => ({ ...l, i, rank: tiers.get(l.tierId)?.rank ?? 0 })).sort((a, b) => a.rank - b.rank);
    for (let k = 1; k < byRank.length; k++) {
      if (byRank[k]!.threshold <= byRank[k - 1]!.threshold) problems.push({ path: `levels.${byRank[k]!.i}.threshold`, message: 'a higher tier needs a higher threshold', zh: '更高的等级需要更高的门槛' });
    }
    if (problems.length) throw ruleError(ctx, problems, CrmErrors.invalid_tier_rules);
    await ctx.tx
      .insert(crmSettings)
      .values({ tenantId: ctx.tenantId, tiers: input, updatedBy: ctx.actor.id })
      .onConflictDoUpdate({ target: crmSettings.tenantId, set: { tiers: input, updatedAt: new Date(), updatedBy: ctx.actor.id } });
    await markAllDirty(ctx);
    await audit(ctx, { action: 'crm.tier_rules.set', entityType: 'crm_settings', entityId: ctx.tenantId, data: { ...input } });
    return input;
  });
}

/** The tiers with their rule (threshold, perks) and how many people hold each now. */
export async function listTiers(ctx: Ctx) {
  requireCrm(ctx);
  const rules = await tierRules(ctx);
  const tiers = await listMemberTiers(sys(ctx));
  const counts = await queryRows<{ tier_id: string | null; n: number }>(ctx.tx, sql`select p.tier_id, count(*)::int as n from crm_profiles p where ${visibleProfiles(ctx)} and p.status = 'active' group by p.tier_id`);
  return {
    rules,
    tiers: tiers.map((t) => {
      const level = rules?.levels.find((l) => l.tierId === t.id);
      return { id: t.id, name: t.name, rank: t.rank, threshold: level?.threshold ?? null, perks: level?.perks ?? '', profiles: counts.find((c) => c.tier_id === t.id)?.n ?? 0 };
    }),
    withoutTier: counts.find((c) => c.tier_id === null)?.n ?? 0,
  };
}

export interface TierDecision {
  id: string;
  tierId: string | null;
  tierSince: Date | null;
  belowSince: Date | null;
  metric: number;
  change: { from: string | null; to: string | null; reason: 'upgrade' } | null;
}

/**
 * What the rules say for a refreshed profile: upgrade now when it qualifies for a higher tier;
 * start (or keep) the grace clock when it qualifies for less than it holds.
 */
export function decideTier(levels: Array<{ tierId: string; rank: number; threshold: number }>, p: { id: string; tierId: string | null; tierSince: Date | null; belowSince: Date | null }, metric: number, now: Date): TierDecision {
  const q = qualifiedTier(levels, metric);
  const currentRank = p.tierId ? (levels.find((l) => l.tierId === p.tierId)?.rank ?? -1) : -1;
  const qRank = q?.rank ?? -1;
  if (qRank > currentRank) return { id: p.id, tierId: q!.tierId, tierSince: now, belowSince: null, metric, change: { from: p.tierId, to: q!.tierId, reason: 'upgrade' } };
  if (qRank === currentRank) return { id: p.id, tierId: p.tierId, tierSince: p.tierSince, belowSince: null, metric, change: null };
  return { id: p.id, tierId: p.tierId, tierSince: p.tierSince, belowSince: p.belowSince ?? now, metric, change: null };
}

export async function recordTierChanges(ctx: Ctx, changes: Array<{ id: string; from: string | null; to: string | null; reason: 'upgrade' | 'downgrade' | 'rules'; metric: number }>, now: Date): Promise<void> {
  if (changes.length === 0) return;
  await insertUnnest(ctx.tx, 'crm_tier_history', [
    { name: 'tenant_id', type: 'text', values: changes.map(() => ctx.tenantId) },
    { name: 'id', type: 'text', values: changes.map(() => newId('tierChange')) },
    { name: 'profile_id', type: 'text', values: changes.map((c) => c.id) },
    { name: 'from_tier', type: 'text', values: changes.map((c) => c.from) },
    { name: 'to_tier', type: 'text', values: changes.map((c) => c.to) },
    { name: 'reason', type: 'text', values: changes.map((c) => c.reason) },
    { name: 'metric', type: 'int', values: changes.map((c) => Math.min(c.metric, 2_000_000_000)) },
    { name: 'at', type: 'timestamptz', values: changes.map(() => now) },
  ]);
  await setMemberTiers(ctx, changes.map((c) => ({ memberId: c.id, tierId: c.to })));
}

/**
 * The nightly downgrade: people whose grace period ran out move to the tier their metric earns now
 * (or none). Returns how many moved.
 */
export async function downgradeDueTiers(base: BaseCtx, now = new Date(), limit = 2000): Promise<number> {
  const tenants = await queryRows<{ tenant_id: string; tiers: unknown }>(base.tx, sql`select tenant_id, tiers from crm_settings where tiers is not null`);
  let moved = 0;
  for (const t of tenants) {
    const parsed = ZTierRules.safeParse(t.tiers);
    if (!parsed.success) continue;
    moved += await inTransaction(base, async (b) => {
      const ctx = systemCtx(b, t.tenant_id, 'crm-tier-downgrade');
      const levels = await rankedLevels(ctx, parsed.data);
      const cutoff = new Date(now.getTime() - parsed.data.graceDays * DAY);
      const due = await queryRows<{ id: string; tier_id: string | null; points: number }>(
        ctx.tx,
        sql`select id, tier_id, points from crm_profiles where tenant_id = ${t.tenant_id} and status = 'active' and tier_below_since <= ${cutoff.toISOString()}::timestamptz order by tier_below_since limit ${limit} for update skip locked`,
      );
      const changes = due.map((d) => ({ id: d.id, from: d.tier_id, to: qualifiedTier(levels, d.points)?.tierId ?? null, reason: 'downgrade' as const, metric: d.points }));
      if (changes.length === 0) return 0;
      await ctx.tx.execute(sql`
        update crm_profiles p set tier_id = v.tier_id, tier_since = ${now.toISOString()}::timestamptz, tier_below_since = null
        from unnest(${sql.param(changes.map((c) => c.id))}::text[], ${sql.param(changes.map((c) => c.to))}::text[]) as v(id, tier_id)
        where p.tenant_id = ${t.tenant_id} and p.id = v.id`);
      await recordTierChanges(ctx, changes, now);
      await markDirty(ctx, changes.map((c) => c.id));
      return changes.length;
    });
  }
  return moved;
}
