import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { notFound } from '../../../platform/errors';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { listMemberTiers } from '../../catalog';
import { groupNames } from '../../community';
import { orgUnitNames } from '../../identity';
import { PROFILE_ENTITY } from '../crm.errors';
import { ORDER_WINDOWS, type LifecycleStage } from '../crm.schema';
import type { PROFILE_SORTS, ZProfile, ZProfileSummary } from '../crm.validators';
import { phoneShown, requireCrm, visibleProfiles } from './access';
import { firstPage } from './first-page';

type Summary = z.infer<typeof ZProfileSummary>;

export interface SummaryRow {
  id: string;
  name: string;
  phone: string | null;
  source: string;
  channels: string[];
  stage: LifecycleStage;
  tier_id: string | null;
  tag_ids: string[];
  order_count: number;
  spend_fen: number | string;
  last_order_at: Date | string | null;
  registered_at: Date | string;
}

export const PROFILE_SUMMARY_COLUMNS = sql.raw('p.id, p.name, p.phone, p.source, p.channels, p.stage, p.tier_id, p.tag_ids, p.order_count, p.spend_fen, p.last_order_at, p.registered_at');
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function summaryOf(ctx: Ctx, r: SummaryRow): Summary {
  return {
    id: r.id,
    name: r.name,
    phone: phoneShown(ctx, r.phone),
    source: r.source,
    channels: r.channels,
    stage: r.stage,
    tierId: r.tier_id,
    tagIds: r.tag_ids,
    orderCount: r.order_count,
    spendFen: Number(r.spend_fen),
    lastOrderAt: iso(r.last_order_at),
    registeredAt: iso(r.registered_at)!,
  };
}

// `order` must match an index's order exactly for a page to stop early: the registration index is
// (registered_at desc nulls last, id desc nulls last), and a plain `desc` means nulls first (the
// columns are never null, but the planner does not use that); the spend index is read backwards.
const SORTS: Record<(typeof PROFILE_SORTS)[number], { key: SQL; order: SQL; cursor: (r: SummaryRow) => string | number; cast: string }> = {
  recent: { key: sql`p.registered_at`, order: sql`p.registered_at desc nulls last, p.id desc nulls last`, cursor: (r) => iso(r.registered_at)!, cast: 'timestamptz' },
  spend: { key: sql`p.spend_fen`, order: sql`p.spend_fen desc, p.id desc`, cursor: (r) => Number(r.spend_fen), cast: 'bigint' },
  orders: { key: sql`p.order_count`, order: sql`p.order_count desc, p.id desc`, cursor: (r) => r.order_count, cast: 'int' },
  last_order: { key: sql`coalesce(p.last_order_at, '-infinity'::timestamptz)`, order: sql`coalesce(p.last_order_at, '-infinity'::timestamptz) desc, p.id desc`, cursor: (r) => iso(r.last_order_at) ?? '-infinity', cast: 'timestamptz' },
};

/** The newest first, in the registration index's own order. */
export const NEWEST_FIRST = SORTS.recent.order;

/**
 * The member list of the CRM: profiles filtered by a saved segment, a tag, a stage or a search,
 * sorted (highest first) and paged by keyset. Merged and erased profiles are not listed.
 */
