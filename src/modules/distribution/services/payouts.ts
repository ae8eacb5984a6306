import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { idempotent, type IdempotentResult } from '../../../platform/idempotency';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getMembersBasic, getUsersBasic } from '../../identity';
import { commissionBalances, distributors, payoutBatches, payoutItems } from '../distribution.schema';
import { DistributionErrors, PAYOUT_BATCH_ENTITY } from '../distribution.errors';
import type { ZPayoutBatch } from '../distribution.validators';
import { payoutCanceledPostings, payoutPaidPostings, payoutPostings } from './ledger-engine';
import { postEntry } from './ledger';
import { getSettings } from './settings';

export type PayoutBatchDto = z.infer<typeof ZPayoutBatch>;
type BatchRow = typeof payoutBatches.$inferSelect;
type ItemRow = typeof payoutItems.$inferSelect;

function dto(b: BatchRow, names: Map<string, string>, items?: ItemRow[]): PayoutBatchDto {
  return {
    id: b.id,
    status: b.status,
    minimumFen: b.minimumFen,
    totalFen: b.totalFen,
    itemCount: b.itemCount,
    reference: b.reference,
    createdBy: b.createdBy,
    createdByName: names.get(b.createdBy) ?? '',
    createdAt: b.createdAt.toISOString(),
    paidBy: b.paidBy,
    paidByName: b.paidBy ? (names.get(b.paidBy) ?? '') : '',
    paidAt: b.paidAt?.toISOString() ?? null,
    canceledAt: b.canceledAt?.toISOString() ?? null,
    ...(items ? { items: items.map((i) => ({ beneficiaryId: i.beneficiaryId, name: i.name, phone: i.phone, payoutAccount: i.payoutAccount, amountFen: i.amountFen })) } : {}),
  };
}

async function staffNames(ctx: Ctx, rows: BatchRow[]): Promise<Map<string, string>> {
  const users = await getUsersBasic(ctx, rows.flatMap((r) => [r.createdBy, r.paidBy].filter((x): x is string => !!x)));
  return new Map([...users].map(([id, u]) => [id, u.name]));
}

async function itemsOf(ctx: Ctx, batchId: string): Promise<ItemRow[]> {
  return ctx.tx.select().from(payoutItems).where(and(eq(payoutItems.tenantId, ctx.tenantId), eq(payoutItems.batchId, batchId))).orderBy(desc(payoutItems.amountFen), payoutItems.beneficiaryId);
}

/**
 * A batch of every available balance at or above the minimum: each moves from available to the
 * payouts clearing account in one journal entry. Balances are locked, so two batches made at the
 * same moment cannot both take the same money.
 */
export async function createPayoutBatch(ctx: Ctx, input: { minimumFen?: number | undefined }): Promise<PayoutBatchDto> {
  requireRole(ctx, 'owner');
  return inTransaction(ctx, async (ctx) => {
    const minimumFen = input.minimumFen ?? (await getSettings(ctx)).payoutMinimumFen;
    const due = await ctx.tx
      .select()
      .from(commissionBalances)
      .where(and(eq(commissionBalances.tenantId, ctx.tenantId), gte(commissionBalances.availableFen, Math.max(1, minimumFen))))
      .orderBy(commissionBalances.beneficiaryId)
      .for('update');
    if (due.length === 0) throw new AppError(DistributionErrors.nothing_to_pay, { params: { minimum: minimumFen / 100 } });
    const ids = due.map((d) => d.beneficiaryId);
    const members = await getMembersBasic(ctx, ids);
    const users = await getUsersBasic(ctx, ids);
    const profiles = await ctx.tx
      .select({ id: distributors.memberId, realName: distributors.realName, payoutAccount: distributors.payoutAccount })
      .from(distributors)
      .where(and(eq(distributors.tenantId, ctx.tenantId), sql`${distributors.memberId} = any(${sql.param(ids)}::text[])`));
    const profile = new Map(profiles.map((p) => [p.id, p]));
    const id = newId('payoutBatch');
    const total = due.reduce((s, d) => s + d.availableFen, 0);
    const [batch] = await ctx.tx.insert(payoutBatches).values({ tenantId: ctx.tenantId, id, minimumFen, totalFen: total, itemCount: due.length, createdBy: ctx.actor.id }).returning();
    const items = due.map((d) => {
      const m = members.get(d.beneficiaryId);
      const u = users.get(d.beneficiaryId);
      const p = profile.get(d.beneficiaryId);
      return { tenantId: ctx.tenantId, batchId: id, beneficiaryId: d.beneficiaryId, amountFen: d.availableFen, name: p?.realName || m?.name || u?.name || '', phone: m?.phone ?? u?.email ?? '', payoutAccount: p?.payoutAccount ?? '' };
    });
    await ctx.tx.insert(payoutItems).values(items);
    await postEntry(ctx, { kind: 'payout', payoutBatchId: id, memo: `payout batch ${id}` }, due.flatMap((d) => payoutPostings(d.beneficiaryId, d.availableFen)));
    await audit(ctx, { action: 'payout_batch.created', entityType: 'payout_batch', entityId: id, data: { minimumFen, totalFen: total, items: due.length } });
    return dto(batch!, await staffNames(ctx, [batch!]), await itemsOf(ctx, id));
  });
}

