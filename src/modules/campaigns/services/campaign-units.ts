import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { CampaignErrors } from '../campaigns.errors';
import { campaignItems, campaignMemberUnits } from '../campaigns.schema';
import type { ItemRow } from './campaign-dto';
import { arrayParam, type Write } from '../../../platform/db';

export interface UnitLine {
  itemId: string;
  quantity: number;
}

function merged(lines: UnitLine[]): UnitLine[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.itemId, (m.get(l.itemId) ?? 0) + l.quantity);
  // Fixed lock order across baskets: by item id.
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([itemId, quantity]) => ({ itemId, quantity }));
}

const itemKey = (ctx: Ctx, itemId: string) => and(eq(campaignItems.tenantId, ctx.tenantId), eq(campaignItems.id, itemId));

/**
 * Counts units against each member's per-item limit, across all their live orders. One upsert per
 * item: concurrent requests from one member serialise on their own row, never on anyone else's.
 */
export async function holdMemberUnits(ctx: Ctx, memberId: string, items: Map<string, ItemRow>, lines: UnitLine[]): Promise<void> {
  const held: UnitLine[] = [];
  try {
    await holdEach(ctx, memberId, items, merged(lines), held);
  } catch (e) {
    // All or nothing for one order: give back what this call took before the limit it hit.
    await releaseMemberUnits(ctx, memberId, held);
    throw e;
  }
}

async function holdEach(ctx: Ctx, memberId: string, items: Map<string, ItemRow>, lines: UnitLine[], held: UnitLine[]): Promise<void> {
  for (const line of lines) {
    const item = items.get(line.itemId)!;
    const limit = item.perMemberLimit;
    if (limit === null) continue;
    const fail = async () => {
      const [held] = await ctx.tx
        .select({ q: campaignMemberUnits.quantity })
        .from(campaignMemberUnits)
        .where(and(eq(campaignMemberUnits.tenantId, ctx.tenantId), eq(campaignMemberUnits.campaignItemId, line.itemId), eq(campaignMemberUnits.memberId, memberId)));
      const remaining = Math.max(0, limit - (held?.q ?? 0));
      return new AppError(CampaignErrors.limit_exceeded, { params: { item: item.title, limit, remaining } });
    };
    if (line.quantity > limit) throw await fail();
    const [row] = await ctx.tx
      .insert(campaignMemberUnits)
      .values({ tenantId: ctx.tenantId, campaignItemId: line.itemId, memberId, quantity: line.quantity })
      .onConflictDoUpdate({
        target: [campaignMemberUnits.tenantId, campaignMemberUnits.campaignItemId, campaignMemberUnits.memberId],
        set: { quantity: sql`${campaignMemberUnits.quantity} + ${line.quantity}` },
        setWhere: sql`${campaignMemberUnits.quantity} + ${line.quantity} <= ${limit}`,
      })
      .returning({ q: campaignMemberUnits.quantity });
    if (!row) throw await fail();
    held.push(line);
  }
}

/** Gives back units counted against a member's limits (cancel, expiry, refund). */
export async function releaseMemberUnits(ctx: Ctx, memberId: string, lines: UnitLine[]): Promise<void> {
  for (const line of merged(lines)) {
    await ctx.tx
      .update(campaignMemberUnits)
      .set({ quantity: sql`greatest(${campaignMemberUnits.quantity} - ${line.quantity}, 0)` })
      .where(and(eq(campaignMemberUnits.tenantId, ctx.tenantId), eq(campaignMemberUnits.campaignItemId, line.itemId), eq(campaignMemberUnits.memberId, memberId)));
  }
}

/** Locks the campaign items a batch of sales needs, in id order; their cap, reserved and sold. */
export async function lockItemsForSale(ctx: Ctx, itemIds: string[]): Promise<Map<string, { cap: number; reserved: number; sold: number }>> {
  const ids = [...new Set(itemIds)].sort();
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: campaignItems.id, cap: campaignItems.cap, reserved: campaignItems.reserved, sold: campaignItems.sold })
    .from(campaignItems)
    .where(and(eq(campaignItems.tenantId, ctx.tenantId), sql`${campaignItems.id} = any(${sql.param(ids)}::text[])`))
    .orderBy(campaignItems.id)
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Holds units of campaign items for unpaid orders: one conditional UPDATE for all the items of a
 * batch, each by the batch's total, so reserved + sold never passes the cap (a check constraint says
 * so too). Built, not run: it goes with the batch's other writes (`runTogether`), counted; a count
 * short of the items given means an item would pass its cap, and the caller rolls the batch back.
 * Items are updated in id order (the order every batch locks them in). Each item is found by its
 * whole key, tenant included, taken from the arrays: one index lookup per item whatever the
 * statistics say (with the tenant as a constant, a tenant the statistics had not seen yet looked
 * like one row, and every batch read all of its items).
 */
export function reserveUnitsWrite(ctx: Ctx, totals: Map<string, number>): { write: Write; expected: number } {
  const rows = [...totals.entries()].filter(([, q]) => q > 0).sort(([a], [b]) => (a < b ? -1 : 1));
  if (rows.length === 0) return { write: null, expected: 0 };
  return {
    write: {
      sql: sql`update campaign_items ci set reserved = ci.reserved + v.q
        from unnest(${arrayParam(ctx.tx, 'text', rows.map(() => ctx.tenantId))}, ${arrayParam(ctx.tx, 'text', rows.map(([id]) => id))}, ${arrayParam(ctx.tx, 'int', rows.map(([, q]) => q))}) as v(tenant_id, id, q)
        where ci.tenant_id = v.tenant_id and ci.id = v.id and ci.reserved + ci.sold + v.q <= ci.cap
        returning ci.id, ci.cap, ci.reserved, ci.sold`,
      counted: true,
    },
    expected: rows.length,
  };
}

/** Moves held units to sold when an order is paid. */
export async function confirmUnits(ctx: Ctx, lines: UnitLine[]): Promise<void> {
  for (const line of merged(lines)) {
    await ctx.tx
      .update(campaignItems)
      .set({ reserved: sql`${campaignItems.reserved} - ${line.quantity}`, sold: sql`${campaignItems.sold} + ${line.quantity}` })
      .where(itemKey(ctx, line.itemId));
  }
}

/** Frees units: held ones when an unpaid order ends, sold ones when a paid order is refunded. */
export async function releaseUnits(ctx: Ctx, lines: UnitLine[], from: 'reserved' | 'sold'): Promise<void> {
  const col = from === 'reserved' ? campaignItems.reserved : campaignItems.sold;
  for (const line of merged(lines)) {
    if (line.quantity <= 0) continue;
    await ctx.tx
      .update(campaignItems)
      .set({ [from]: sql`${col} - ${line.quantity}` })
      .where(itemKey(ctx, line.itemId));
  }
}

/** Units a member holds of some items across their live orders (what counts against their limits). */
export async function memberHeldUnits(ctx: Ctx, memberId: string, itemIds: string[]): Promise<Map<string, number>> {
  const out = new Map(itemIds.map((id) => [id, 0]));
  if (itemIds.length === 0) return out;
  const rows = await ctx.tx
    .select({ itemId: campaignMemberUnits.campaignItemId, q: campaignMemberUnits.quantity })
    .from(campaignMemberUnits)
    .where(and(eq(campaignMemberUnits.tenantId, ctx.tenantId), eq(campaignMemberUnits.memberId, memberId), sql`${campaignMemberUnits.campaignItemId} = any(${sql.param(itemIds)}::text[])`));
  for (const r of rows) out.set(r.itemId, r.q);
  return out;
}
