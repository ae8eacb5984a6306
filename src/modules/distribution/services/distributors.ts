import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { ensureMember, getMembersBasic, getUsersBasic, maskPhone, searchPartyIds } from '../../identity';
import { commissionBalances, distributors } from '../distribution.schema';
import { DISTRIBUTOR_ENTITY, DistributionErrors } from '../distribution.errors';
import type { ZApplyDistributorRequest, ZDistributor, ZInviteDistributorRequest, ZListDistributorsQuery } from '../distribution.validators';
import { emptyBalance, type Balance } from './ledger-engine';

export type DistributorDto = z.infer<typeof ZDistributor>;
type Row = typeof distributors.$inferSelect;

export async function balancesOf(ctx: Ctx, ids: string[]): Promise<Map<string, Balance>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select()
    .from(commissionBalances)
    .where(and(eq(commissionBalances.tenantId, ctx.tenantId), sql`${commissionBalances.beneficiaryId} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.beneficiaryId, { earnedFen: r.earnedFen, pendingFen: r.pendingFen, availableFen: r.availableFen, inPayoutFen: r.inPayoutFen, paidFen: r.paidFen }]));
}

async function toDtos(ctx: Ctx, rows: Row[]): Promise<DistributorDto[]> {
  const ids = rows.map((r) => r.memberId);
  const people = await getMembersBasic(ctx, ids);
  const balances = await balancesOf(ctx, ids);
  const staff = await getUsersBasic(ctx, rows.map((r) => r.decidedBy).filter((x): x is string => !!x));
  const showPhone = ctx.actor.role === 'owner' || ctx.actor.role === 'operator' || ctx.actor.type === 'member';
  return rows.map((r) => {
    const m = people.get(r.memberId);
    return {
      memberId: r.memberId,
      phone: m ? (showPhone ? m.phone : maskPhone(m.phone)) : '',
      name: m?.name ?? '',
      referralCode: m?.referralCode ?? null,
      status: r.status,
      origin: r.origin,
      realName: r.realName,
      reason: r.reason,
      payoutAccount: r.payoutAccount,
      decidedBy: r.decidedBy,
      decidedByName: r.decidedBy ? (staff.get(r.decidedBy)?.name ?? '') : '',
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      createdAt: r.createdAt.toISOString(),
      balance: balances.get(r.memberId) ?? emptyBalance(),
    };
  });
}

export async function distributorOf(ctx: Ctx, memberId: string): Promise<Row | null> {
  const [row] = await ctx.tx.select().from(distributors).where(and(eq(distributors.tenantId, ctx.tenantId), eq(distributors.memberId, memberId)));
  return row ?? null;
}

/** A member applies to sell for the brand; an operator decides. */
export async function applyDistributor(ctx: Ctx, input: z.infer<typeof ZApplyDistributorRequest>): Promise<DistributorDto> {
  requireRole(ctx, 'member');
  return inTransaction(ctx, async (ctx) => {
    const existing = await distributorOf(ctx, ctx.actor.id);
    if (existing && existing.status !== 'rejected') throw new AppError(DistributionErrors.already_distributor, { params: { status: existing.status } });
    const values = { status: 'applied' as const, realName: input.realName, reason: input.reason, payoutAccount: input.payoutAccount, origin: 'application' as const, decidedBy: null, decidedAt: null, decisionNote: '', updatedAt: new Date() };
    const [row] = await ctx.tx
      .insert(distributors)
      .values({ tenantId: ctx.tenantId, memberId: ctx.actor.id, ...values })
      .onConflictDoUpdate({ target: [distributors.tenantId, distributors.memberId], set: values })
      .returning();
    await audit(ctx, { action: 'distributor.applied', entityType: 'distributor', entityId: ctx.actor.id, data: { realName: input.realName } });
    return (await toDtos(ctx, [row!]))[0]!;
  });
}

/** A distributor keeps their own name and payout account current (audited: payouts go there). */
export async function updateMyDistributorProfile(ctx: Ctx, input: { realName?: string | undefined; payoutAccount?: string | undefined }): Promise<DistributorDto> {
  requireRole(ctx, 'member');
  return inTransaction(ctx, async (ctx) => {
    const before = await distributorOf(ctx, ctx.actor.id);
    if (!before) throw notFound(DISTRIBUTOR_ENTITY);
    const set = { ...(input.realName !== undefined ? { realName: input.realName } : {}), ...(input.payoutAccount !== undefined ? { payoutAccount: input.payoutAccount } : {}), updatedAt: new Date() };
    const [row] = await ctx.tx.update(distributors).set(set).where(and(eq(distributors.tenantId, ctx.tenantId), eq(distributors.memberId, ctx.actor.id))).returning();
    await audit(ctx, { action: 'distributor.profile_updated', entityType: 'distributor', entityId: ctx.actor.id, data: { before: { realName: before.realName, payoutAccount: before.payoutAccount }, after: { realName: row!.realName, payoutAccount: row!.payoutAccount } } });
    return (await toDtos(ctx, [row!]))[0]!;
  });
}

/** An operator invites a member (registering the phone if new): approved at once. */
export async function inviteDistributor(ctx: Ctx, input: z.infer<typeof ZInviteDistributorRequest>): Promise<DistributorDto> {
  requireRole(ctx, 'owner', 'operator');
  return inTransaction(ctx, async (ctx) => {
    const member = await ensureMember(ctx, { phone: input.phone, name: input.realName, source: 'distributor_invitation' });
    const existing = await distributorOf(ctx, member.id);
    if (existing && (existing.status === 'approved' || existing.status === 'applied')) throw new AppError(DistributionErrors.already_distributor, { params: { status: existing.status } });
    const values = { status: 'approved' as const, realName: input.realName, payoutAccount: input.payoutAccount, origin: 'invitation' as const, decidedBy: ctx.actor.id, decidedAt: new Date(), decisionNote: input.note, updatedAt: new Date() };
    const [row] = await ctx.tx
      .insert(distributors)
      .values({ tenantId: ctx.tenantId, memberId: member.id, ...values })
      .onConflictDoUpdate({ target: [distributors.tenantId, distributors.memberId], set: values })
      .returning();
    await audit(ctx, { action: 'distributor.invited', entityType: 'distributor', entityId: member.id, data: { phone: input.phone } });
    return (await toDtos(ctx, [row!]))[0]!;
  });
}

const DECISIONS = {
  approve: { from: ['applied'], to: 'approved' },
  reject: { from: ['applied'], to: 'rejected' },
  suspend: { from: ['approved'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'approved' },
} as const;
export type Decision = keyof typeof DECISIONS;

/** Approve or reject an application; suspend or reinstate a distributor. Audited with the note. */
export async function decideDistributor(ctx: Ctx, memberId: string, action: Decision, note: string): Promise<DistributorDto> {
  requireRole(ctx, 'owner', 'operator');
  return inTransaction(ctx, async (ctx) => {
    const [row] = await ctx.tx.select().from(distributors).where(and(eq(distributors.tenantId, ctx.tenantId), eq(distributors.memberId, memberId))).for('update');
    if (!row) throw notFound(DISTRIBUTOR_ENTITY);
    const d = DECISIONS[action];
    if (!(d.from as readonly string[]).includes(row.status)) throw new AppError(DistributionErrors.invalid_decision, { params: { status: row.status, action } });
    const [after] = await ctx.tx
      .update(distributors)
      .set({ status: d.to, decidedBy: ctx.actor.id, decidedAt: new Date(), decisionNote: note, updatedAt: new Date() })
      .where(and(eq(distributors.tenantId, ctx.tenantId), eq(distributors.memberId, memberId)))
      .returning();
    await audit(ctx, { action: `distributor.${action}`, entityType: 'distributor', entityId: memberId, data: { from: row.status, to: d.to, note } });
    return (await toDtos(ctx, [after!]))[0]!;
  });
}

export async function listDistributors(ctx: Ctx, q: z.infer<typeof ZListDistributorsQuery>): Promise<Page<DistributorDto>> {
  requireRole(ctx, 'owner', 'operator');
  const conds = [eq(distributors.tenantId, ctx.tenantId)];
  if (q.status) conds.push(eq(distributors.status, q.status));
  if (q.q) {
    const ids = await searchPartyIds(ctx, q.q);
    conds.push(sql`${distributors.memberId} = any(${sql.param(ids)}::text[])`);
  }
  if (q.cursor) conds.push(gt(distributors.memberId, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(distributors).where(and(...conds)).orderBy(asc(distributors.memberId)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.memberId]);
  return { items: await toDtos(ctx, page.items), nextCursor: page.nextCursor };
}

/** Erasure: a distributor record keeps its status and earnings, without the real name or payout account. */
export async function pseudonymiseDistributors(ctx: Ctx, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await ctx.tx
    .update(distributors)
    .set({ realName: '', payoutAccount: '', reason: '', updatedAt: new Date() })
    .where(and(eq(distributors.tenantId, ctx.tenantId), sql`${distributors.memberId} = any(${sql.param(memberIds)}::text[])`));
}
