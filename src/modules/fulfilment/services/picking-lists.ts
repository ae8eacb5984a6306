import ExcelJS from 'exceljs';
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { campaignTitles } from '../../campaigns';
import { pickupPointsByIds, type PickupPointDto } from '../../community';
import { getMembersBasic, maskPhone, maskedName } from '../../identity';
import { loadLines, ordersByIds } from '../../orders';
import { pickingListOrders, pickingLists, pickupCodes, shortages } from '../fulfilment.schema';
import { listFor, visibleLists, type PickingListRow } from './access';

export interface PickingListSummary {
  id: string;
  campaignId: string;
  campaignTitle: string;
  pickupPointId: string;
  pickupPointName: string;
  pickupPointAddress: string;
  leaderId: string;
  leaderName: string;
  status: PickingListRow['status'];
  orderCount: number;
  unitCount: number;
  createdAt: string;
  dispatchedAt: string | null;
  arrivedAt: string | null;
  note: string;
}

async function summaries(ctx: Ctx, rows: PickingListRow[]): Promise<PickingListSummary[]> {
  const ids = rows.map((r) => r.id);
  const counts = new Map<string, { orders: number; units: number }>();
  if (ids.length) {
    const orderRows = await ctx.tx.select().from(pickingListOrders).where(and(eq(pickingListOrders.tenantId, ctx.tenantId), sql`${pickingListOrders.listId} = any(${sql.param(ids)}::text[])`));
    const lines = await loadLines(ctx, orderRows.map((o) => o.orderId));
    const orders = await ordersByIds(ctx, orderRows.map((o) => o.orderId));
    for (const o of orderRows) {
      const c = counts.get(o.listId) ?? { orders: 0, units: 0 };
      if (orders.get(o.orderId)?.status !== 'refunded') c.orders++;
      c.units += (lines.get(o.orderId) ?? []).reduce((s, l) => s + l.quantity - l.refundedQuantity, 0);
      counts.set(o.listId, c);
    }
  }
  const points = await pickupPointsByIds(ctx, rows.map((r) => r.pickupPointId));
  const titles = await campaignTitles(ctx, rows.map((r) => r.campaignId));
  return rows.map((r) => {
    const p = points.get(r.pickupPointId);
    return {
      id: r.id,
      campaignId: r.campaignId,
      campaignTitle: titles.get(r.campaignId) ?? '',
      pickupPointId: r.pickupPointId,
      pickupPointName: p?.name ?? '',
      pickupPointAddress: p?.address ?? '',
      leaderId: r.leaderId,
      leaderName: p?.leaderName ?? '',
      status: r.status,
      orderCount: counts.get(r.id)?.orders ?? 0,
      unitCount: counts.get(r.id)?.units ?? 0,
      createdAt: r.createdAt.toISOString(),
      dispatchedAt: r.dispatchedAt?.toISOString() ?? null,
      arrivedAt: r.arrivedAt?.toISOString() ?? null,
      note: r.note,
    };
  });
}

/**
 * Puts orders on their points' open lists (making a list where there is none), in the caller's
 * transaction. Answers the lists touched.
 */
export async function addToLists(ctx: Ctx, campaignId: string, orders: Array<{ id: string; pickupPointId: string }>, points: Map<string, PickupPointDto>): Promise<string[]> {
  const byPoint = new Map<string, string[]>();
  for (const o of orders) byPoint.set(o.pickupPointId, [...(byPoint.get(o.pickupPointId) ?? []), o.id]);
  const touched: string[] = [];
  for (const [pointId, orderIds] of byPoint) {
    const point = points.get(pointId)!;
    const created = await ctx.tx
      .insert(pickingLists)
      .values({ tenantId: ctx.tenantId, id: newId('pickingList'), campaignId, pickupPointId: pointId, leaderId: point.leaderId, orgUnitId: point.orgUnitId, createdBy: ctx.actor.id })
      .onConflictDoNothing()
      .returning();
    const [list] = created.length ? created : await ctx.tx.select().from(pickingLists).where(and(eq(pickingLists.tenantId, ctx.tenantId), eq(pickingLists.campaignId, campaignId), eq(pickingLists.pickupPointId, pointId), eq(pickingLists.status, 'open'))).for('update');
    await ctx.tx.insert(pickingListOrders).values(orderIds.map((orderId) => ({ tenantId: ctx.tenantId, orderId, listId: list!.id }))).onConflictDoNothing();
    if (created.length) await emit(ctx, 'picking_list.created', { listId: list!.id, campaignId, pickupPointId: pointId, orders: orderIds.length });
    touched.push(list!.id);
  }
  return touched;
}

