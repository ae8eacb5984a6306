import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { requireRole, type Ctx } from '../../../platform/context';
import { AppError, CommonErrors } from '../../../platform/errors';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { queryRows } from '../../../platform/db';
import { campaignTitles } from '../../campaigns';
import { getMembersBasic, getUsersBasic, listOrgUnits, maskedName, maskPhone, searchPartyIds } from '../../identity';
import { loadLines, ordersByIds } from '../../orders';
import { commissionAccruals, commissionBalances, distributors, journalEntries, journalPostings } from '../distribution.schema';
import { DistributionErrors } from '../distribution.errors';
import type { ZBalance, ZJournalEntry, ZListBalancesQuery, ZListLedgerQuery, ZMyEarnings, ZStatement, ZStatementLine, ZStatementQuery, ZTeamReport, ZTeamReportQuery } from '../distribution.validators';
import { balancesOf, distributorOf } from './distributors';
import { emptyBalance } from './ledger-engine';
import { invitedCount, staffCode } from './referrals';
import { getSettings } from './settings';

export type BalanceDto = z.infer<typeof ZBalance>;
export type StatementLineDto = z.infer<typeof ZStatementLine>;
type AccrualRow = typeof commissionAccruals.$inferSelect;

const canSeePhones = (ctx: Ctx) => ctx.actor.role === 'owner' || ctx.actor.role === 'operator';

/** Display names of beneficiaries: a distributor's real name, else the member's or user's name, else the masked phone. */
export async function beneficiaryNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const members = await getMembersBasic(ctx, unique);
  const users = await getUsersBasic(ctx, unique);
  const profiles = unique.length
    ? await ctx.tx
        .select({ id: distributors.memberId, realName: distributors.realName })
        .from(distributors)
        .where(and(eq(distributors.tenantId, ctx.tenantId), sql`${distributors.memberId} = any(${sql.param(unique)}::text[])`))
    : [];
  const realName = new Map(profiles.map((p) => [p.id, p.realName]));
  const out = new Map<string, string>();
  for (const id of unique) {
    const m = members.get(id);
    out.set(id, realName.get(id) || m?.name || users.get(id)?.name || (m ? maskPhone(m.phone) : ''));
  }
  return out;
}

async function labelBalances(ctx: Ctx, rows: Array<typeof commissionBalances.$inferSelect>): Promise<BalanceDto[]> {
  const ids = rows.map((r) => r.beneficiaryId);
  const members = await getMembersBasic(ctx, ids);
  const names = await beneficiaryNames(ctx, ids);
  return rows.map((r) => {
    const m = members.get(r.beneficiaryId);
    return {
      beneficiaryId: r.beneficiaryId,
      kind: r.beneficiaryId.startsWith('usr_') ? ('user' as const) : ('member' as const),
      name: names.get(r.beneficiaryId) ?? '',
      phone: m ? (canSeePhones(ctx) ? m.phone : maskPhone(m.phone)) : '',
      earnedFen: r.earnedFen,
      pendingFen: r.pendingFen,
      availableFen: r.availableFen,
      inPayoutFen: r.inPayoutFen,
      paidFen: r.paidFen,
    };
  });
}

const SORT = { earned: commissionBalances.earnedFen, available: commissionBalances.availableFen, pending: commissionBalances.pendingFen, paid: commissionBalances.paidFen } as const;

/** Every beneficiary's balances, largest first by the chosen figure. */
export async function listBalances(ctx: Ctx, q: z.infer<typeof ZListBalancesQuery>): Promise<Page<BalanceDto>> {
  requireRole(ctx, 'owner', 'operator');
  const col = SORT[q.sort];
  const conds: Array<SQL | undefined> = [eq(commissionBalances.tenantId, ctx.tenantId)];
  if (q.q) conds.push(sql`${commissionBalances.beneficiaryId} = any(${sql.param(await searchPartyIds(ctx, q.q))}::text[])`);
  if (q.cursor) {
    const [v, id] = decodeCursor(q.cursor, 2);
    conds.push(or(lt(col, Number(v)), and(eq(col, Number(v)), sql`${commissionBalances.beneficiaryId} > ${String(id)}`)));
  }
  const rows = await ctx.tx.select().from(commissionBalances).where(and(...conds)).orderBy(desc(col), asc(commissionBalances.beneficiaryId)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r[q.sort === 'earned' ? 'earnedFen' : q.sort === 'available' ? 'availableFen' : q.sort === 'pending' ? 'pendingFen' : 'paidFen'], r.beneficiaryId]);
  return { items: await labelBalances(ctx, page.items), nextCursor: page.nextCursor };
}

