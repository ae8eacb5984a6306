import { AppError, CommonErrors } from '../platform/errors';
import { eventsWrite } from '../platform/events';
import { claimKeys, completeKeysWrite, hashRequest, releaseKeys, type IdempotentResult } from '../platform/idempotency';
import { inTransaction, isRetryableDbError, requireRole, type BaseCtx, type Ctx } from '../platform/context';
import { runTogether, type Db } from '../platform/db';
import { noteRowsAdded } from '../platform/table-stats';
import { CampaignErrors, holdMemberUnits, loadSaleContexts, lockItemsForSale, releaseMemberUnits, reserveUnitsWrite, saleStillValidWrite, type SaleContext } from '../modules/campaigns';
import { getMembersBasic } from '../modules/identity';
import { lockStockForSale, stockOf, takeStockWrite } from '../modules/inventory';
import { attributionWrite } from '../modules/distribution';
import { checkPlacements } from '../modules/community';
import { memberUnitPrice, tierPriceKey, tierPricesOf } from '../modules/catalog';
import { newOrderWrites, OrderErrors, orderSummaryDto, type OrderDto, type PlaceOrderRequest } from '../modules/orders';

/**
 * Placing orders, batched. Each caller still gets its own answer, exactly as if its order had
 * been placed alone; underneath, requests of one tenant queue in this process and each batch is
 * one short transaction (a few run at once, overlapping everything but the hot rows):
 *
 * 1. idempotency keys (a duplicate waits for the first and replays its answer);
 * 2. checks per request: campaign live, items in it, fulfilment offered, address;
 * 3. each member's per-item limits (their own rows: never contended by others);
 * 4. allocation, first come first served, against the items' caps and the warehouse stock read
 *    without locks, at the tier price where the member's tier has a lower one;
 * 5. every write of the batch in ONE statement (`runTogether`): first the hot rows — each item
 *    and stock row updated once by the batch's total, on condition that it still fits — then the
 *    winners' orders, lines, timelines, attribution, `order.placed` events and stored answers. If a
 *    row did not fit (another process took units since the read), the batch rolls back and reruns
 *    with the locks taken first, which cannot move.
 *
 * Campaigns and stock levels may come from this process's cache (see `SaleCache`); the statement
 * checks them. So a hot SKU's row lock is held for one statement and the commit per batch, not per order, and a
 * batch costs the same few round trips whether it holds one order or two hundred, over one SKU or a
 * thousand. A batch that fails as a whole (a database error) fails each of its requests, and rolls
 * back completely: no half-order, no stock held.
 */
export async function placeOrderFlow(ctx: Ctx, input: PlaceOrderRequest, idempotencyKey: string): Promise<IdempotentResult<OrderDto>> {
  requireRole(ctx, 'member');
  const entry: Entry = { ctx, input, key: idempotencyKey };
  // Inside a caller's transaction (seeding, a larger flow) the order is placed in it, alone.
  if (ctx.inTx) return unwrap((await runBatch(ctx, [entry], { lockFirst: false, fresh: true }))[0]!);
  return new Promise((resolve, reject) => enqueue({ ...entry, resolve, reject }));
}

interface Entry {
  ctx: Ctx;
  input: PlaceOrderRequest;
  key: string;
}
interface Pending extends Entry {
  resolve(r: IdempotentResult<OrderDto>): void;
  reject(e: unknown): void;
}
type Outcome = { ok: true; result: IdempotentResult<OrderDto> } | { ok: false; error: unknown };

const MAX_BATCH = 256;
/**
 * Batches of one tenant that may run at once. They overlap everything but the hot rows, which
 * each takes last and briefly; one at a time would leave the database idle between batches.
 */
const PARALLEL_BATCHES = 2;
type Queue = { items: Pending[]; running: number };
const queues = new WeakMap<Db, Map<string, Queue>>();

function unwrap(o: Outcome): IdempotentResult<OrderDto> {
  if (o.ok) return o.result;
  throw o.error;
}