export async function listProfiles(
  ctx: Ctx,
  q: { limit: number; cursor?: string | undefined; segmentId?: string | undefined; tagId?: string | undefined; stage?: LifecycleStage | undefined; q?: string | undefined; sort: (typeof PROFILE_SORTS)[number] },
): Promise<Page<Summary>> {
  requireCrm(ctx);
  const sort = SORTS[q.sort];
  const conds: SQL[] = [visibleProfiles(ctx), sql`p.status = 'active'`];
  if (q.segmentId) conds.push(sql`exists (select 1 from crm_segment_members s where s.tenant_id = p.tenant_id and s.segment_id = ${q.segmentId} and s.profile_id = p.id)`);
  if (q.tagId) conds.push(sql`p.tag_ids @> array[${q.tagId}]::text[]`);
  if (q.stage) conds.push(sql`p.stage = ${q.stage}`);
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(p.phone like ${like} or p.name ilike ${like} or p.id = ${q.q})`);
  }
  if (q.cursor) {
    const [k, id] = decodeCursor(q.cursor, 2);
    conds.push(sql`(${sort.key}, p.id) < (${String(k)}::${sql.raw(sort.cast)}, ${String(id)})`);
  }
  // A large saved segment's page walks the sort's index (its member count is known, see firstPage).
  const expected = q.segmentId ? await segmentSize(ctx, q.segmentId) : 0;
  const rows = await firstPage<SummaryRow>(ctx, sql`select ${PROFILE_SUMMARY_COLUMNS} from crm_profiles p where ${sql.join(conds, sql` and `)} order by ${sort.order} limit ${q.limit + 1}`, expected);
  return toPage(rows, q.limit, (r) => [sort.cursor(r), r.id], (r) => summaryOf(ctx, r));
}

async function segmentSize(ctx: Ctx, segmentId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ctx.tx, sql`select member_count as n from crm_segments where tenant_id = ${ctx.tenantId} and id = ${segmentId}`);
  return row?.n ?? 0;
}

interface FullRow extends SummaryRow {
  status: 'active' | 'merged' | 'erased';
  merged_into: string | null;
  org_unit_ids: string[];
  group_ids: string[];
  stage_since: Date | string;
  first_order_at: Date | string | null;
  last_event_at: Date | string | null;
  referrer_id: string | null;
  invited_count: number;
  invited_buyers: number;
  tier_since: Date | string | null;
  points: number;
  consent_marketing: boolean;
  consent_share_contact: boolean;
  koc_score: number;
  koc: { gmv1: number; gmv2: number; buyers: number; shareOrders: number; helpfulReviews: number };
  [window: string]: unknown;
}

/**
 * Everything the CRM knows about a person: identity and the ids they go by elsewhere, channels,
 * org units and groups, tags, lifecycle stage and its history, RFM over each window, who invited
 * them and whom they invited (with what those people bought), and the segments they are in.
 */
export async function getProfile(ctx: Ctx, id: string): Promise<z.infer<typeof ZProfile>> {
  requireCrm(ctx);
  const [r] = await queryRows<FullRow>(ctx.tx, sql`select p.* from crm_profiles p where ${visibleProfiles(ctx)} and p.id = ${id}`);
  if (!r) throw notFound(PROFILE_ENTITY);
  const link = sql.raw('p.id, p.name, p.phone, p.order_count, p.spend_fen');
  type LinkRow = { id: string; name: string; phone: string | null; order_count: number; spend_fen: number | string };
  const linkOf = (l: LinkRow) => ({ id: l.id, name: l.name, phone: phoneShown(ctx, l.phone), orderCount: l.order_count, spendFen: Number(l.spend_fen) });
  const [referrer] = r.referrer_id ? await queryRows<LinkRow>(ctx.tx, sql`select ${link} from crm_profiles p where p.tenant_id = ${ctx.tenantId} and p.id = ${r.referrer_id}`) : [];
  const invited = await queryRows<LinkRow>(ctx.tx, sql`select ${link} from crm_profiles p where p.tenant_id = ${ctx.tenantId} and p.referrer_id = ${id} and p.status = 'active' order by p.spend_fen desc, p.id limit 50`);
  const [invitedSpend] = await queryRows<{ s: number | string }>(ctx.tx, sql`select coalesce(sum(spend_fen), 0) as s from crm_profiles where tenant_id = ${ctx.tenantId} and referrer_id = ${id} and status = 'active'`);
  const identities = await queryRows<{ kind: string; value: string; source: string }>(ctx.tx, sql`select kind, value, source from crm_identities where tenant_id = ${ctx.tenantId} and profile_id = ${id} order by kind, value`);
  const merged = await queryRows<{ id: string }>(ctx.tx, sql`select id from crm_profiles where tenant_id = ${ctx.tenantId} and merged_into = ${id} order by id`);
  const tags = r.tag_ids.length
    ? await queryRows<{ id: string; name: string; color: string; kind: string }>(ctx.tx, sql`select id, name, color, kind from crm_tags where tenant_id = ${ctx.tenantId} and id = any(${sql.param(r.tag_ids)}::text[]) order by name`)
    : [];
  const history = await queryRows<{ from_stage: string | null; to_stage: string; at: Date | string }>(ctx.tx, sql`select from_stage, to_stage, at from crm_stage_history where tenant_id = ${ctx.tenantId} and profile_id = ${id} order by at desc, id desc limit 30`);
  const segments = await queryRows<{ id: string; name: string }>(
    ctx.tx,
    sql`select g.id, g.name from crm_segment_members s join crm_segments g on g.tenant_id = s.tenant_id and g.id = s.segment_id where s.tenant_id = ${ctx.tenantId} and s.profile_id = ${id} order by g.name`,
  );
  const tierHistory = await queryRows<{ from_tier: string | null; to_tier: string | null; reason: string; metric: number; at: Date | string }>(
    ctx.tx,
    sql`select from_tier, to_tier, reason, metric, at from crm_tier_history where tenant_id = ${ctx.tenantId} and profile_id = ${id} order by at desc, id desc limit 30`,
  );
  const tierNames = new Map((await listMemberTiers({ ...ctx, actor: { type: 'system', id: 'system', name: 'crm', role: 'system' } })).map((t) => [t.id, t.name]));
  const units = await orgUnitNames(ctx, r.org_unit_ids);
  const groups = await groupNames(ctx, r.group_ids);
  return {
    ...summaryOf(ctx, r),
    status: r.status,
    mergedInto: r.merged_into,
    mergedMemberIds: merged.map((m) => m.id),
    identities,
    orgUnits: r.org_unit_ids.map((u) => ({ id: u, name: units.get(u) ?? u })),
    groups: r.group_ids.map((g) => ({ id: g, name: groups.get(g) ?? g })),
    tags,
    stageSince: iso(r.stage_since)!,
    stageHistory: history.map((h) => ({ from: h.from_stage, to: h.to_stage, at: iso(h.at)! })),
    firstOrderAt: iso(r.first_order_at),
    lastEventAt: iso(r.last_event_at),
    windows: ORDER_WINDOWS.map((w) => ({ days: w, orders: Number(r[`orders_${w}d`]), spendFen: Number(r[`spend_${w}d`]) })),
    averageOrderFen: r.order_count ? Math.round(Number(r.spend_fen) / r.order_count) : 0,
    referrer: referrer ? linkOf(referrer) : null,
    invited: invited.map(linkOf),
    invitedCount: r.invited_count,
    invitedBuyers: r.invited_buyers,
    invitedSpendFen: Number(invitedSpend?.s ?? 0),
    segments,
    tierName: r.tier_id ? (tierNames.get(r.tier_id) ?? null) : null,
    tierSince: iso(r.tier_since),
    tierMetric: r.points,
    tierHistory: tierHistory.map((h) => ({ from: h.from_tier, to: h.to_tier, reason: h.reason, metric: h.metric, at: iso(h.at)! })),
    consents: { marketing: r.consent_marketing, shareContact: r.consent_share_contact },
    kocScore: r.koc_score,
    koc: { gmv1: Number(r.koc.gmv1 ?? 0), gmv2: Number(r.koc.gmv2 ?? 0), buyers: Number(r.koc.buyers ?? 0), shareOrders: Number(r.koc.shareOrders ?? 0), helpfulReviews: Number(r.koc.helpfulReviews ?? 0) },
  };
}

/** Checks a profile exists and is visible to the actor; returns its status. */
export async function visibleProfileStatus(ctx: Ctx, id: string): Promise<{ status: string; mergedInto: string | null }> {
  const [r] = await queryRows<{ status: string; merged_into: string | null }>(ctx.tx, sql`select p.status, p.merged_into from crm_profiles p where ${visibleProfiles(ctx)} and p.id = ${id}`);
  if (!r) throw notFound(PROFILE_ENTITY);
  return { status: r.status, mergedInto: r.merged_into };
}
