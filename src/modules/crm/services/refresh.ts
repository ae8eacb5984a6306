import { sql } from 'drizzle-orm';
import { inTransaction, systemCtx, type BaseCtx, type Ctx } from '../../../platform/context';
import { insertUnnest, queryRows } from '../../../platform/db';
import { newId } from '../../../platform/ids';
import { importFactsOfMembers, membershipsOfMembers } from '../../community';
import { invitersOf } from '../../distribution';
import { memberIdsAfter, membersForCrm } from '../../identity';
import { orderFactsOfMembers } from '../../orders';
import { ORDER_WINDOWS, type Channel, type LifecycleStage } from '../crm.schema';
import { nextStageChange, stageOf } from './lifecycle';
import { markDirty, notQueued } from './queue';
import { syncRulesFor } from './rules';
import { lifecycleSettings } from './settings';
import { decideTier, rankedLevels, recordTierChanges, tierRules, type TierDecision } from './tiers';

const DAY = 86_400_000;

/** Creates empty profiles for members that have none yet; the refresher fills them in. */
export async function ensureProfiles(ctx: Ctx, memberIds: string[]): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return;
  await insertUnnest(
    ctx.tx,
    'crm_profiles',
    [
      { name: 'tenant_id', type: 'text', values: ids.map(() => ctx.tenantId) },
      { name: 'id', type: 'text', values: ids },
    ],
    sql`on conflict do nothing`,
  );
}

/** Member id → the id of the profile that now holds them (itself, or the one it was merged into). */
export async function profileIdsOf(ctx: Ctx, memberIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; merged_into: string | null }>(ctx.tx, sql`select id, merged_into from crm_profiles where tenant_id = ${ctx.tenantId} and id = any(${sql.param(ids)}::text[])`);
  const out = new Map(ids.map((id) => [id, id]));
  for (const r of rows) if (r.merged_into) out.set(r.id, r.merged_into);
  return out;
}

/** Maps a free-text channel (an import's shop column, an event's channel) onto the three the CRM knows. */
export function channelOf(text: string): Channel | null {
  const t = text.trim().toLowerCase();
  if (!t) return null;
  if (/(门店|线下|店铺会员|store|offline|pos)/.test(t)) return 'store';
  if (/(社群|群|community|group|wecom|企微|微信群)/.test(t)) return 'community';
  return 'ecommerce';
}

interface ProfileRow {
  id: string;
  status: string;
  merged_into: string | null;
  stage: LifecycleStage;
  referrer_id: string | null;
  tier_id: string | null;
  tier_since: Date | string | null;
  tier_below_since: Date | string | null;
}

/**
 * Recomputes profiles from the facts the other modules hold (members, orders, group rosters,
 * referral bindings, imports) and the CRM's own (events, identities), then re-checks rule tags and
 * saved segments for them. Everything is derived, so running it again changes nothing, and a
 * profile merged into another contributes its facts to the survivor.
 */