function enqueue(p: Pending): void {
  let byCampaign = queues.get(p.ctx.db);
  if (!byCampaign) queues.set(p.ctx.db, (byCampaign = new Map()));
  // One queue per tenant: a batch may hold orders of many campaigns, so spread load batches too.
  const qk = p.ctx.tenantId;
  let q = byCampaign.get(qk);
  if (!q) byCampaign.set(qk, (q = { items: [], running: 0 }));
  q.items.push(p);
  if (q.running < PARALLEL_BATCHES) void drain(byCampaign, qk, q);
}

/** Runs a tenant's batches; requests arriving meanwhile form the next batch. */
async function drain(byCampaign: Map<string, Queue>, qk: string, q: Queue): Promise<void> {
  q.running++;
  try {
    while (q.items.length) {
      // Let the requests of this event-loop turn join first: the callers answered by the last batch
      // send their next orders in the turn after it, and a batch started on the first of them alone
      // costs the whole batch's round trips for one order (measured: batches alternated between 1
      // and 63 orders under 64 steady callers).
      if (q.items.length < MAX_BATCH) await new Promise((r) => setImmediate(r));
      const batch = q.items.splice(0, MAX_BATCH);
      let outcomes: Outcome[];
      try {
        outcomes = await runWithRetry(batch[0]!.ctx, batch);
      } catch (error) {
        // A batch that failed as a whole is retried one request at a time, so one bad request
        // (a database error it alone causes) cannot fail the others queued with it.
        outcomes = batch.length === 1 ? [{ ok: false, error }] : await Promise.all(batch.map((e) => runWithRetry(e.ctx, [e]).then((o) => o[0]!, (err: unknown) => ({ ok: false as const, error: err }))));
      }
      outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.result) : batch[i]!.reject(o.error)));
    }
  } finally {
    q.running--;
    if (q.running === 0 && q.items.length === 0) byCampaign.delete(qk);
  }
}

/** Another process took units of a hot row after our allocation read it. */
class AllocationMoved extends Error {}
/** A campaign read from this process's cache changed (edited, closed) before the sale's write. */
class SaleMoved extends Error {}
/** Units looked short by what this process had cached: read them afresh before saying sold out. */
class StaleRead extends Error {}

/** What checkout batching did in this process (for tests and for measuring). */
export const checkoutBatchStats = { batches: 0, reruns: 0, refreshes: 0 };

function isRetryable(e: unknown): boolean {
  return e instanceof AllocationMoved || e instanceof SaleMoved || isRetryableDbError(e);
}

interface Mode {
  /** Lock the hot rows before allocating (a rerun: cannot move). */
  lockFirst: boolean;
  /** Read campaigns and stock from the database, not from this process's cache. */
  fresh: boolean;
}

async function runWithRetry(base: BaseCtx, batch: Entry[]): Promise<Outcome[]> {
  checkoutBatchStats.batches++;
  let mode: Mode = { lockFirst: false, fresh: false };
  for (;;) {
    try {
      return await runBatch(base, batch, mode);
    } catch (e) {
      if (e instanceof StaleRead && !mode.fresh) {
        checkoutBatchStats.refreshes++;
        mode = { lockFirst: false, fresh: true };
        continue;
      }
      if (!isRetryable(e) || mode.lockFirst) throw e;
      checkoutBatchStats.reruns++;
      // Another process moved the hot rows between our read and our write, a campaign changed, or
      // a deadlock was broken: run again from fresh reads, with the locks taken before allocating.
      mode = { lockFirst: true, fresh: true };
    }
  }
}

/**
 * Campaigns (with their items) and stock levels this process read lately, so a batch need not read
 * them again: three statements of a batch's nine, on a flash sale's campaign that every batch sells
 * from. Never trusted for what is written: the sale's write checks each
 * cached campaign is still live at the version read (`saleStillValidWrite`), and the hot rows'
 * conditional updates check the units; units that look short by the cache are read afresh before
 * anyone is told "sold out". The hot rows' updates return their new values, which refresh the cache.
 */
interface SaleCache {
  sales: Map<string, { sale: SaleContext; at: number }>;
  stock: Map<string, { onHand: number; at: number }>;
}
const SALE_CACHE_MS = 5_000;
const SALE_CACHE_MAX = 10_000;
const saleCaches = new WeakMap<Db, SaleCache>();

