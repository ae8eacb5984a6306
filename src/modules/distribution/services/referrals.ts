import { and, eq, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Ctx } from '../../../platform/context';
import { queryRows, unnestInsert, type Write } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { getMembersBasic, getUsersBasic, maskedName, membersByReferralCode, newReferralCode } from '../../identity';
import { campaignTitles } from '../../campaigns';
import { orderLineReferrals, referralBindings, staffReferralCodes } from '../distribution.schema';
import { DistributionErrors } from '../distribution.errors';
import { getSettings, type Settings } from './settings';

export interface Binding {
  boundTo: string;
  boundCode: string;
  boundAt: Date;
  boundUntil: Date;
  invitedBy: string;
  invitedAt: Date;
  touches: number;
}

const DAY_MS = 86_400_000;

/**
 * The binding rule (锁客) as a pure function. A member's first touch binds them and names their
 * inviter for good. Later touches: under first-touch the binding holds until its protection period
 * runs out (the same sharer renews it); under last-touch the latest sharer takes over.
 */
export function applyTouch(b: Binding | null, t: { to: string; code: string; at: Date }, s: Pick<Settings, 'bindingMode' | 'protectionDays'>): { binding: Binding; changed: boolean } {
  const until = new Date(t.at.getTime() + s.protectionDays * DAY_MS);
  if (!b) return { binding: { boundTo: t.to, boundCode: t.code, boundAt: t.at, boundUntil: until, invitedBy: t.to, invitedAt: t.at, touches: 1 }, changed: true };
  const touches = b.touches + 1;
  if (b.boundTo === t.to) return { binding: { ...b, boundCode: t.code, boundUntil: until > b.boundUntil ? until : b.boundUntil, touches }, changed: false };
  if (s.bindingMode === 'last_touch' || b.boundUntil.getTime() < t.at.getTime()) {
    return { binding: { ...b, boundTo: t.to, boundCode: t.code, boundAt: t.at, boundUntil: until, touches }, changed: true };
  }
  return { binding: { ...b, touches }, changed: false };
}

/** Who each referral code belongs to (a member, or a leader): code → member or user id. */
export async function resolveCodes(ctx: Ctx, codes: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes.map((c) => c.toUpperCase()))];
  if (wanted.length === 0) return new Map();
  const out = await membersByReferralCode(ctx, wanted);
  const left = wanted.filter((c) => !out.has(c));
  if (left.length) {
    const rows = await ctx.tx
      .select({ code: staffReferralCodes.code, userId: staffReferralCodes.userId })
      .from(staffReferralCodes)
      .where(and(eq(staffReferralCodes.tenantId, ctx.tenantId), sql`${staffReferralCodes.code} = any(${sql.param(left)}::text[])`));
    for (const r of rows) out.set(r.code, r.userId);
  }
  return out;
}

/** A staff user's referral code, created on first use. */
export async function staffCode(ctx: Ctx, userId: string): Promise<string> {
  const [row] = await ctx.tx.select().from(staffReferralCodes).where(and(eq(staffReferralCodes.tenantId, ctx.tenantId), eq(staffReferralCodes.userId, userId)));
  if (row) return row.code;
  for (;;) {
    const code = newReferralCode();
    const [ins] = await ctx.tx.insert(staffReferralCodes).values({ tenantId: ctx.tenantId, userId, code }).onConflictDoNothing().returning();
    if (ins) return ins.code;
    const [again] = await ctx.tx.select().from(staffReferralCodes).where(and(eq(staffReferralCodes.tenantId, ctx.tenantId), eq(staffReferralCodes.userId, userId)));
    if (again) return again.code;
  }
}

async function loadBindings(ctx: Ctx, memberIds: string[]): Promise<Map<string, Binding>> {
  if (memberIds.length === 0) return new Map();
  // Raw SQL (every checkout batch reads its buyers' bindings: see queryRows), times turned into dates as Drizzle would.
  type Row = Omit<Binding, 'boundAt' | 'boundUntil' | 'invitedAt'> & { memberId: string; boundAt: string | Date; boundUntil: string | Date; invitedAt: string | Date };
  const rows = await queryRows<Row>(
    ctx.tx,
    sql`select member_id as "memberId", bound_to as "boundTo", bound_code as "boundCode", bound_at as "boundAt", bound_until as "boundUntil",
          invited_by as "invitedBy", invited_at as "invitedAt", touches
        from referral_bindings where tenant_id = ${ctx.tenantId} and member_id = any(${sql.param([...new Set(memberIds)])}::text[])`,
  );
  return new Map(
    rows.map((r) => [
      r.memberId,
      { boundTo: r.boundTo, boundCode: r.boundCode, boundAt: new Date(r.boundAt), boundUntil: new Date(r.boundUntil), invitedBy: r.invitedBy, invitedAt: new Date(r.invitedAt), touches: r.touches },
    ]),
  );
}