export async function refreshProfiles(ctx: Ctx, profileIds: string[], now = new Date()): Promise<void> {
  if (profileIds.length === 0) return;
  // Merged ids stand for the profile they were merged into.
  const survivorsOf = await profileIdsOf(ctx, profileIds);
  const wanted = [...new Set(survivorsOf.values())].sort();
  const rows = await queryRows<ProfileRow>(
    ctx.tx,
    sql`select id, status, merged_into, stage, referrer_id, tier_id, tier_since, tier_below_since from crm_profiles
        where tenant_id = ${ctx.tenantId} and (id = any(${sql.param(wanted)}::text[]) or merged_into = any(${sql.param(wanted)}::text[]))
        order by id for update`,
  );
  const survivors = rows.filter((r) => r.status === 'active' && wanted.includes(r.id));
  if (survivors.length === 0) return;
  const membersOf = new Map(survivors.map((s) => [s.id, [s.id]]));
  for (const r of rows) if (r.merged_into && membersOf.has(r.merged_into)) membersOf.get(r.merged_into)!.push(r.id);
  const ownerOf = new Map<string, string>();
  for (const [p, ms] of membersOf) for (const m of ms) ownerOf.set(m, p);
  const allMembers = [...ownerOf.keys()];
  const ids = survivors.map((s) => s.id);

  const [people, orders, memberships, inviters, imports, settings] = [
    await membersForCrm(ctx, allMembers),
    await orderFactsOfMembers(ctx, allMembers),
    await membershipsOfMembers(ctx, allMembers),
    await invitersOf(ctx, allMembers),
    await importFactsOfMembers(ctx, allMembers),
    await lifecycleSettings(ctx),
  ];
  // Buyer ids and store card numbers from imports become identities (unless someone else holds them),
  // so an integration can send that shop's events by the id it knows.
  const imported = imports.filter((i) => i.externalId);
  if (imported.length) {
    await insertUnnest(
      ctx.tx,
      'crm_identities',
      [
        { name: 'tenant_id', type: 'text', values: imported.map(() => ctx.tenantId) },
        { name: 'kind', type: 'text', values: imported.map((i) => (channelOf(i.channel) === 'store' ? 'store_card' : 'buyer')) },
        { name: 'value', type: 'text', values: imported.map((i) => i.externalId) },
        { name: 'profile_id', type: 'text', values: imported.map((i) => ownerOf.get(i.memberId)!) },
        { name: 'source', type: 'text', values: imported.map((i) => `import:${i.channel}`.slice(0, 60)) },
      ],
      sql`on conflict do nothing`,
    );
  }
  // Tiers: with rules, the CRM decides the tier from spend (or points) in the rolling window.
  const rules = await tierRules(ctx);
  const levels = rules ? await rankedLevels(ctx, rules) : [];
  const eventPoints = new Map<string, number>();
  if (rules?.basis === 'points' && Object.keys(rules.points.events).length) {
    const counts = await queryRows<{ profile_id: string; type: string; n: number }>(
      ctx.tx,
      sql`select profile_id, type, count(*)::int as n from crm_events where tenant_id = ${ctx.tenantId} and profile_id = any(${sql.param(ids)}::text[])
          and type = any(${sql.param(Object.keys(rules.points.events))}::text[]) and occurred_at >= ${new Date(now.getTime() - rules.windowDays * DAY).toISOString()}::timestamptz group by 1, 2`,
    );
    for (const c of counts) eventPoints.set(c.profile_id, (eventPoints.get(c.profile_id) ?? 0) + c.n * (rules.points.events[c.type] ?? 0));
  }
  const eventFacts = await queryRows<{ profile_id: string; last_at: Date | string; channels: string[] | null }>(
    ctx.tx,
    sql`select profile_id, max(occurred_at) as last_at, array_agg(distinct channel) filter (where channel is not null) as channels
        from crm_events where tenant_id = ${ctx.tenantId} and profile_id = any(${sql.param(ids)}::text[]) group by profile_id`,
  );
  const identityKinds = await queryRows<{ profile_id: string; kinds: string[] }>(
    ctx.tx,
    sql`select profile_id, array_agg(distinct kind) as kinds from crm_identities where tenant_id = ${ctx.tenantId} and profile_id = any(${sql.param(ids)}::text[]) group by profile_id`,
  );
  // Referrers are profiles too: follow their merges.
  const referrerMembers = new Map<string, string>();
  for (const s of survivors) {
    const own = membersOf.get(s.id)!;
    let ref: string | null = inviters.get(s.id) ?? own.map((m) => inviters.get(m)).find(Boolean) ?? null;
    if (!ref) {
      const byInvite = memberships.filter((m) => own.includes(m.memberId) && m.referrerType === 'member' && m.referrerId).sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())[0];
      ref = byInvite?.referrerId ?? null;
    }
    if (ref && ref.startsWith('mbr_') && !own.includes(ref)) referrerMembers.set(s.id, ref);
  }
  const referrerProfiles = await profileIdsOf(ctx, [...referrerMembers.values()]);

  const computed = survivors.map((s) => {
    const own = membersOf.get(s.id)!;
    const main = people.get(s.id);
    const others = own.map((m) => people.get(m)).filter((m): m is NonNullable<typeof m> => Boolean(m));
    const mine = orders.filter((o) => ownerOf.get(o.memberId) === s.id);
    const counted = mine.filter((o) => o.status !== 'refunded' && o.status !== 'canceled' && o.paidFen - o.refundedFen > 0);
    const net = (o: (typeof counted)[number]) => o.paidFen - o.refundedFen;
    const times = counted.map((o) => o.paidAt).sort((a, b) => a.getTime() - b.getTime());
    // Orders elsewhere (an import's first and last order dates in another shop) count for recency and
    // the lifecycle, not for frequency or spend: their amounts are not known.
    const myImports = imports.filter((i) => ownerOf.get(i.memberId) === s.id);
    const elsewhere = myImports.flatMap((i) => [i.firstOrderAt, i.lastOrderAt]).filter((d): d is Date => d !== null && d.getTime() <= now.getTime());
    const allTimes = [...new Map([...times, ...elsewhere].map((d) => [d.getTime(), d])).values()].sort((a, b) => a.getTime() - b.getTime());
    const windows = Object.fromEntries(
      ORDER_WINDOWS.map((w) => {
        const inside = counted.filter((o) => now.getTime() - o.paidAt.getTime() <= w * DAY);
        return [w, { orders: inside.length, spend: inside.reduce((a, o) => a + net(o), 0) }];
      }),
    ) as Record<number, { orders: number; spend: number }>;
    const groupsNow = memberships.filter((m) => ownerOf.get(m.memberId) === s.id);
    const channels = new Set<Channel>();
    if (groupsNow.length || mine.some((o) => o.groupId)) channels.add('community');
    for (const i of myImports) {
      const c = channelOf(i.channel) ?? (i.externalId ? 'ecommerce' : null);
      if (c) channels.add(c);
    }
    for (const k of identityKinds.find((r) => r.profile_id === s.id)?.kinds ?? []) channels.add(k === 'store_card' ? 'store' : k === 'buyer' ? 'ecommerce' : 'community');
    const ev = eventFacts.find((r) => r.profile_id === s.id);
    for (const c of ev?.channels ?? []) {
      const ch = channelOf(c);
      if (ch) channels.add(ch);
    }
    const registeredAt = others.length ? new Date(Math.min(...others.map((m) => m.createdAt.getTime()))) : now;
    const facts = { registeredAt, orderTimes: allTimes };
    const stage = stageOf(facts, settings, now);
    const windowEnds = counted.flatMap((o) => ORDER_WINDOWS.map((w) => o.paidAt.getTime() + w * DAY + 1000)).filter((t) => t > now.getTime());
    const stageAt = nextStageChange(facts, settings, now)?.getTime();
    const recheck = [...windowEnds, ...(stageAt ? [stageAt] : [])];
    const ref = referrerMembers.get(s.id);
    let tier: TierDecision = { id: s.id, tierId: main?.tierId ?? null, tierSince: s.tier_since ? new Date(s.tier_since) : null, belowSince: null, metric: 0, change: null };
    if (rules) {
      const inWindow = counted.filter((o) => now.getTime() - o.paidAt.getTime() <= rules.windowDays * DAY).reduce((a, o) => a + net(o), 0);
      const metric = rules.basis === 'spend' ? inWindow : Math.floor((inWindow / 100) * rules.points.perYuan) + (eventPoints.get(s.id) ?? 0);
      tier = decideTier(levels, { id: s.id, tierId: s.tier_id, tierSince: s.tier_since ? new Date(s.tier_since) : null, belowSince: s.tier_below_since ? new Date(s.tier_below_since) : null }, metric, now);
      for (const o of counted) {
        const leaves = o.paidAt.getTime() + rules.windowDays * DAY + 1000;
        if (leaves > now.getTime()) recheck.push(leaves);
      }
    }
    return {
      tier,
      id: s.id,
      phone: main?.phone ?? others[0]?.phone ?? null,
      name: main?.name || others.find((m) => m.name)?.name || '',
      source: main?.source ?? others[0]?.source ?? 'self_signup',
      channels: [...channels].sort(),
      orgUnitIds: [...new Set([...groupsNow.map((m) => m.orgUnitId), ...mine.map((o) => o.orgUnitId).filter((u): u is string => Boolean(u))])].sort(),
      groupIds: [...new Set(groupsNow.filter((m) => m.status === 'active' || m.status === 'muted').map((m) => m.groupId))].sort(),
      stage,
      stageChanged: stage !== s.stage,
      fromStage: s.stage,
      registeredAt,
      firstOrderAt: allTimes[0] ?? null,
      lastOrderAt: allTimes[allTimes.length - 1] ?? null,
      lastEventAt: ev ? new Date(ev.last_at) : null,
      orderCount: counted.length,
      spendFen: counted.reduce((a, o) => a + net(o), 0),
      windows,
      referrerId: ref ? (referrerProfiles.get(ref) ?? ref) : null,
      recheckAt: recheck.length ? new Date(Math.min(...recheck)) : null,
    };
  });

  const col = <T>(f: (c: (typeof computed)[number]) => T) => computed.map(f);
  const json = <T>(f: (c: (typeof computed)[number]) => T) => computed.map((c) => JSON.stringify(f(c)));
  const arr = (name: string) => sql.raw(`array(select jsonb_array_elements_text(v.${name}::jsonb))`);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  await ctx.tx.execute(sql`
    update crm_profiles p set
      phone = v.phone, name = v.name, source = v.source, tier_id = v.tier_id,
      channels = ${arr('channels')}, org_unit_ids = ${arr('org_unit_ids')}, group_ids = ${arr('group_ids')},
      stage = v.stage, stage_since = case when p.stage = v.stage then p.stage_since else ${now.toISOString()}::timestamptz end,
      registered_at = v.registered_at, first_order_at = v.first_order_at, last_order_at = v.last_order_at, last_event_at = v.last_event_at,
      order_count = v.order_count, spend_fen = v.spend_fen,
      orders_30d = v.o30, spend_30d = v.s30, orders_90d = v.o90, spend_90d = v.s90, orders_180d = v.o180, spend_180d = v.s180, orders_365d = v.o365, spend_365d = v.s365,
      referrer_id = v.referrer_id, recheck_at = v.recheck_at, refreshed_at = ${now.toISOString()}::timestamptz,
      tier_since = v.tier_since, tier_below_since = v.tier_below_since, points = v.points
    from unnest(
      ${sql.param(col((c) => c.id))}::text[], ${sql.param(col((c) => c.phone))}::text[], ${sql.param(col((c) => c.name))}::text[], ${sql.param(col((c) => c.source))}::text[], ${sql.param(col((c) => c.tier.tierId))}::text[],
      ${sql.param(json((c) => c.channels))}::text[], ${sql.param(json((c) => c.orgUnitIds))}::text[], ${sql.param(json((c) => c.groupIds))}::text[],
      ${sql.param(col((c) => c.stage))}::text[], ${sql.param(col((c) => c.registeredAt.toISOString()))}::timestamptz[], ${sql.param(col((c) => iso(c.firstOrderAt)))}::timestamptz[],
      ${sql.param(col((c) => iso(c.lastOrderAt)))}::timestamptz[], ${sql.param(col((c) => iso(c.lastEventAt)))}::timestamptz[],
      ${sql.param(col((c) => c.orderCount))}::int[], ${sql.param(col((c) => c.spendFen))}::bigint[],
      ${sql.param(col((c) => c.windows[30]!.orders))}::int[], ${sql.param(col((c) => c.windows[30]!.spend))}::bigint[],
      ${sql.param(col((c) => c.windows[90]!.orders))}::int[], ${sql.param(col((c) => c.windows[90]!.spend))}::bigint[],
      ${sql.param(col((c) => c.windows[180]!.orders))}::int[], ${sql.param(col((c) => c.windows[180]!.spend))}::bigint[],
      ${sql.param(col((c) => c.windows[365]!.orders))}::int[], ${sql.param(col((c) => c.windows[365]!.spend))}::bigint[],
      ${sql.param(col((c) => c.referrerId))}::text[], ${sql.param(col((c) => iso(c.recheckAt)))}::timestamptz[],
      ${sql.param(col((c) => iso(c.tier.tierSince)))}::timestamptz[], ${sql.param(col((c) => iso(c.tier.belowSince)))}::timestamptz[], ${sql.param(col((c) => Math.min(c.tier.metric, 2_000_000_000)))}::int[]
    ) as v(id, phone, name, source, tier_id, channels, org_unit_ids, group_ids, stage, registered_at, first_order_at, last_order_at, last_event_at,
           order_count, spend_fen, o30, s30, o90, s90, o180, s180, o365, s365, referrer_id, recheck_at, tier_since, tier_below_since, points)
    where p.tenant_id = ${ctx.tenantId} and p.id = v.id`);

  await recordTierChanges(ctx, computed.flatMap((c) => (c.tier.change ? [{ id: c.id, ...c.tier.change, metric: c.tier.metric }] : [])), now);

  const changed = computed.filter((c) => c.stageChanged);
  if (changed.length) {
    await insertUnnest(ctx.tx, 'crm_stage_history', [
      { name: 'tenant_id', type: 'text', values: changed.map(() => ctx.tenantId) },
      { name: 'id', type: 'text', values: changed.map(() => newId('stageChange')) },
      { name: 'profile_id', type: 'text', values: changed.map((c) => c.id) },
      { name: 'from_stage', type: 'text', values: changed.map((c) => c.fromStage) },
      { name: 'to_stage', type: 'text', values: changed.map((c) => c.stage) },
      { name: 'at', type: 'timestamptz', values: changed.map(() => now) },
    ]);
  }

  // Invitation counts of these profiles and of their referrers, old and new. A referrer outside
  // this batch whose counts moved is queued, so its own segments are re-checked too.
  const referrers = [...new Set([...ids, ...survivors.map((s) => s.referrer_id), ...computed.map((c) => c.referrerId)].filter((x): x is string => Boolean(x)))];
  const moved = await queryRows<{ id: string }>(
    ctx.tx,
    sql`with c as (
          select referrer_id, count(*)::int as n, (count(*) filter (where order_count > 0))::int as b
          from crm_profiles where tenant_id = ${ctx.tenantId} and status = 'active' and referrer_id = any(${sql.param(referrers)}::text[]) group by referrer_id
        )
        update crm_profiles p set invited_count = coalesce(c.n, 0), invited_buyers = coalesce(c.b, 0)
        from unnest(${sql.param(referrers)}::text[]) as r(id) left join c on c.referrer_id = r.id
        where p.tenant_id = ${ctx.tenantId} and p.id = r.id and (p.invited_count <> coalesce(c.n, 0) or p.invited_buyers <> coalesce(c.b, 0))
        returning p.id`,
  );
  const outside = moved.map((m) => m.id).filter((id) => !ids.includes(id));
  await markDirty(ctx, outside);

  await syncRulesFor(ctx, ids, now);
}