function saleCacheOf(db: Db): SaleCache {
  let c = saleCaches.get(db);
  if (!c) saleCaches.set(db, (c = { sales: new Map(), stock: new Map() }));
  if (c.sales.size > SALE_CACHE_MAX) c.sales.clear();
  if (c.stock.size > SALE_CACHE_MAX) c.stock.clear();
  return c;
}

interface Candidate {
  i: number;
  ctx: Ctx;
  input: PlaceOrderRequest;
  key: string;
  sale: SaleContext;
  lines: Array<{ itemId: string; skuId: string; quantity: number }>;
  pickupLeaderId?: string | null;
}

async function runBatch(base: BaseCtx, batch: Entry[], mode: Mode): Promise<Outcome[]> {
  const { lockFirst } = mode;
  const cache = saleCacheOf(base.db);
  const useCache = !mode.fresh && !lockFirst && !base.inTx;
  // What the committed batch leaves for after its transaction: rows added, the hot rows' new values.
  const after: { added?: Record<string, number>; refresh?: { items: Array<Record<string, unknown>>; stock: Array<Record<string, unknown>>; sales: Set<SaleContext> } } = {};
  const outcomes = await inTransaction(base, async (tx) => {
    const at = (e: Entry): Ctx => ({ ...e.ctx, tx: tx.tx, inTx: true });
    const outcomes: Outcome[] = new Array(batch.length);
    const fail = (i: number, error: unknown) => (outcomes[i] = { ok: false, error });

    // 1. Idempotency keys. Two requests of one batch with the same key: the later one waits for the first's answer.
    const hashes = batch.map((e) => hashRequest('placeOrder', e.input));
    const firstOfKey = new Map<string, number>();
    const sameBatchDupes: Array<{ i: number; first: number }> = [];
    const toClaim: number[] = [];
    batch.forEach((e, i) => {
      const k = `${e.ctx.tenantId}\0${e.ctx.actor.id}\0${e.key}`;
      const first = firstOfKey.get(k);
      if (first === undefined) {
        firstOfKey.set(k, i);
        toClaim.push(i);
      } else sameBatchDupes.push({ i, first });
    });
    const claims = await claimKeys(at(batch[0]!), toClaim.map((i) => ({ actorId: batch[i]!.ctx.actor.id, key: batch[i]!.key, operation: 'placeOrder', requestHash: hashes[i]! })));
    const live: number[] = [];
    toClaim.forEach((i, n) => {
      const c = claims[n]!;
      if (c.kind === 'claimed') live.push(i);
      else if (c.kind === 'replay') outcomes[i] = { ok: true, result: { status: c.status, body: c.body as OrderDto, replayed: true } };
      else fail(i, new AppError(CommonErrors.idempotency_key_reused, { errors: [{ path: 'headers.idempotency-key', message: 'used for a different request' }] }));
    });

    // 2. Checks per request: the campaigns of the whole batch (and the items it sells), from this
    //    process's cache where it has them, else in two queries.
    const tenantId = batch[0]!.ctx.tenantId;
    const wanted = new Map<string, Set<string>>();
    for (const i of live) {
      const input = batch[i]!.input;
      const set = wanted.get(input.campaignId) ?? wanted.set(input.campaignId, new Set()).get(input.campaignId)!;
      for (const l of input.items) set.add(l.itemId);
    }
    const sales = new Map<string, SaleContext | AppError>();
    const fromCache = new Set<string>();
    const toLoad: string[] = [];
    const now = Date.now();
    for (const [id, items] of wanted) {
      const hit = useCache ? cache.sales.get(`${tenantId}\0${id}`) : undefined;
      if (hit && now - hit.at < SALE_CACHE_MS && hit.sale.campaign.endsAt.getTime() > now && [...items].every((it) => hit.sale.items.has(it))) {
        sales.set(id, hit.sale);
        fromCache.add(id);
      } else toLoad.push(id);
    }
    if (toLoad.length) {
      // For the cache, a campaign's items all at once (the next batches sell others of them); a
      // fresh read (a rerun) needs only the batch's.
      const loaded = await loadSaleContexts(at(batch[live[0]!]!), toLoad, useCache ? undefined : toLoad.flatMap((id) => [...wanted.get(id)!]));
      for (const [id, sale] of loaded) {
        sales.set(id, sale);
        if (!(sale instanceof AppError) && !base.inTx) cache.sales.set(`${tenantId}\0${id}`, { sale, at: now });
      }
    }
    const candidates: Candidate[] = [];
    for (const i of live) {
      const e = batch[i]!;
      try {
        const sale = sales.get(e.input.campaignId)!;
        if (sale instanceof AppError) throw sale;
        candidates.push({ i, ctx: at(e), input: e.input, key: e.key, sale, lines: checkRequest(e.input, sale) });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        fail(i, err);
      }
    }

    // Where orders come from and go to (a group, a pickup point): one check for the batch, only when asked.
    const placed = candidates.filter((c) => c.input.groupId || c.input.pickupPointId);
    const placedOk = new Set<Candidate>(candidates.filter((c) => !placed.includes(c)));
    if (placed.length) {
      const verdicts = await checkPlacements(placed[0]!.ctx, placed.map((c) => ({ memberId: c.ctx.actor.id, campaignId: c.sale.campaign.id, fulfilment: c.input.fulfilment, groupId: c.input.groupId, pickupPointId: c.input.pickupPointId })));
      placed.forEach((c, n) => {
        const v = verdicts[n]!;
        if (v instanceof AppError) fail(c.i, v);
        else {
          c.pickupLeaderId = v.pickupLeaderId;
          placedOk.add(c);
        }
      });
    }

    // 3. Per-member limits, each member on their own rows.
    const held: Candidate[] = [];
    for (const c of candidates.filter((x) => placedOk.has(x))) {
      try {
        await holdMemberUnits(c.ctx, c.ctx.actor.id, c.sale.items, c.lines);
        held.push(c);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        fail(c.i, err);
      }
    }

    // 4. Allocation, first come first served, against caps and stock (stock by warehouse and SKU).
    const stockKey = (c: Candidate, skuId: string) => `${c.sale.campaign.warehouseId}\0${skuId}`;
    const itemIds = [...new Set(held.flatMap((c) => c.lines.map((l) => l.itemId)))];
    const skusByWarehouse = new Map<string, Set<string>>();
    for (const c of held) for (const l of c.lines) (skusByWarehouse.get(c.sale.campaign.warehouseId) ?? skusByWarehouse.set(c.sale.campaign.warehouseId, new Set()).get(c.sale.campaign.warehouseId)!).add(l.skuId);
    const warehouses = [...skusByWarehouse.keys()].sort();
    const ctx0 = held[0]?.ctx;
    const itemLeft = new Map<string, number>();
    const stockLeft = new Map<string, number>();
    let stockFromCache = false;
    if (ctx0) {
      if (lockFirst) {
        for (const [id, r] of await lockItemsForSale(ctx0, itemIds)) itemLeft.set(id, r.cap - r.reserved - r.sold);
      } else {
        for (const c of held) for (const [id, r] of c.sale.items) if (!itemLeft.has(id)) itemLeft.set(id, r.cap - r.reserved - r.sold);
      }
      for (const wh of warehouses) {
        const skus = [...skusByWarehouse.get(wh)!];
        const cached = useCache ? skus.map((sku) => cache.stock.get(`${tenantId}\0${wh}\0${sku}`)) : [];
        if (useCache && cached.every((c) => c && now - c.at < SALE_CACHE_MS)) {
          skus.forEach((sku, n) => stockLeft.set(`${wh}\0${sku}`, cached[n]!.onHand));
          stockFromCache = true;
          continue;
        }
        const levels = lockFirst ? await lockStockForSale(ctx0, wh, skus) : await stockOf(ctx0, wh, skus);
        for (const [sku, onHand] of levels) {
          stockLeft.set(`${wh}\0${sku}`, onHand);
          if (!base.inTx) cache.stock.set(`${tenantId}\0${wh}\0${sku}`, { onHand, at: now });
        }
      }
    }
    const winners: Candidate[] = [];
    const losers: Candidate[] = [];
    for (const c of held) {
      const needItem = sum(c.lines.map((l) => [l.itemId, l.quantity]));
      const needSku = sum(c.lines.map((l) => [stockKey(c, l.skuId), l.quantity]));
      const shortItem = [...needItem].find(([id, q]) => (itemLeft.get(id) ?? 0) < q);
      const shortSku = [...needSku].find(([id, q]) => (stockLeft.get(id) ?? 0) < q);
      if (shortItem || shortSku) {
        const shortSkuId = shortSku?.[0].split('\0')[1];
        const item = shortItem ? c.sale.items.get(shortItem[0])! : [...c.sale.items.values()].find((x) => x.skuId === shortSkuId)!;
        const remaining = shortItem ? Math.max(0, itemLeft.get(shortItem[0]) ?? 0) : Math.max(0, stockLeft.get(shortSku![0]) ?? 0);
        // Point at the request's line for that item, so a page can adjust the quantity.
        const at = c.input.items.findIndex((l) => l.itemId === item.id || c.sale.items.get(l.itemId)?.skuId === item.skuId);
        fail(c.i, new AppError(CampaignErrors.sold_out, { params: { item: item.title, remaining }, errors: [{ path: `items.${Math.max(0, at)}.quantity`, message: `${remaining} remaining` }] }));
        losers.push(c);
        continue;
      }
      for (const [id, q] of needItem) itemLeft.set(id, itemLeft.get(id)! - q);
      for (const [id, q] of needSku) stockLeft.set(id, stockLeft.get(id)! - q);
      winners.push(c);
    }
    // Short by what this process had cached: another process may have freed units since. Read
    // afresh (the batch runs again) before telling anyone "sold out".
    if (losers.length && (stockFromCache || losers.some((c) => fromCache.has(c.sale.campaign.id)))) throw new StaleRead();
    for (const c of losers) await releaseMemberUnits(c.ctx, c.ctx.actor.id, c.lines);

    // Orders, lines, timelines, events and stored answers for the winners.
    if (winners.length) {
      const members = await getMembersBasic(ctx0!, winners.map((c) => c.ctx.actor.id));
      // A member with a tier pays the tier price (会员价) where the catalog has a lower one.
      const tierOf = (c: Candidate) => members.get(c.ctx.actor.id)?.tierId ?? null;
      const tierPrices = await tierPricesOf(
        ctx0!,
        winners.flatMap((c) => (tierOf(c) ? c.lines.map((l) => ({ skuId: l.skuId, tierId: tierOf(c)! })) : [])),
      );
      const { created, writes: orderWrites } = newOrderWrites(
        ctx0!,
        winners.map((c) => ({
          memberId: c.ctx.actor.id,
          actorType: c.ctx.actor.type,
          campaignId: c.sale.campaign.id,
          orgUnitId: c.sale.campaign.orgUnitId,
          sellerId: c.sale.campaign.sellerId,
          warehouseId: c.sale.campaign.warehouseId,
          fulfilment: c.input.fulfilment,
          address: c.input.fulfilment === 'delivery' ? (c.input.address ?? null) : null,
          note: c.input.note,
          referralCode: c.input.referralCode ?? null,
          groupId: c.input.groupId ?? null,
          pickupPointId: c.input.pickupPointId ?? null,
          pickupLeaderId: c.pickupLeaderId ?? null,
          expiresAt: new Date(Date.now() + c.ctx.config.orderPaymentMs),
          lines: c.lines.map((l) => {
            const item = c.sale.items.get(l.itemId)!;
            const tier = tierOf(c);
            const unitPriceFen = memberUnitPrice(item.priceFen, tier ? tierPrices.get(tierPriceKey(item.skuId, tier)) : undefined);
            return { campaignItemId: l.itemId, skuId: item.skuId, title: item.title, specs: item.specs, unitPriceFen, quantity: l.quantity };
          }),
        })),
      );
      // Who referred each order, recorded with it and never changed (distribution).
      const attribution = await attributionWrite(
        ctx0!,
        created.map(({ order, lines }, n) => ({ orderId: order.id, memberId: order.memberId, referralCode: order.referralCode, sellerId: winners[n]!.sale.campaign.sellerId, sellerRole: winners[n]!.sale.campaign.sellerRole, lineIds: lines.map((l) => l.id) })),
      );
      const dtos = created.map(({ order, lines, eventAt }, n): OrderDto => {
        const c = winners[n]!;
        const summary = orderSummaryDto(order, lines, { campaignTitle: c.sale.campaign.title, memberPhone: members.get(order.memberId)?.phone ?? '' });
        return { ...summary, timeline: [{ from: null, to: 'pending_payment', note: '', actorType: c.ctx.actor.type, at: eventAt.toISOString() }] };
      });
      const events = eventsWrite(
        ctx0!,
        dtos.map((o) => ({
          type: 'order.placed' as const,
          payload: { orderId: o.id, campaignId: o.campaignId, memberId: o.memberId, totalFen: o.totalFen, referralCode: o.referralCode, lines: o.lines.map((l) => ({ lineId: l.id, skuId: l.skuId, quantity: l.quantity, lineTotalFen: l.lineTotalFen })) },
        })),
      );
      // Each answer as JSON once: stored on its key, and sent as is (the route's serializer skipped).
      const jsons = dtos.map((d) => JSON.stringify(d));
      const answers = completeKeysWrite(ctx0!, winners.map((c, n) => ({ actorId: c.ctx.actor.id, key: c.key, status: 201, json: jsons[n]! })));

      // 5. The hot rows: items in id order, then stock by warehouse and SKU, each by the batch's total.
      const itemTotals = sum(winners.flatMap((c) => c.lines.map((l) => [l.itemId, l.quantity] as [string, number])));
      const stockTotals = new Map<string, Map<string, number>>();
      for (const c of winners) {
        const wh = c.sale.campaign.warehouseId;
        const m = stockTotals.get(wh) ?? stockTotals.set(wh, new Map()).get(wh)!;
        for (const l of c.lines) m.set(l.skuId, (m.get(l.skuId) ?? 0) + l.quantity);
      }
      const units = reserveUnitsWrite(ctx0!, itemTotals);
      const stock = takeStockWrite(ctx0!, stockTotals);
      // Campaigns this batch took from the cache: still live, at the version read, locked FOR SHARE
      // (as a fresh read locks them) so closing one waits for this sale and then sees its orders.
      const soldFrom = new Map<string, SaleContext>();
      for (const c of winners) if (fromCache.has(c.sale.campaign.id)) soldFrom.set(c.sale.campaign.id, c.sale);
      const check = saleStillValidWrite(ctx0!, [...soldFrom.values()].map((x) => ({ id: x.campaign.id, version: x.campaign.version })));
      // Everything the batch writes, in one statement. The counted parts run first, in this order:
      // the campaigns' check, then the hot rows' conditional updates (whose locks are then held
      // through the inserts and the commit that follow); then the orders, lines, timelines,
      // attribution, events and stored answers. A short count rolls the batch back: a campaign
      // changed, or another process took units since the allocation read them; the batch runs
      // again from fresh reads with the locks first.
      const results = await runTogether(ctx0!.tx, [check.write, units.write, stock.write, ...orderWrites, attribution, events, answers]);
      if (results[0]!.length !== check.expected) throw new SaleMoved();
      if (results[1]!.length !== units.expected || results[2]!.length !== stock.expected) {
        if (lockFirst) throw new Error('the hot rows moved while locked: the batch is rolled back');
        throw new AllocationMoved();
      }
      after.refresh = { items: results[1]!, stock: results[2]!, sales: new Set(winners.map((c) => c.sale)) };
      winners.forEach((c, n) => (outcomes[c.i] = { ok: true, result: { status: 201, body: dtos[n]!, replayed: false, json: jsons[n]! } }));
      const lines = created.reduce((s, o) => s + o.lines.length, 0);
      after.added = { orders: created.length, order_lines: lines, order_events: created.length, outbox_events: created.length, idempotency_keys: toClaim.length };
    }

    // Keys of requests that failed are given back, so a retry runs afresh.
    const failed = batch.map((e, i) => ({ e, i })).filter(({ i }) => outcomes[i] && !outcomes[i]!.ok && toClaim.includes(i) && claims[toClaim.indexOf(i)]!.kind === 'claimed');
    if (failed.length) await releaseKeys(at(batch[0]!), failed.map(({ e }) => ({ actorId: e.ctx.actor.id, key: e.key })));

    for (const d of sameBatchDupes) {
      const first = outcomes[d.first]!;
      outcomes[d.i] =
        hashes[d.i] !== hashes[d.first]
          ? { ok: false, error: new AppError(CommonErrors.idempotency_key_reused, { errors: [{ path: 'headers.idempotency-key', message: 'used for a different request' }] }) }
          : first.ok
            ? { ok: true, result: { ...first.result, replayed: true } }
            : first;
    }
    return outcomes;
  });
  // Tables a flash sale grows from empty: keep their statistics current (see table-stats.ts).
  if (after.added) noteRowsAdded(base, after.added);
  // The hot rows as this batch left them, for the next batch's allocation.
  const refresh = after.refresh;
  if (refresh && !base.inTx) {
    const at = Date.now();
    const rows = new Map(refresh.items.map((r) => [String(r.id), r]));
    for (const sale of refresh.sales) {
      for (const item of sale.items.values()) {
        const r = rows.get(item.id);
        if (r) Object.assign(item, { cap: Number(r.cap), reserved: Number(r.reserved), sold: Number(r.sold) });
      }
    }
    const tenantId = batch[0]!.ctx.tenantId;
    for (const r of refresh.stock) cache.stock.set(`${tenantId}\0${String(r.warehouse_id)}\0${String(r.sku_id)}`, { onHand: Number(r.on_hand), at });
  }
  return outcomes;
}