/**
 * Writes bindings decided in memory. Under first-touch the database applies the rule again, so two
 * touches of one member at the same moment cannot both take a protected binding: a binding that
 * another transaction made meanwhile is kept, and the caller gets the stored one back.
 */
async function saveBindings(ctx: Ctx, changed: Map<string, Binding>, mode: Settings['bindingMode']): Promise<Map<string, Binding>> {
  if (changed.size === 0) return changed;
  const values = [...changed].map(([memberId, b]) => ({ tenantId: ctx.tenantId, memberId, ...b }));
  const written = await ctx.tx
    .insert(referralBindings)
    .values(values)
    .onConflictDoUpdate({
      target: [referralBindings.tenantId, referralBindings.memberId],
      set: { boundTo: sql`excluded.bound_to`, boundCode: sql`excluded.bound_code`, boundAt: sql`excluded.bound_at`, boundUntil: sql`excluded.bound_until`, touches: sql`excluded.touches` },
      ...(mode === 'first_touch' ? { setWhere: sql`${referralBindings.boundTo} = excluded.bound_to or ${referralBindings.boundUntil} < excluded.bound_at` } : {}),
    })
    .returning({ memberId: referralBindings.memberId });
  const kept = [...changed.keys()].filter((id) => !written.some((w) => w.memberId === id));
  if (kept.length === 0) return changed;
  const stored = await loadBindings(ctx, kept);
  return new Map([...changed].map(([id, b]) => [id, stored.get(id) ?? b]));
}

/** A signed-in member opened a share link: the touch is applied under the tenant's binding rule. */
export async function recordTouch(ctx: Ctx, memberId: string, code: string): Promise<{ boundTo: string | null; boundUntil: string | null; changed: boolean }> {
  const owner = (await resolveCodes(ctx, [code])).get(code.toUpperCase());
  if (!owner) throw new AppError(DistributionErrors.unknown_referral_code, { params: { code }, errors: [{ path: 'code', message: 'unknown code' }] });
  const before = (await loadBindings(ctx, [memberId])).get(memberId) ?? null;
  if (owner === memberId) return { boundTo: before ? await labelOf(ctx, before.boundTo) : null, boundUntil: before?.boundUntil.toISOString() ?? null, changed: false };
  const settings = await getSettings(ctx);
  const { binding } = applyTouch(before, { to: owner, code: code.toUpperCase(), at: new Date() }, settings);
  const stored = (await saveBindings(ctx, new Map([[memberId, binding]]), settings.bindingMode)).get(memberId)!;
  if (!before) await emit(ctx, 'referral.bound', { memberId, invitedBy: stored.invitedBy });
  return { boundTo: await labelOf(ctx, stored.boundTo), boundUntil: stored.boundUntil.toISOString(), changed: stored.boundTo === owner && before?.boundTo !== owner };
}

async function labelOf(ctx: Ctx, partyId: string): Promise<string> {
  if (partyId.startsWith('usr_')) return (await getUsersBasic(ctx, [partyId])).get(partyId)?.name ?? '';
  const m = (await getMembersBasic(ctx, [partyId])).get(partyId);
  return m ? maskedName(m) : '';
}

export interface OrderToAttribute {
  orderId: string;
  memberId: string;
  referralCode: string | null;
  sellerId: string;
  sellerRole: string;
  lineIds: string[];
}

/**
 * Attribution at placement, for a batch of orders in their transaction: the link's code is a
 * touch (the binding rule decides whether it binds), the member's binding names level 1, level 1's
 * inviter names level 2 (when the tenant pays two levels), and a campaign run by a leader names
 * the leader. Lines with someone to credit get a row that is never changed afterwards.
 *
 * For a checkout batch whose orders are not written yet: the reads (and a share link's binding)
 * happen now; the attribution rows come back as a write for the caller to run with the orders
 * themselves (`runTogether`).
 */
