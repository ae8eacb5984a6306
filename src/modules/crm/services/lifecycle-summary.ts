import { sql } from 'drizzle-orm';
import { inTransaction, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../crm.schema';
import { requireCrm, visibleProfiles } from './access';
import { markAllDirty } from './queue';
import type { LifecycleSettings } from './lifecycle';
import { STAGE_DAY_TZ } from './periodic';
import { lifecycleSettings, setLifecycleSettings } from './settings';

export interface LifecycleSummary {
  settings: LifecycleSettings;
  stages: Array<{ stage: LifecycleStage; profiles: number }>;
  /** Each day's counts (oldest first): past days as the daily snapshot wrote them, then today's live counts. */
  series: Array<{ day: string; counts: Record<LifecycleStage, number> }>;
  /** Stage changes in the window: from → to, how many. */
  transitions: Array<{ from: string | null; to: string; profiles: number }>;
}

/** How many people stand in each lifecycle stage now, how that moved day by day, and the moves between stages. */
export async function getLifecycleSummary(ctx: Ctx, q: { days: number }): Promise<LifecycleSummary> {
  requireCrm(ctx);
  const now = await queryRows<{ stage: LifecycleStage; n: number }>(ctx.tx, sql`select p.stage, count(*)::int as n from crm_profiles p where ${visibleProfiles(ctx)} and p.status = 'active' group by p.stage`);
  const scoped = ctx.actor.type === 'user' && !ctx.actor.scope.all;
  const daily = scoped
    ? []
    : await queryRows<{ day: string; stage: LifecycleStage; profiles: number }>(
        ctx.tx,
        sql`select day, stage, profiles from crm_stage_daily where tenant_id = ${ctx.tenantId} and day >= to_char((now() - make_interval(days => ${q.days})) at time zone ${STAGE_DAY_TZ}, 'YYYY-MM-DD') and day < to_char(now() at time zone ${STAGE_DAY_TZ}, 'YYYY-MM-DD') order by day`,
      );
  const [{ today }] = (await queryRows<{ today: string }>(ctx.tx, sql`select to_char(now() at time zone ${STAGE_DAY_TZ}, 'YYYY-MM-DD') as today`)) as [{ today: string }];
  const moves = await queryRows<{ from_stage: string | null; to_stage: string; n: number }>(
    ctx.tx,
    sql`select h.from_stage, h.to_stage, count(*)::int as n from crm_stage_history h join crm_profiles p on p.tenant_id = h.tenant_id and p.id = h.profile_id
        where h.tenant_id = ${ctx.tenantId} and ${visibleProfiles(ctx)} and h.at >= now() - make_interval(days => ${q.days}) and h.from_stage is distinct from h.to_stage
        group by 1, 2 order by n desc limit 50`,
  );
  const zero = () => Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;
  const byDay = new Map<string, Record<LifecycleStage, number>>();
  for (const d of daily) {
    if (!byDay.has(d.day)) byDay.set(d.day, zero());
    byDay.get(d.day)![d.stage] = d.profiles;
  }
  // Today's point is the live count (the snapshot of today is only written at the day's end), so
  // the chart ends where the stage cards stand.
  if (!scoped) byDay.set(today, { ...zero(), ...Object.fromEntries(now.map((n) => [n.stage, n.n])) });
  return {
    settings: await lifecycleSettings(ctx),
    stages: LIFECYCLE_STAGES.map((s) => ({ stage: s, profiles: now.find((n) => n.stage === s)?.n ?? 0 })),
    series: [...byDay].map(([day, counts]) => ({ day, counts })),
    transitions: moves.map((m) => ({ from: m.from_stage, to: m.to_stage, profiles: m.n })),
  };
}

/** Sets the thresholds and queues every profile, so each stage is recomputed under them. */
export async function updateLifecycleSettings(ctx: Ctx, input: LifecycleSettings): Promise<LifecycleSettings> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const saved = await setLifecycleSettings(ctx, input);
    await markAllDirty(ctx);
    return saved;
  });
}
