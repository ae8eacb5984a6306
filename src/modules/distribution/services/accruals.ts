import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { inTransaction, systemCtx, type BaseCtx, type Ctx } from '../../../platform/context';
import { getSkuSummaries } from '../../catalog';
import { getUsersBasic } from '../../identity';
import { loadLines, lockOrder } from '../../orders';
import { commissionAccruals, distributors } from '../distribution.schema';
import { accrualPostings, lineNets, planAccrual, planClawbacks, releasePostings, type AccrualState } from './ledger-engine';
import { postEntry } from './ledger';
import { resolvePolicies } from './policies';
import { attributionsOf } from './referrals';
import { getSettings } from './settings';

const DAY_MS = 86_400_000;
type AccrualRow = typeof commissionAccruals.$inferSelect;

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
    const rows = await ctx.tx
      .select({ id: distributors.memberId, status: distributors.status })
      .from(distributors)
      .where(and(eq(distributors.tenantId, ctx.tenantId), sql`${distributors.memberId} = any(${sql.param(memberIds)}::text[])`));
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const id of memberIds) if (status.get(id) === 'approved' || (membersEarn && status.get(id) !== 'suspended')) out.add(id);
  }
  return out;
}

/**
 * On `order.paid`: accrue what each attributed beneficiary earns on each line, at the policy in
 * force now (frozen on the accrual), on the line's net paid amount now. Runs once per order:
 * a redelivered or late event finds the accruals and does nothing.
 */
export async function accrueOrder(ctx: Ctx, orderId: string): Promise<void> {
  // The order row is locked first by every handler (as refunds lock it), so a refund, an accrual
  // and a completion of one order never interleave, whatever order processes deliver them in.
  const order = await lockOrder(ctx, orderId);
  if (!order.paidAt) return;
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
  const planned = planAccrual(
    lines.flatMap((line, i) => {
      const attr = attrs.get(line.id);
      if (!attr) return [];
      return [{ id: line.id, net: nets.get(line.id)!, who: { leader: attr.leaderId, level1: attr.level1Id, level2: settings.level2Enabled ? attr.level2Id : null }, rules: policies[i]!.rules }];
    }),
    (id) => ok.has(id),
  );
  const policyOf = new Map(lines.map((l, i) => [l.id, policies[i]!.policyId]));
  const rows: Array<typeof commissionAccruals.$inferInsert> = planned.map((p) => ({
    tenantId: ctx.tenantId,
    orderLineId: p.orderLineId,
    slot: p.slot,
    orderId,
    beneficiaryId: p.beneficiaryId,
    orgUnitId: order.orgUnitId,
    policyId: policyOf.get(p.orderLineId) ?? null,
    method: p.rule.method,
    rateBps: p.rule.rateBps,
    fixedFen: p.rule.fixedFen,
    baseFen: p.net.netFen,
    baseUnits: p.net.netUnits,
    netBaseFen: p.net.netFen,
    accruedFen: p.amountFen,
    releaseDueAt,
  }));
  const postings = planned.flatMap((p) => accrualPostings({ orderId, orderLineId: p.orderLineId, slot: p.slot, beneficiaryId: p.beneficiaryId }, p.amountFen));
  if (rows.length === 0) return;
  await ctx.tx.insert(commissionAccruals).values(rows);
  await postEntry(ctx, { kind: 'accrual', orderId, memo: 'order paid' }, postings);
}

/**
 * On `order.refunded` (full or per line): claw back, line by line, what the refunded part no longer
 * earns: from pending before release, as a negative adjustment on available after.
 */
export async function clawBackOrder(ctx: Ctx, orderId: string, refundId: string): Promise<void> {
  const order = await lockOrder(ctx, orderId);
  const accruals = await lockAccruals(ctx, orderId);
  if (accruals.length === 0) return;
  const lines = (await loadLines(ctx, [orderId])).get(orderId) ?? [];
  const nets = lineNets(order, lines);
  const plan = planClawbacks(accruals.map(stateOf), nets);
  for (const [i, { dueFen }] of plan.entries()) {
    const a = accruals[i]!;
    const net = nets.get(a.orderLineId) ?? { netFen: 0, netUnits: 0 };
    if (dueFen > 0 || net.netFen !== a.netBaseFen) {
      await ctx.tx
        .update(commissionAccruals)
        .set({ clawedFen: a.clawedFen + dueFen, netBaseFen: net.netFen })
        .where(and(eq(commissionAccruals.tenantId, ctx.tenantId), eq(commissionAccruals.orderLineId, a.orderLineId), eq(commissionAccruals.slot, a.slot)));
    }
  }
  const postings = plan.flatMap((p) => p.postings);
  await postEntry(ctx, { kind: 'clawback', orderId, memo: `refund ${refundId}` }, postings);
}

/** On `order.completed`: the after-sale window starts; commission is released when it ends. */
export async function scheduleRelease(ctx: Ctx, orderId: string, completedAt: Date): Promise<void> {
  await lockOrder(ctx, orderId);
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