export async function attributionWrite(ctx: Ctx, orders: OrderToAttribute[], now = new Date()): Promise<Write> {
  if (orders.length === 0) return null;
  // On the checkout's hot path: one query when no link carries a code and nobody is bound (the
  // members' bindings); the codes, the tenant's rules and the inviters only when they matter.
  const bindings = await loadBindings(ctx, orders.map((o) => o.memberId));
  const codes = orders.map((o) => o.referralCode).filter((c): c is string => !!c);
  const owners = await resolveCodes(ctx, codes);
  let settings: Settings | null = null;
  const rules = async () => (settings ??= await getSettings(ctx));
  const changed = new Map<string, Binding>();
  for (const o of orders) {
    const to = o.referralCode ? owners.get(o.referralCode.toUpperCase()) : undefined;
    if (!to || to === o.memberId) continue;
    const { binding } = applyTouch(bindings.get(o.memberId) ?? null, { to, code: o.referralCode!.toUpperCase(), at: now }, await rules());
    bindings.set(o.memberId, binding);
    changed.set(o.memberId, binding);
  }
  if (changed.size) for (const [id, b] of await saveBindings(ctx, changed, (await rules()).bindingMode)) bindings.set(id, b);
  const level1 = new Map<string, string>();
  for (const o of orders) {
    const b = bindings.get(o.memberId);
    if (b && b.boundUntil.getTime() >= now.getTime() && b.boundTo !== o.memberId) level1.set(o.orderId, b.boundTo);
  }
  const l1Members = [...level1.values()].filter((id) => id.startsWith('mbr_'));
  const inviters = l1Members.length && (await rules()).level2Enabled ? await loadBindings(ctx, l1Members) : new Map<string, Binding>();
  const rows = orders.flatMap((o) => {
    const l1 = level1.get(o.orderId) ?? null;
    let l2 = l1 ? (inviters.get(l1)?.invitedBy ?? null) : null;
    if (l2 === o.memberId || l2 === l1) l2 = null;
    const leader = o.sellerRole === 'leader' ? o.sellerId : null;
    if (!l1 && !leader) return [];
    return o.lineIds.map((lineId) => ({ tenantId: ctx.tenantId, orderLineId: lineId, orderId: o.orderId, buyerId: o.memberId, referralCode: o.referralCode?.toUpperCase() ?? null, leaderId: leader, level1Id: l1, level2Id: l2 }));
  });
  const sql = unnestInsert(ctx.tx, 'order_line_referrals', [
    { name: 'tenant_id', type: 'text', values: rows.map((r) => r.tenantId) },
    { name: 'order_line_id', type: 'text', values: rows.map((r) => r.orderLineId) },
    { name: 'order_id', type: 'text', values: rows.map((r) => r.orderId) },
    { name: 'buyer_id', type: 'text', values: rows.map((r) => r.buyerId) },
    { name: 'referral_code', type: 'text', values: rows.map((r) => r.referralCode) },
    { name: 'leader_id', type: 'text', values: rows.map((r) => r.leaderId) },
    { name: 'level1_id', type: 'text', values: rows.map((r) => r.level1Id) },
    { name: 'level2_id', type: 'text', values: rows.map((r) => r.level2Id) },
  ]);
  return sql ? { sql } : null;
}

export type Attribution = typeof orderLineReferrals.$inferSelect;

export async function attributionsOf(ctx: Ctx, orderId: string): Promise<Map<string, Attribution>> {
  const rows = await ctx.tx.select().from(orderLineReferrals).where(and(eq(orderLineReferrals.tenantId, ctx.tenantId), eq(orderLineReferrals.orderId, orderId)));
  return new Map(rows.map((r) => [r.orderLineId, r]));
}

/** How many members this person invited first (their branch of the referral tree). */
export async function invitedCount(ctx: Ctx, partyId: string): Promise<number> {
  const [row] = await ctx.tx.select({ n: sql<number>`count(*)::int` }).from(referralBindings).where(and(eq(referralBindings.tenantId, ctx.tenantId), eq(referralBindings.invitedBy, partyId)));
  return row?.n ?? 0;
}

/** The caller's share link (a member page that carries their code) and its QR code. */
export async function referralLink(ctx: Ctx, input: { campaignId?: string | undefined; publicBaseUrl: string; tenantSlug: string }): Promise<{ code: string; url: string; qrSvg: string; campaign: { id: string; title: string } | null }> {
  const a = ctx.actor;
  let code: string | null = null;
  if (a.type === 'member') code = (await getMembersBasic(ctx, [a.id])).get(a.id)?.referralCode ?? null;
  else if (a.type === 'user') code = await staffCode(ctx, a.id);
  if (!code) throw new AppError(DistributionErrors.not_a_beneficiary);
  let campaign: { id: string; title: string } | null = null;
  if (input.campaignId) {
    const title = (await campaignTitles(ctx, [input.campaignId])).get(input.campaignId);
    if (!title) throw new AppError(DistributionErrors.scope_not_found, { params: { scope: 'campaign', id: input.campaignId }, errors: [{ path: 'campaignId', message: 'no such campaign' }] });
    campaign = { id: input.campaignId, title };
  }
  const path = campaign ? `/m/${encodeURIComponent(input.tenantSlug)}/c/${encodeURIComponent(campaign.id)}` : `/m/${encodeURIComponent(input.tenantSlug)}/`;
  const url = `${input.publicBaseUrl.replace(/\/$/, '')}${path}?ref=${code}`;
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { code, url, qrSvg, campaign };
}

/** Who first invited each of these members (the referral tree's edge), member id → inviter id. */
export async function invitersOf(ctx: Ctx, memberIds: string[]): Promise<Map<string, string>> {
  const bindings = await loadBindings(ctx, memberIds);
  return new Map([...bindings].map(([id, b]) => [id, b.invitedBy]));
}