async function lockBatch(ctx: Ctx, id: string): Promise<BatchRow> {
  const [row] = await ctx.tx.select().from(payoutBatches).where(and(eq(payoutBatches.tenantId, ctx.tenantId), eq(payoutBatches.id, id))).for('update');
  if (!row) throw notFound(PAYOUT_BATCH_ENTITY);
  return row;
}

/**
 * Marks a batch paid once the money has left through the payment channel: clearing → paid. Needs an
 * Idempotency-Key; marking it paid again (any key) posts nothing and answers the batch as it is.
 */
export async function markPayoutBatchPaid(ctx: Ctx, id: string, reference: string, key: string): Promise<IdempotentResult<PayoutBatchDto>> {
  requireRole(ctx, 'owner');
  return idempotent(ctx, { key, operation: 'markPayoutBatchPaid', request: { id, reference }, status: 200 }, async (ctx) => {
    const batch = await lockBatch(ctx, id);
    if (batch.status === 'paid') return dto(batch, await staffNames(ctx, [batch]), await itemsOf(ctx, id));
    if (batch.status !== 'open') throw new AppError(DistributionErrors.batch_not_open, { params: { status: batch.status, action: 'paid' } });
    const items = await itemsOf(ctx, id);
    await postEntry(ctx, { kind: 'payout_paid', payoutBatchId: id, memo: reference ? `paid: ${reference}` : 'paid' }, items.flatMap((i) => payoutPaidPostings(i.beneficiaryId, i.amountFen)));
    const [after] = await ctx.tx
      .update(payoutBatches)
      .set({ status: 'paid', paidBy: ctx.actor.id, paidAt: new Date(), reference })
      .where(and(eq(payoutBatches.tenantId, ctx.tenantId), eq(payoutBatches.id, id)))
      .returning();
    await audit(ctx, { action: 'payout_batch.paid', entityType: 'payout_batch', entityId: id, data: { reference, totalFen: batch.totalFen } });
    return dto(after!, await staffNames(ctx, [after!]), items);
  });
}

/** Cancels an open batch (the undo of creating it): the amounts go back to available. */
export async function cancelPayoutBatch(ctx: Ctx, id: string): Promise<PayoutBatchDto> {
  requireRole(ctx, 'owner');
  return inTransaction(ctx, async (ctx) => {
    const batch = await lockBatch(ctx, id);
    if (batch.status !== 'open') throw new AppError(DistributionErrors.batch_not_open, { params: { status: batch.status, action: 'canceled' } });
    const items = await itemsOf(ctx, id);
    await postEntry(ctx, { kind: 'payout_canceled', payoutBatchId: id, memo: 'batch canceled' }, items.flatMap((i) => payoutCanceledPostings(i.beneficiaryId, i.amountFen)));
    const [after] = await ctx.tx
      .update(payoutBatches)
      .set({ status: 'canceled', canceledBy: ctx.actor.id, canceledAt: new Date() })
      .where(and(eq(payoutBatches.tenantId, ctx.tenantId), eq(payoutBatches.id, id)))
      .returning();
    await audit(ctx, { action: 'payout_batch.canceled', entityType: 'payout_batch', entityId: id, data: { totalFen: batch.totalFen } });
    return dto(after!, await staffNames(ctx, [after!]), items);
  });
}

export async function getPayoutBatch(ctx: Ctx, id: string): Promise<PayoutBatchDto> {
  requireRole(ctx, 'owner', 'operator');
  const [row] = await ctx.tx.select().from(payoutBatches).where(and(eq(payoutBatches.tenantId, ctx.tenantId), eq(payoutBatches.id, id)));
  if (!row) throw notFound(PAYOUT_BATCH_ENTITY);
  return dto(row, await staffNames(ctx, [row]), await itemsOf(ctx, id));
}

export async function listPayoutBatches(ctx: Ctx, q: { limit: number; cursor?: string | undefined }): Promise<Page<PayoutBatchDto>> {
  requireRole(ctx, 'owner', 'operator');
  const conds = [eq(payoutBatches.tenantId, ctx.tenantId)];
  if (q.cursor) conds.push(lt(payoutBatches.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(payoutBatches).where(and(...conds)).orderBy(desc(payoutBatches.id)).limit(q.limit + 1);
  const names = await staffNames(ctx, rows);
  return toPage(rows, q.limit, (r) => [r.id], (r) => dto(r, names));
}