/** Items in the campaign, fulfilment offered, address for delivery; quantities per item summed. */
function checkRequest(input: PlaceOrderRequest, sale: SaleContext): Array<{ itemId: string; skuId: string; quantity: number }> {
  const { campaign, items } = sale;
  if (campaign.fulfilment !== 'both' && campaign.fulfilment !== input.fulfilment) {
    throw new AppError(CampaignErrors.fulfilment_not_offered, { params: { mode: input.fulfilment }, errors: [{ path: 'fulfilment', message: `only ${campaign.fulfilment}` }] });
  }
  if (input.fulfilment === 'delivery' && !input.address) throw new AppError(OrderErrors.address_required, { errors: [{ path: 'address', message: 'required for delivery' }] });
  const quantities = new Map<string, number>();
  for (const [i, line] of input.items.entries()) {
    if (!items.has(line.itemId)) throw new AppError(CampaignErrors.item_not_in_campaign, { params: { item: line.itemId }, errors: [{ path: `items.${i}.itemId`, message: 'not in this campaign' }] });
    quantities.set(line.itemId, (quantities.get(line.itemId) ?? 0) + line.quantity);
  }
  const lines = [...quantities].map(([itemId, quantity]) => ({ itemId, skuId: items.get(itemId)!.skuId, quantity }));
  // Money columns are 32-bit fen (¥21,474,836.47): an order over that is refused, not overflowed.
  const total = lines.reduce((s, l) => s + items.get(l.itemId)!.priceFen * l.quantity, 0);
  if (total > MAX_ORDER_FEN) throw new AppError(OrderErrors.total_too_large, { params: { max: MAX_ORDER_FEN / 100 }, errors: [{ path: 'items', message: 'order total too large' }] });
  return lines;
}

const MAX_ORDER_FEN = 2_147_483_647;

function sum(pairs: Array<[string, number]> | Array<readonly [string, number]>): Map<string, number> {
  const m = new Map<string, number>();
  for (const [k, v] of pairs) m.set(k, (m.get(k) ?? 0) + v);
  return m;
}
