import { sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, systemCtx, type BaseCtx, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { distributorOf, inviteDistributor } from '../../distribution';
import { membersByReferralCode, membersForCrm } from '../../identity';
import { notifyMembers } from '../../fulfilment';
import { paidOrdersByReferralCode } from '../../orders';
import { CrmErrors } from '../crm.errors';
import type { KocBreakdown } from '../crm.schema';
import { phoneShown, requireCrm, visibleProfiles } from './access';
import { visibleProfileStatus } from './profiles';
import { appendEvents } from './timeline';

/**
 * The super-user (KOC) score, from the referral graph and social proof:
 *   1 point per yuan of GMV by people they invited, ½ per yuan one level further,
 *   50 per invitee who bought, 20 per paid order placed through their share links,
 *   10 per review of theirs that others marked helpful (`review_helpful` events naming them).
 * Recomputed for a whole tenant in one statement.
 */
export const KOC_WEIGHTS = { perYuanDepth1: 1, perYuanDepth2: 0.5, perBuyer: 50, perShareOrder: 20, perHelpfulReview: 10 } as const;

export async function computeKoc(ctx: Ctx): Promise<number> {
  const shareOrders = await paidOrdersByReferralCode(ctx);
  const owners = await membersByReferralCode(ctx, [...shareOrders.keys()]);
  const byMember = new Map<string, number>();
  for (const [code, n] of shareOrders) {
    const m = owners.get(code);
    if (m) byMember.set(m, (byMember.get(m) ?? 0) + n);
  }
  const w = KOC_WEIGHTS;
  const rows = await queryRows<{ n: number }>(
    ctx.tx,
    sql`with d1 as (
          select referrer_id as id, sum(spend_fen) as gmv1, count(*) filter (where order_count > 0) as buyers
          from crm_profiles where tenant_id = ${ctx.tenantId} and status = 'active' and referrer_id is not null group by referrer_id
        ), d2 as (
          select r.referrer_id as id, sum(p.spend_fen) as gmv2
          from crm_profiles p join crm_profiles r on r.tenant_id = p.tenant_id and r.id = p.referrer_id
          where p.tenant_id = ${ctx.tenantId} and p.status = 'active' and r.referrer_id is not null group by r.referrer_id
        ), helpful as (
          select coalesce(m.merged_into, e.subject_id) as id, count(*) as n
          from crm_events e left join crm_profiles m on m.tenant_id = e.tenant_id and m.id = e.subject_id
          where e.tenant_id = ${ctx.tenantId} and e.type = 'review_helpful' and e.subject_id is not null and e.subject_id <> e.profile_id group by 1
        ), shares as (
          select coalesce(m.merged_into, s.id) as id, sum(s.n) as n
          from unnest(${sql.param([...byMember.keys()])}::text[], ${sql.param([...byMember.values()])}::int[]) as s(id, n)
          left join crm_profiles m on m.tenant_id = ${ctx.tenantId} and m.id = s.id group by 1
        ), k as (
          select p.id, coalesce(d1.gmv1, 0)::bigint as gmv1, coalesce(d2.gmv2, 0)::bigint as gmv2, coalesce(d1.buyers, 0)::int as buyers,
                 coalesce(shares.n, 0)::int as share_orders, coalesce(helpful.n, 0)::int as helpful
          from crm_profiles p
          left join d1 on d1.id = p.id left join d2 on d2.id = p.id left join helpful on helpful.id = p.id left join shares on shares.id = p.id
          where p.tenant_id = ${ctx.tenantId} and p.status = 'active'
        ), u as (
          update crm_profiles p set
            koc_score = floor(k.gmv1 / 100.0 * ${w.perYuanDepth1} + k.gmv2 / 100.0 * ${w.perYuanDepth2} + k.buyers * ${w.perBuyer} + k.share_orders * ${w.perShareOrder} + k.helpful * ${w.perHelpfulReview})::int,
            koc = jsonb_build_object('gmv1', k.gmv1, 'gmv2', k.gmv2, 'buyers', k.buyers, 'shareOrders', k.share_orders, 'helpfulReviews', k.helpful)
          from k where p.tenant_id = ${ctx.tenantId} and p.id = k.id
            and (p.koc ->> 'gmv1', p.koc ->> 'gmv2', p.koc ->> 'buyers', p.koc ->> 'shareOrders', p.koc ->> 'helpfulReviews')
                is distinct from (k.gmv1::text, k.gmv2::text, k.buyers::text, k.share_orders::text, k.helpful::text)
          returning 1
        ) select count(*)::int as n from u`,
  );
  return rows[0]?.n ?? 0;
}

/** The periodic recomputation, every tenant with profiles. */
export async function computeKocAll(base: BaseCtx): Promise<number> {
  const tenants = await queryRows<{ tenant_id: string }>(base.tx, sql`select distinct tenant_id from crm_profiles`);
  let n = 0;
  for (const t of tenants) n += await inTransaction(base, (b) => computeKoc(systemCtx(b, t.tenant_id, 'crm-koc')));
  return n;
}

export interface KocEntry {
  rank: number;
  id: string;
  name: string;
  phone: string | null;
  score: number;
  breakdown: KocBreakdown;
  invitedCount: number;
  orderCount: number;
  spendFen: number;
  stage: string;
  distributor: string | null;
}

/** Super users, best first: who brings buyers, whose shares sell, whose reviews help. */
export async function listKocRanking(ctx: Ctx, q: { limit: number; cursor?: string | undefined }): Promise<Page<KocEntry>> {
  requireCrm(ctx);
  const conds = [visibleProfiles(ctx), sql`p.status = 'active'`, sql`p.koc_score > 0`];
  let offset = 0;
  if (q.cursor) {
    const [score, id, rank] = decodeCursor(q.cursor, 3);
    conds.push(sql`(p.koc_score, p.id) < (${Number(score)}, ${String(id)})`);
    offset = Number(rank);
  }
  const rows = await queryRows<{ id: string; name: string; phone: string | null; koc_score: number; koc: KocBreakdown; invited_count: number; order_count: number; spend_fen: number | string; stage: string }>(
    ctx.tx,
    sql`select p.id, p.name, p.phone, p.koc_score, p.koc, p.invited_count, p.order_count, p.spend_fen, p.stage from crm_profiles p
        where ${sql.join(conds, sql` and `)} order by p.koc_score desc, p.id desc limit ${q.limit + 1}`,
  );
  const statuses = new Map<string, string | null>();
  for (const r of rows.slice(0, q.limit)) statuses.set(r.id, (await distributorOf(ctx, r.id))?.status ?? null);
  return toPage(
    rows.map((r, i) => ({ ...r, rank: offset + i + 1 })),
    q.limit,
    (r) => [r.koc_score, r.id, r.rank],
    (r) => ({
      rank: r.rank,
      id: r.id,
      name: r.name,
      phone: phoneShown(ctx, r.phone),
      score: r.koc_score,
      breakdown: { gmv1: Number(r.koc.gmv1), gmv2: Number(r.koc.gmv2), buyers: Number(r.koc.buyers), shareOrders: Number(r.koc.shareOrders), helpfulReviews: Number(r.koc.helpfulReviews) },
      invitedCount: r.invited_count,
      orderCount: r.order_count,
      spendFen: Number(r.spend_fen),
      stage: r.stage,
      distributor: statuses.get(r.id) ?? null,
    }),
  );
}

/**
 * Invites a person to grow with the brand: as a distributor (approved at once, as an operator's
 * invitation) or to apply as a group leader (a notice on their page linking to the application).
 */
export async function inviteToRole(ctx: Ctx, profileId: string, input: { role: 'distributor' | 'leader'; message: string }): Promise<{ role: string; status: string }> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const p = await visibleProfileStatus(ctx, profileId);
    if (p.status !== 'active') throw new AppError(CrmErrors.profile_not_active, { params: { status: p.status } });
    const member = (await membersForCrm(ctx, [profileId])).get(profileId);
    if (!member) throw new AppError(CrmErrors.unknown_person, { params: { detail: profileId } });
    let status = 'invited';
    if (input.role === 'distributor') {
      status = (await inviteDistributor(ctx, { phone: member.phone, realName: member.name, payoutAccount: '', note: input.message })).status;
    } else {
      await notifyMembers(ctx, [{ memberId: profileId, kind: 'invitation', title: '邀请你成为团长', body: input.message || '你在群里很受欢迎！欢迎申请成为团长，开一个自提点，和邻居一起团购。申请入口：我的 → 申请当团长。', orderId: null }]);
    }
    await appendEvents(ctx, [{ memberId: profileId, type: 'invited_to_role', occurredAt: new Date(), origin: 'console', subjectId: input.role, properties: { by: ctx.actor.name } }]);
    await audit(ctx, { action: 'crm.koc.invited', entityType: 'crm_profile', entityId: profileId, data: { role: input.role } });
    return { role: input.role, status };
  });
}
