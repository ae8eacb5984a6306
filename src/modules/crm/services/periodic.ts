import { sql } from 'drizzle-orm';
import { inTransaction, systemCtx, type BaseCtx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import type { RuleGroup } from '../segment-rule';
import { compileEnv, syncRuleTag } from './rules';
import { refreshSegmentFully } from './segments';

/** The day a stage count belongs to: the calendar day in China, where the tenants trade. */
export const STAGE_DAY_TZ = 'Asia/Shanghai';

/**
 * The periodic full check: every saved segment and rule tag not fully recomputed for `maxAgeMs` is
 * recomputed from scratch (membership that depends on time alone, like "viewed in the last 7 days",
 * moves without any event). One transaction per segment or tag, a few per round.
 */
export async function refreshStaleRules(base: BaseCtx, maxAgeMs: number, perRound = 5): Promise<number> {
  const cutoff = new Date(Date.now() - maxAgeMs).toISOString();
  const due = await queryRows<{ tenant_id: string; id: string; kind: 'segment' | 'tag'; rule: RuleGroup }>(
    base.tx,
    sql`(select tenant_id, id, 'segment' as kind, rule from crm_segments where refreshed_at is null or refreshed_at < ${cutoff}::timestamptz)
        union all
        (select tenant_id, id, 'tag' as kind, rule from crm_tags where kind = 'rule' and (refreshed_at is null or refreshed_at < ${cutoff}::timestamptz))
        order by kind desc limit ${perRound}`,
  );
  for (const d of due) {
    await inTransaction(base, async (b) => {
      const ctx = systemCtx(b, d.tenant_id, 'crm-full-refresh');
      if (d.kind === 'segment') return refreshSegmentFully(ctx, { id: d.id, rule: d.rule });
      await syncRuleTag(ctx, { id: d.id, rule: d.rule }, await compileEnv(ctx, [d.rule]), null);
      await ctx.tx.execute(sql`update crm_tags set refreshed_at = now() where tenant_id = ${d.tenant_id} and id = ${d.id}`);
    });
  }
  return due.length;
}

/** Writes today's count of profiles in each lifecycle stage, for every tenant (run through the day; the last run of a day stands). */
export async function snapshotStages(base: BaseCtx): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    base.tx,
    sql`with c as (
          insert into crm_stage_daily (tenant_id, day, stage, profiles)
          select tenant_id, to_char(now() at time zone ${STAGE_DAY_TZ}, 'YYYY-MM-DD'), stage, count(*)::int from crm_profiles where status = 'active' group by tenant_id, stage
          on conflict (tenant_id, day, stage) do update set profiles = excluded.profiles
          returning 1
        ) select count(*)::int as n from c`,
  );
  return rows[0]?.n ?? 0;
}