/**
 * One round of the refresher across tenants: takes up to `limit` queued profiles and refreshes
 * them, dropping them from the queue in the same transaction. One refresher works on a tenant at a
 * time (a transaction-scoped advisory lock; others skip the tenant this round), since two of them
 * would lock the same referrers in different orders. A deadlock with a user's write rolls this round
 * back — the queue keeps the profiles — and the next round takes them again.
 */
export async function drainDirty(base: BaseCtx, limit = 500, now = () => new Date()): Promise<number> {
  const tenants = await queryRows<{ tenant_id: string }>(base.tx, sql`select distinct tenant_id from crm_dirty limit 20`);
  let done = 0;
  for (const { tenant_id } of tenants) {
    try {
      done += await inTransaction(base, async (b) => {
        const ctx = systemCtx(b, tenant_id, 'crm-refresher');
        const [lock] = await queryRows<{ ok: boolean }>(ctx.tx, sql`select pg_try_advisory_xact_lock(hashtext(${`crm-refresh:${tenant_id}`})) as ok`);
        if (!lock?.ok) return 0;
        const claimed = await queryRows<{ profile_id: string }>(
          ctx.tx,
          sql`delete from crm_dirty where ctid = any(array(
                select ctid from crm_dirty where tenant_id = ${tenant_id} order by marked_at limit ${limit} for update skip locked
              )) returning profile_id`,
        );
        await refreshProfiles(ctx, [...new Set(claimed.map((c) => c.profile_id))], now());
        return claimed.length;
      });
    } catch (e) {
      const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
      if (code !== '40P01') throw e;
    }
  }
  return done;
}

/** Queues profiles whose windows or stage change with time now (their `recheck_at` has passed). */
export async function queueDueRechecks(base: BaseCtx, limit = 5000): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    base.tx,
    sql`with due as (
          update crm_profiles set recheck_at = null
          where (tenant_id, id) in (select tenant_id, id from crm_profiles where recheck_at <= now() order by recheck_at limit ${limit} for update skip locked)
          returning tenant_id, id
        ), q as (
          insert into crm_dirty (tenant_id, profile_id) select tenant_id, id from due where ${notQueued(sql`due.tenant_id`, sql`due.id`)} returning 1
        ) select (select count(*) from due)::int as n`,
  );
  return rows[0]?.n ?? 0;
}

/** Gives every member of the tenant a profile and queues them all (first start of the CRM on existing data). */
export async function backfillProfiles(ctx: Ctx, pageSize = 5000): Promise<number> {
  let after = '';
  let total = 0;
  for (;;) {
    const ids = await memberIdsAfter(ctx, after, pageSize);
    if (ids.length === 0) return total;
    await ensureProfiles(ctx, ids);
    await markDirty(ctx, ids);
    total += ids.length;
    after = ids[ids.length - 1]!;
  }
}
