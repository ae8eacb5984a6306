import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { inTransaction, systemCtx, type BaseCtx, type Ctx } from '../../../platform/context';
import { allocate } from '../../../platform/money';
import { getSkuSummaries } from '../../catalog';
import { getUsersBasic } from '../../identity';
import { loadLines, ordersByIds, type LineRow, type OrderRow } from '../../orders';
import { COMMISSION_SLOTS, commissionAccruals, distributors, type CommissionSlot } from '../distribution.schema';
import { accrualPostings, clawbackDue, clawbackPostings, entitlement, releasePostings, type AccrualState, type LineNet, type Posting } from './ledger-engine';
import { postEntry } from './ledger';
import { resolvePolicies } from './policies';
import { attributionsOf } from './referrals';
import { getSettings } from './settings';

const DAY_MS = 86_400_000;
type AccrualRow = typeof commissionAccruals.$inferSelect;

/**
 * Each line's net paid amount and units now. The order's paid amount is spread over its lines by
 * largest remainder (so discounts, when they come, are shared exactly), then refunds come off.
 */
export function lineNets(order: Pick<OrderRow, 'paidFen'>, lines: LineRow[]): Map<string, LineNet> {
  const out = new Map<string, LineNet>();
  if (lines.length === 0) return out;
  const weights = lines.map((l) => l.lineTotalFen);
  const paid = weights.some((w) => w > 0) ? allocate(order.paidFen, weights) : lines.map(() => 0);
  lines.forEach((l, i) => out.set(l.id, { netFen: Math.max(0, paid[i]! - l.refundedFen), netUnits: l.quantity - l.refundedQuantity }));
  return out;
}

function stateOf(a: AccrualRow): AccrualState {
  return { orderLineId: a.orderLineId, orderId: a.orderId, slot: a.slot, beneficiaryId: a.beneficiaryId, rule: { method: a.method, rateBps: a.rateBps, fixedFen: a.fixedFen }, accruedFen: a.accruedFen, clawedFen: a.clawedFen, released: a.releasedAt !== null };
}

async function lockAccruals(ctx: Ctx, orderId: string): Promise<AccrualRow[]> {
  return ctx.tx
    .select()
    .from(commissionAccruals)
    .where(and(eq(commissionAccruals.tenantId, ctx.tenantId), eq(commissionAccruals.orderId, orderId)))
    .orderBy(asc(commissionAccruals.orderLineId), asc(commissionAccruals.slot))
    .for('update');
}

/** Which of these people may earn now: active leaders, approved distributors, and members where the tenant pays them. */
async function eligible(ctx: Ctx, ids: string[], membersEarn: boolean): Promise<Set<string>> {
  const out = new Set<string>();
  const userIds = ids.filter((id) => id.startsWith('usr_'));
  for (const [id, u] of await getUsersBasic(ctx, userIds)) if (u.status === 'active' && u.role === 'leader') out.add(id);
  const memberIds = [...new Set(ids.filter((id) => id.startsWith('mbr_')))];
  if (memberIds.length) {
    if (membersEarn) {
      const blocked = await ctx.tx
        .select({ id: distributors.memberId })
        .from(distributors)
        .where(and(eq(distributors.tenantId, ctx.tenantId), sql`${distributors.memberId} = any(${sql.param(memberIds)}::text[])`, sql`${distributors.status} = 'suspended'`));
      const no = new Set(blocked.map((r) => r.id));
      for (const id of memberIds) if (!no.has(id)) out.add(id);
    } else {
      const rows = await ctx.tx
        .select({ id: distributors.memberId })
        .from(distributors)
        .where(and(eq(distributors.tenantId, ctx.tenantId), sql`${distributors.memberId} = any(${sql.param(memberIds)}::text[])`, eq(distributors.status, 'approved')));
      for (const r of rows) out.add(r.id);
    }
  }
  return out;
}

/**
 * On `order.paid`: accrue what each attributed beneficiary earns on each line, at the policy in
 * force now (frozen on the accrual), on the line's net paid amount now. Runs once per order:
 * a redelivered or late event finds the accruals and does nothing.
 */