/** One person's balances (zero for someone who has earned nothing yet). */
export async function balanceOf(ctx: Ctx, beneficiaryId: string): Promise<BalanceDto> {
  const [row] = await ctx.tx.select().from(commissionBalances).where(and(eq(commissionBalances.tenantId, ctx.tenantId), eq(commissionBalances.beneficiaryId, beneficiaryId)));
  if (row) return (await labelBalances(ctx, [row]))[0]!;
  const members = await getMembersBasic(ctx, [beneficiaryId]);
  const users = await getUsersBasic(ctx, [beneficiaryId]);
  if (!members.has(beneficiaryId) && !users.has(beneficiaryId)) throw new AppError(DistributionErrors.not_a_beneficiary);
  return (await labelBalances(ctx, [{ tenantId: ctx.tenantId, beneficiaryId, updatedAt: new Date(), ...emptyBalance() }]))[0]!;
}

export async function getBalance(ctx: Ctx, beneficiaryId: string): Promise<BalanceDto> {
  requireRole(ctx, 'owner', 'operator');
  return balanceOf(ctx, beneficiaryId);
}

function stateOf(a: AccrualRow): StatementLineDto['state'] {
  if (a.clawedFen >= a.accruedFen) return 'reversed';
  return a.releasedAt ? 'available' : 'pending';
}

const STATE_SQL = {
  reversed: sql`${commissionAccruals.clawedFen} >= ${commissionAccruals.accruedFen}`,
  available: sql`${commissionAccruals.clawedFen} < ${commissionAccruals.accruedFen} and ${commissionAccruals.releasedAt} is not null`,
  pending: sql`${commissionAccruals.clawedFen} < ${commissionAccruals.accruedFen} and ${commissionAccruals.releasedAt} is null`,
};

async function statementLines(ctx: Ctx, rows: AccrualRow[]): Promise<StatementLineDto[]> {
  const orderIds = [...new Set(rows.map((r) => r.orderId))];
  const orders = await ordersByIds(ctx, orderIds);
  const lines = await loadLines(ctx, orderIds);
  const titles = await campaignTitles(ctx, [...orders.values()].map((o) => o.campaignId));
  const buyers = await getMembersBasic(ctx, [...orders.values()].map((o) => o.memberId));
  return rows.map((a) => {
    const o = orders.get(a.orderId);
    const l = (lines.get(a.orderId) ?? []).find((x) => x.id === a.orderLineId);
    const b = o ? buyers.get(o.memberId) : undefined;
    return {
      orderLineId: a.orderLineId,
      orderId: a.orderId,
      slot: a.slot,
      campaignTitle: o ? (titles.get(o.campaignId) ?? '') : '',
      itemTitle: l?.title ?? '',
      buyer: b ? maskedName(b) : '',
      orderStatus: o?.status ?? '',
      placedAt: o?.placedAt.toISOString() ?? '',
      method: a.method,
      rateBps: a.rateBps,
      fixedFen: a.fixedFen,
      baseFen: a.baseFen,
      lineTotalFen: l?.lineTotalFen ?? 0,
      refundedFen: l?.refundedFen ?? 0,
      accruedFen: a.accruedFen,
      clawedFen: a.clawedFen,
      netFen: a.accruedFen - a.clawedFen,
      state: stateOf(a),
      releaseDueAt: a.releaseDueAt?.toISOString() ?? null,
      releasedAt: a.releasedAt?.toISOString() ?? null,
      accruedAt: a.createdAt.toISOString(),
    };
  });
}

function accrualFilter(ctx: Ctx, beneficiaryId: string, q: Pick<z.infer<typeof ZStatementQuery>, 'from' | 'to' | 'state'>): SQL[] {
  const conds: SQL[] = [eq(commissionAccruals.tenantId, ctx.tenantId), eq(commissionAccruals.beneficiaryId, beneficiaryId)];
  if (q.from) conds.push(gte(commissionAccruals.createdAt, q.from));
  if (q.to) conds.push(lt(commissionAccruals.createdAt, q.to));
  if (q.state) conds.push(STATE_SQL[q.state]);
  return conds;
}

/**
 * Statement lines, newest order first (order line ids are time-ordered ULIDs, so the cursor is an
 * exact pair of strings, never a rounded timestamp).
 */
