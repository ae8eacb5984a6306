import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { newId } from '../../../platform/ids';
import { commissionBalances, journalEntries, journalPostings, type JournalKind } from '../distribution.schema';
import { balanceDeltas, sumsToZero, type Posting } from './ledger-engine';

/**
 * Writes one journal entry with its postings and moves the balances by the same amounts, in the
 * caller's transaction. Entries that would not balance never reach the database (and the database
 * checks again at commit). Returns the entry id, or null when there was nothing to post.
 */
export async function postEntry(ctx: Ctx, entry: { kind: JournalKind; orderId?: string | null; payoutBatchId?: string | null; memo?: string }, postings: Posting[]): Promise<string | null> {
  if (postings.length === 0) return null;
  if (!sumsToZero(postings)) throw new Error(`journal entry ${entry.kind} does not balance`);
  const id = newId('journalEntry');
  await ctx.tx.insert(journalEntries).values({
    tenantId: ctx.tenantId,
    id,
    kind: entry.kind,
    orderId: entry.orderId ?? null,
    payoutBatchId: entry.payoutBatchId ?? null,
    memo: entry.memo ?? '',
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
  });
  await ctx.tx.insert(journalPostings).values(
    postings.map((p, seq) => ({ tenantId: ctx.tenantId, entryId: id, seq, beneficiaryId: p.beneficiaryId, account: p.account, amountFen: p.amountFen, orderId: p.orderId ?? null, orderLineId: p.orderLineId ?? null, slot: p.slot ?? null })),
  );
  const deltas = [...balanceDeltas(postings)].sort(([a], [b]) => (a < b ? -1 : 1));
  await ctx.tx
    .insert(commissionBalances)
    .values(deltas.map(([beneficiaryId, d]) => ({ tenantId: ctx.tenantId, beneficiaryId, ...d })))
    .onConflictDoUpdate({
      target: [commissionBalances.tenantId, commissionBalances.beneficiaryId],
      set: {
        earnedFen: sql`${commissionBalances.earnedFen} + excluded.earned_fen`,
        pendingFen: sql`${commissionBalances.pendingFen} + excluded.pending_fen`,
        availableFen: sql`${commissionBalances.availableFen} + excluded.available_fen`,
        inPayoutFen: sql`${commissionBalances.inPayoutFen} + excluded.in_payout_fen`,
        paidFen: sql`${commissionBalances.paidFen} + excluded.paid_fen`,
        updatedAt: sql`now()`,
      },
    });
  return id;
}