/** Which of these orders are already on a list. */
export async function ordersOnLists(ctx: Ctx, orderIds: string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await ctx.tx.select({ id: pickingListOrders.orderId }).from(pickingListOrders).where(and(eq(pickingListOrders.tenantId, ctx.tenantId), sql`${pickingListOrders.orderId} = any(${sql.param(orderIds)}::text[])`));
  return new Set(rows.map((r) => r.id));
}

export async function orderIdsOfList(ctx: Ctx, listId: string): Promise<string[]> {
  const rows = await ctx.tx.select({ id: pickingListOrders.orderId }).from(pickingListOrders).where(and(eq(pickingListOrders.tenantId, ctx.tenantId), eq(pickingListOrders.listId, listId))).orderBy(asc(pickingListOrders.orderId));
  return rows.map((r) => r.id);
}

export async function listPickingLists(ctx: Ctx, q: { limit: number; cursor?: string | undefined; campaignId?: string | undefined; status?: PickingListRow['status'] | undefined; pickupPointId?: string | undefined }): Promise<Page<PickingListSummary>> {
  const conds = [visibleLists(ctx)];
  if (q.campaignId) conds.push(eq(pickingLists.campaignId, q.campaignId));
  if (q.status) conds.push(eq(pickingLists.status, q.status));
  if (q.pickupPointId) conds.push(eq(pickingLists.pickupPointId, q.pickupPointId));
  if (q.cursor) conds.push(lt(pickingLists.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(pickingLists).where(and(...conds)).orderBy(desc(pickingLists.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await summaries(ctx, page.items), nextCursor: page.nextCursor };
}

export interface PickingListDetail extends PickingListSummary {
  bySku: Array<{ skuId: string; title: string; specs: Record<string, string>; quantity: number; shortQuantity: number }>;
  byMember: Array<{
    orderId: string;
    memberName: string;
    phoneTail: string;
    phone: string;
    status: string;
    items: Array<{ lineId: string; title: string; specs: Record<string, string>; quantity: number; refundedQuantity: number }>;
    pickupCodeIssued: boolean;
    collectedAt: string | null;
  }>;
  shortages: Array<{ orderId: string; orderLineId: string; title: string; quantity: number; stage: 'dispatch' | 'arrival'; createdAt: string }>;
}

/** A list with what to pick per SKU and per member (the bag labels), and its shortages. */
export async function getPickingList(ctx: Ctx, id: string): Promise<PickingListDetail> {
  const list = await listFor(ctx, id);
  const [summary] = await summaries(ctx, [list]);
  const orderIds = await orderIdsOfList(ctx, id);
  const orders = await ordersByIds(ctx, orderIds);
  const lines = await loadLines(ctx, orderIds);
  const people = await getMembersBasic(ctx, [...orders.values()].map((o) => o.memberId));
  const codes = orderIds.length ? await ctx.tx.select().from(pickupCodes).where(and(eq(pickupCodes.tenantId, ctx.tenantId), sql`${pickupCodes.orderId} = any(${sql.param(orderIds)}::text[])`)) : [];
  const codeOf = new Map(codes.map((c) => [c.orderId, c]));
  const short = await ctx.tx.select().from(shortages).where(and(eq(shortages.tenantId, ctx.tenantId), eq(shortages.listId, id))).orderBy(asc(shortages.createdAt));
  const bySku = new Map<string, PickingListDetail['bySku'][number]>();
  const lineTitle = new Map<string, string>();
  for (const ls of lines.values()) {
    for (const l of ls) {
      lineTitle.set(l.id, l.title);
      const e = bySku.get(l.skuId) ?? { skuId: l.skuId, title: l.title, specs: l.specs, quantity: 0, shortQuantity: 0 };
      e.quantity += l.quantity - l.refundedQuantity;
      bySku.set(l.skuId, e);
    }
  }
  for (const s of short) {
    const line = [...lines.values()].flat().find((l) => l.id === s.orderLineId);
    if (line) bySku.get(line.skuId)!.shortQuantity += s.quantity;
  }
  const fullPhone = ctx.actor.role === 'owner' || ctx.actor.role === 'system';
  return {
    ...summary!,
    bySku: [...bySku.values()].sort((a, b) => a.title.localeCompare(b.title, 'zh-CN')),
    byMember: orderIds.map((oid) => {
      const o = orders.get(oid)!;
      const m = people.get(o.memberId) ?? { name: '', phone: '', contactShared: false };
      const code = codeOf.get(oid);
      return {
        orderId: oid,
        memberName: ctx.actor.role === 'leader' && !m.contactShared ? maskedName(m) : m.name,
        phoneTail: m.phone.slice(-4),
        phone: fullPhone ? m.phone : maskPhone(m.phone),
        status: o.status,
        items: (lines.get(oid) ?? []).map((l) => ({ lineId: l.id, title: l.title, specs: l.specs, quantity: l.quantity, refundedQuantity: l.refundedQuantity })),
        pickupCodeIssued: !!code,
        collectedAt: code?.usedAt?.toISOString() ?? null,
      };
    }),
    shortages: short.map((s) => ({ orderId: s.orderId, orderLineId: s.orderLineId, title: lineTitle.get(s.orderLineId) ?? '', quantity: s.quantity, stage: s.stage, createdAt: s.createdAt.toISOString() })),
  };
}

/** The list as a workbook: one sheet per SKU totals, one per member (bag labels), for the warehouse. */
export async function pickingListWorkbook(ctx: Ctx, id: string): Promise<{ wb: ExcelJS.Workbook; name: string }> {
  const d = await getPickingList(ctx, id);
  const wb = new ExcelJS.Workbook();
  const head = [`${d.campaignTitle} · ${d.pickupPointName}`, d.pickupPointAddress, `团长 ${d.leaderName}`, `${d.orderCount} 单 / ${d.unitCount} 件`];
  const sku = wb.addWorksheet('按商品 By SKU');
  sku.addRow([head.join('  ')]);
  sku.addRow(['商品 Item', '规格 Specs', '数量 Qty', '缺货 Short']).font = { bold: true };
  for (const s of d.bySku) sku.addRow([s.title, Object.entries(s.specs).map(([k, v]) => `${k}:${v}`).join(' '), s.quantity, s.shortQuantity || '']);
  sku.columns = [{ width: 34 }, { width: 24 }, { width: 10 }, { width: 10 }];
  const mem = wb.addWorksheet('按会员 By member');
  mem.addRow([head.join('  ')]);
  mem.addRow(['订单 Order', '会员 Member', '手机尾号 Phone', '商品 Items', '状态 Status']).font = { bold: true };
  for (const m of d.byMember) mem.addRow([m.orderId, m.memberName, m.phoneTail, m.items.filter((i) => i.quantity > i.refundedQuantity).map((i) => `${i.title}×${i.quantity - i.refundedQuantity}`).join('；'), m.status]);
  mem.columns = [{ width: 32 }, { width: 14 }, { width: 12 }, { width: 48 }, { width: 16 }];
  return { wb, name: `picking-list-${d.id}` };
}

export { listFor };

/** A list moves on: the warehouse sent it (with a note), or its leader confirmed it arrived. */
export async function markList(ctx: Ctx, listId: string, to: 'dispatched' | 'arrived', note = ''): Promise<void> {
  const set = to === 'dispatched' ? { status: to, dispatchedBy: ctx.actor.id, dispatchedAt: new Date(), note } : { status: to, arrivedBy: ctx.actor.id, arrivedAt: new Date() };
  await ctx.tx.update(pickingLists).set(set).where(and(eq(pickingLists.tenantId, ctx.tenantId), eq(pickingLists.id, listId)));
}

/** Records an order's short lines on a list, with the refund that paid them back. */
export async function recordShortages(ctx: Ctx, listId: string, orderId: string, lines: Array<{ orderLineId: string; quantity: number }>, stage: 'dispatch' | 'arrival', refundId: string): Promise<void> {
  await ctx.tx.insert(shortages).values(lines.map((s) => ({ tenantId: ctx.tenantId, id: newId('shortage'), listId, orderId, orderLineId: s.orderLineId, quantity: s.quantity, stage, refundId, reportedBy: ctx.actor.id })));
}
