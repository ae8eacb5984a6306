import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { insertUnnest, queryRows } from '../../../platform/db';
import { importFactsOfMembers } from '../../community';
import { membersForCrm } from '../../identity';
import { orderFactsOfMembers } from '../../orders';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../crm.schema';
import { stageOf } from './lifecycle';
import { STAGE_DAY_TZ } from './periodic';
import { lifecycleSettings } from './settings';

const DAY = 86_400_000;

/**
 * Fills the daily stage counts of the last `days` days for a tenant that has just started using the
 * CRM, by reading each person's facts as of each day (who had registered, which orders were paid by
 * then). For a small tenant (the demo, a first import): it reads every profile's facts at once.
 */
export async function backfillStageDaily(ctx: Ctx, days: number, now = new Date()): Promise<number> {
  const profiles = await queryRows<{ id: string }>(ctx.tx, sql`select id from crm_profiles where tenant_id = ${ctx.tenantId} and status = 'active'`);
  const merged = await queryRows<{ id: string; merged_into: string }>(ctx.tx, sql`select id, merged_into from crm_profiles where tenant_id = ${ctx.tenantId} and status = 'merged'`);
  const owner = new Map<string, string>([...profiles.map((p) => [p.id, p.id] as const), ...merged.map((m) => [m.id, m.merged_into] as const)]);
  const ids = [...owner.keys()];
  const [people, orders, imports, settings] = [await membersForCrm(ctx, ids), await orderFactsOfMembers(ctx, ids), await importFactsOfMembers(ctx, ids), await lifecycleSettings(ctx)];
  const facts = new Map(profiles.map((p) => [p.id, { registeredAt: now, paid: [] as Date[] }]));
  for (const [id, m] of people) {
    const f = facts.get(owner.get(id)!);
    if (f && m.createdAt < f.registeredAt) f.registeredAt = m.createdAt;
  }
  for (const o of orders) if (o.status !== 'refunded' && o.status !== 'canceled' && o.paidFen > o.refundedFen) facts.get(owner.get(o.memberId)!)?.paid.push(o.paidAt);
  for (const i of imports) for (const d of [i.firstOrderAt, i.lastOrderAt]) if (d) facts.get(owner.get(i.memberId)!)?.paid.push(d);
  const rows: Array<{ day: string; stage: LifecycleStage; n: number }> = [];
  // Someone who bought before joining Tuan (an imported customer) was a customer since that order.
  for (const f of facts.values()) for (const d of f.paid) if (d < f.registeredAt) f.registeredAt = d;
  for (let back = days; back >= 1; back--) {
    const at = new Date(now.getTime() - back * DAY);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: STAGE_DAY_TZ }).format(at);
    const counts = new Map<LifecycleStage, number>(LIFECYCLE_STAGES.map((s) => [s, 0]));
    for (const f of facts.values()) {
      if (f.registeredAt > at) continue;
      const stage = stageOf({ registeredAt: f.registeredAt, orderTimes: f.paid.filter((d) => d <= at) }, settings, at);
      counts.set(stage, counts.get(stage)! + 1);
    }
    for (const [stage, n] of counts) if (n > 0) rows.push({ day, stage, n });
  }
  await insertUnnest(
    ctx.tx,
    'crm_stage_daily',
    [
      { name: 'tenant_id', type: 'text', values: rows.map(() => ctx.tenantId) },
      { name: 'day', type: 'text', values: rows.map((r) => r.day) },
      { name: 'stage', type: 'text', values: rows.map((r) => r.stage) },
      { name: 'profiles', type: 'int', values: rows.map((r) => r.n) },
    ],
    sql`on conflict (tenant_id, day, stage) do update set profiles = excluded.profiles`,
  );
  return rows.length;
}