export async function accrueOrder(ctx: Ctx, orderId: string): Promise<void> {
  const order = (await ordersByIds(ctx, [orderId])).get(orderId);
  if (!order || !order.paidAt) return;
  if ((await lockAccruals(ctx, orderId)).length) return;
  const attrs = await attributionsOf(ctx, orderId);
  if (attrs.size === 0) return;
  const lines = (await loadLines(ctx, [orderId])).get(orderId) ?? [];
  const nets = lineNets(order, lines);
  const settings = await getSettings(ctx);
  const skus = await getSkuSummaries(ctx, lines.map((l) => l.skuId));
  const policies = await resolvePolicies(ctx, lines.map((l) => ({ campaignId: order.campaignId, skuId: l.skuId, productId: skus.get(l.skuId)?.productId ?? null })));
  const people = [...attrs.values()].flatMap((a) => [a.leaderId, a.level1Id, settings.level2Enabled ? a.level2Id : null]).filter((x): x is string => !!x);
  const ok = await eligible(ctx, people, settings.membersEarn);
  const releaseDueAt = order.completedAt ? new Date(order.completedAt.getTime() + settings.afterSaleDays * DAY_MS) : null;
  const rows: Array<typeof commissionAccruals.$inferInsert> = [];
  const postings: Posting[] = [];
  lines.forEach((line, i) => {
    const attr = attrs.get(line.id);
    if (!attr) return;
    const who: Record<CommissionSlot, string | null> = { leader: attr.leaderId, level1: attr.level1Id, level2: settings.level2Enabled ? attr.level2Id : null };
    const policy = policies[i]!;
    const net = nets.get(line.id)!;
    for (const slot of COMMISSION_SLOTS) {
      const beneficiaryId = who[slot];
      const rule = policy.rules[slot];
      if (!beneficiaryId || !rule || !ok.has(beneficiaryId)) continue;
      const amount = entitlement(rule, net);
      if (amount <= 0) continue;
      rows.push({
        tenantId: ctx.tenantId,
        orderLineId: line.id,
        slot,
        orderId,
        beneficiaryId,
        orgUnitId: order.orgUnitId,
        policyId: policy.policyId,
        method: rule.method,
        rateBps: rule.rateBps,
        fixedFen: rule.fixedFen,
        baseFen: net.netFen,
        baseUnits: net.netUnits,
        netBaseFen: net.netFen,
        accruedFen: amount,
        releaseDueAt,
      });
      postings.push(...accrualPostings({ orderId, orderLineId: line.id, slot, beneficiaryId }, amount));
    }
  });
  if (rows.length === 0) return;
  await ctx.tx.insert(commissionAccruals).values(rows);
  await postEntry(ctx, { kind: 'accrual', orderId, memo: 'order paid' }, postings);
}

/**
 * On `order.refunded` (full or per line): claw back, line by line, what the refunded part no longer
 * earns: from pending before release, as a negative adjustment on available after.
 */
export async function clawBackOrder(ctx: Ctx, orderId: string, refundId: string): Promise<void> {
  const accruals = await lockAccruals(ctx, orderId);
  if (accruals.length === 0) return;
  const order = (await ordersByIds(ctx, [orderId])).get(orderId)!;
  const lines = (await loadLines(ctx, [orderId])).get(orderId) ?? [];
  const nets = lineNets(order, lines);
  const postings: Posting[] = [];
  for (const a of accruals) {
    const net = nets.get(a.orderLineId) ?? { netFen: 0, netUnits: 0 };
    const due = clawbackDue(stateOf(a), net);
    if (due > 0) postings.push(...clawbackPostings(stateOf(a), due));
    if (due > 0 || net.netFen !== a.netBaseFen) {
      await ctx.tx
        .update(commissionAccruals)
        .set({ clawedFen: a.clawedFen + due, netBaseFen: net.netFen })
        .where(and(eq(commissionAccruals.tenantId, ctx.tenantId), eq(commissionAccruals.orderLineId, a.orderLineId), eq(commissionAccruals.slot, a.slot)));
    }
  }
  await postEntry(ctx, { kind: 'clawback', orderId, memo: `refund ${refundId}` }, postings);
}

/** On `order.completed`: the after-sale window starts; commission is released when it ends. */
export async function scheduleRelease(ctx: Ctx, orderId: string, completedAt: Date): Promise<void> {
  const settings = await getSettings(ctx);
  await ctx.tx
    .update(commissionAccruals)
    .set({ releaseDueAt: new Date(completedAt.getTime() + settings.afterSaleDays * DAY_MS) })
    .where(and(eq(commissionAccruals.tenantId, ctx.tenantId), eq(commissionAccruals.orderId, orderId), isNull(commissionAccruals.releasedAt)));
}

/** Releases one order's accruals whose window has passed (pending → available). */
export async function releaseOrder(ctx: Ctx, orderId: string, now = new Date()): Promise<number> {
  const due = (await lockAccruals(ctx, orderId)).filter((a) => a.releasedAt === null && a.releaseDueAt !== null && a.releaseDueAt.getTime() <= now.getTime());
  if (due.length === 0) return 0;
  const postings = due.flatMap((a) => releasePostings(stateOf(a)));
  await ctx.tx
    .update(commissionAccruals)
    .set({ releasedAt: now })
    .where(and(eq(commissionAccruals.tenantId, ctx.tenantId), eq(commissionAccruals.orderId, orderId), isNull(commissionAccruals.releasedAt), lte(commissionAccruals.releaseDueAt, now)));
  await postEntry(ctx, { kind: 'release', orderId, memo: 'after-sale window ended' }, postings);
  return due.length;
}

/** The job: every order with accruals due, across tenants, each in its own transaction. */
export async function releaseDueCommissions(base: BaseCtx, now = new Date(), onError?: (err: unknown, orderId: string) => void): Promise<number> {
  const rows = await base.tx
    .selectDistinct({ tenantId: commissionAccruals.tenantId, orderId: commissionAccruals.orderId })
    .from(commissionAccruals)
    .where(and(isNull(commissionAccruals.releasedAt), lte(commissionAccruals.releaseDueAt, now)))
    .limit(500);
  let released = 0;
  for (const r of rows) {
    try {
      released += await inTransaction(base, (b) => releaseOrder(systemCtx(b, r.tenantId, 'release-commissions'), r.orderId, now));
    } catch (err) {
      onError?.(err, r.orderId);
    }
  }
  return released;
}