export async function statementPage(ctx: Ctx, beneficiaryId: string, q: z.infer<typeof ZStatementQuery>): Promise<Page<StatementLineDto>> {
  const conds = accrualFilter(ctx, beneficiaryId, q);
  if (q.cursor) {
    const [line, slot] = decodeCursor(q.cursor, 2);
    if (typeof line !== 'string' || typeof slot !== 'string') throw new AppError(CommonErrors.invalid_cursor, { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
    conds.push(sql`(${commissionAccruals.orderLineId}, ${commissionAccruals.slot}) < (${line}, ${slot})`);
  }
  const rows = await ctx.tx
    .select()
    .from(commissionAccruals)
    .where(and(...conds))
    .orderBy(desc(commissionAccruals.orderLineId), desc(commissionAccruals.slot))
    .limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.orderLineId, r.slot]);
  return { items: await statementLines(ctx, page.items), nextCursor: page.nextCursor };
}

/** Every statement line of a period, for exports. */
export async function* iterateStatement(ctx: Ctx, beneficiaryId: string, q: Pick<z.infer<typeof ZStatementQuery>, 'from' | 'to' | 'state'>): AsyncGenerator<StatementLineDto[]> {
  let cursor: string | undefined;
  do {
    const page = await statementPage(ctx, beneficiaryId, { ...q, limit: 200, cursor });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function getStatement(ctx: Ctx, beneficiaryId: string, q: z.infer<typeof ZStatementQuery>): Promise<z.infer<typeof ZStatement>> {
  const self = ctx.actor.id === beneficiaryId;
  if (!self) requireRole(ctx, 'owner', 'operator');
  const beneficiary = await balanceOf(ctx, beneficiaryId);
  const [t] = await ctx.tx
    .select({ lines: sql<number>`count(*)::int`, accrued: sql<number>`coalesce(sum(${commissionAccruals.accruedFen}), 0)::int`, clawed: sql<number>`coalesce(sum(${commissionAccruals.clawedFen}), 0)::int` })
    .from(commissionAccruals)
    .where(and(...accrualFilter(ctx, beneficiaryId, q)));
  return {
    beneficiary,
    lines: await statementPage(ctx, beneficiaryId, q),
    totals: { lines: t!.lines, accruedFen: t!.accrued, clawedFen: t!.clawed, netFen: t!.accrued - t!.clawed },
  };
}

/** The journal, newest first, each entry with its postings. */
export async function listLedgerEntries(ctx: Ctx, q: z.infer<typeof ZListLedgerQuery>): Promise<Page<z.infer<typeof ZJournalEntry>>> {
  requireRole(ctx, 'owner', 'operator');
  const conds: Array<SQL | undefined> = [eq(journalEntries.tenantId, ctx.tenantId)];
  if (q.kind) conds.push(eq(journalEntries.kind, q.kind));
  if (q.orderId) conds.push(eq(journalEntries.orderId, q.orderId));
  if (q.beneficiaryId) conds.push(sql`exists (select 1 from journal_postings p where p.tenant_id = ${ctx.tenantId} and p.entry_id = "journal_entries"."id" and p.beneficiary_id = ${q.beneficiaryId})`);
  if (q.cursor) conds.push(lt(journalEntries.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(journalEntries).where(and(...conds)).orderBy(desc(journalEntries.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  const ids = page.items.map((r) => r.id);
  const postings = ids.length
    ? await ctx.tx
        .select()
        .from(journalPostings)
        .where(and(eq(journalPostings.tenantId, ctx.tenantId), sql`${journalPostings.entryId} = any(${sql.param(ids)}::text[])`))
        .orderBy(asc(journalPostings.entryId), asc(journalPostings.seq))
    : [];
  const names = await beneficiaryNames(ctx, [...postings.map((p) => p.beneficiaryId), ...page.items.filter((e) => e.actorType === 'user').map((e) => e.actorId)]);
  return {
    items: page.items.map((e) => ({
      id: e.id,
      kind: e.kind,
      orderId: e.orderId,
      payoutBatchId: e.payoutBatchId,
      memo: e.memo,
      actorType: e.actorType,
      actorId: e.actorId,
      actorName: e.actorType === 'user' ? (names.get(e.actorId) ?? '') : '',
      createdAt: e.createdAt.toISOString(),
      postings: postings.filter((p) => p.entryId === e.id).map((p) => ({ seq: p.seq, beneficiaryId: p.beneficiaryId, beneficiaryName: names.get(p.beneficiaryId) ?? '', account: p.account, amountFen: p.amountFen, orderId: p.orderId, orderLineId: p.orderLineId, slot: p.slot })),
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * 销售提点: commission by org unit (the campaign's unit) or by beneficiary over a period of
 * accrual, net of claw-backs, with the net sales behind it.
 */
export async function teamReport(ctx: Ctx, q: z.infer<typeof ZTeamReportQuery>): Promise<z.infer<typeof ZTeamReport>> {
  requireRole(ctx, 'owner', 'operator');
  const conds: SQL[] = [eq(commissionAccruals.tenantId, ctx.tenantId)];
  if (q.from) conds.push(gte(commissionAccruals.createdAt, q.from));
  if (q.to) conds.push(lt(commissionAccruals.createdAt, q.to));
  const key = q.groupBy === 'org_unit' ? sql<string>`coalesce(${commissionAccruals.orgUnitId}, '')` : sql<string>`${commissionAccruals.beneficiaryId}`;
  const net = (slot: string) => sql<number>`coalesce(sum(${commissionAccruals.accruedFen} - ${commissionAccruals.clawedFen}) filter (where ${commissionAccruals.slot} = ${slot}), 0)::int`;
  const rows = await ctx.tx
    .select({
      key,
      orders: sql<number>`count(distinct ${commissionAccruals.orderId})::int`,
      leaderFen: net('leader'),
      level1Fen: net('level1'),
      level2Fen: net('level2'),
    })
    .from(commissionAccruals)
    .where(and(...conds))
    .groupBy(key);
  // Net sales: each line once per group, however many slots earned on it.
  const sales = await ctx.tx.execute(sql`
    select k, coalesce(sum(net), 0)::int as net from (
      select distinct ${key} as k, ${commissionAccruals.orderLineId} as line, ${commissionAccruals.netBaseFen} as net
      from ${commissionAccruals} where ${and(...conds)}
    ) s group by k`);
  const salesBy = new Map(((sales as unknown as { rows: Array<{ k: string; net: number }> }).rows ?? []).map((r) => [r.k, Number(r.net)]));
  let labels = new Map<string, string>();
  if (q.groupBy === 'org_unit') {
    const units = await listOrgUnits(ctx);
    labels = new Map(units.map((u) => [u.id, u.name]));
  } else {
    labels = await beneficiaryNames(ctx, rows.map((r) => r.key));
  }
  const out = rows
    .map((r) => ({ key: r.key, label: r.key ? (labels.get(r.key) ?? r.key) : '', orders: r.orders, netSalesFen: salesBy.get(r.key) ?? 0, leaderFen: r.leaderFen, level1Fen: r.level1Fen, level2Fen: r.level2Fen, totalFen: r.leaderFen + r.level1Fen + r.level2Fen }))
    .sort((a, b) => b.totalFen - a.totalFen || a.key.localeCompare(b.key));
  // Totals count each order and each line once, however many people earned on it.
  const [whole] = await queryRows<{ orders: number; net: number }>(
    ctx.tx,
    sql`select count(distinct order_id)::int as orders, coalesce(sum(net), 0)::int as net from (
      select distinct ${commissionAccruals.orderId} as order_id, ${commissionAccruals.orderLineId} as line, ${commissionAccruals.netBaseFen} as net
      from ${commissionAccruals} where ${and(...conds)}) s`,
  );
  const sums = out.reduce((t, r) => ({ leaderFen: t.leaderFen + r.leaderFen, level1Fen: t.level1Fen + r.level1Fen, level2Fen: t.level2Fen + r.level2Fen, totalFen: t.totalFen + r.totalFen }), { leaderFen: 0, level1Fen: 0, level2Fen: 0, totalFen: 0 });
  const totals = { orders: whole?.orders ?? 0, netSalesFen: Number(whole?.net ?? 0), ...sums };
  return { groupBy: q.groupBy, rows: out, totals };
}

/** A member's or leader's own earnings: status, balances, invitations. */
export async function myEarnings(ctx: Ctx): Promise<z.infer<typeof ZMyEarnings>> {
  requireRole(ctx, 'member', 'leader');
  const settings = await getSettings(ctx);
  const d = ctx.actor.type === 'member' ? await distributorOf(ctx, ctx.actor.id) : null;
  const code = ctx.actor.type === 'member' ? ((await getMembersBasic(ctx, [ctx.actor.id])).get(ctx.actor.id)?.referralCode ?? null) : await staffCode(ctx, ctx.actor.id);
  const balance = (await balancesOf(ctx, [ctx.actor.id])).get(ctx.actor.id) ?? emptyBalance();
  const canEarn = ctx.actor.type === 'user' ? true : d?.status === 'approved' || (settings.membersEarn && d?.status !== 'suspended');
  return {
    distributor: d ? { status: d.status, realName: d.realName, payoutAccount: d.payoutAccount, decisionNote: d.decisionNote } : null,
    referralCode: code,
    balance,
    referredMembers: await invitedCount(ctx, ctx.actor.id),
    canEarn,
  };
}
