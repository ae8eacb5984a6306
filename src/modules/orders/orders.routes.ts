import ExcelJS from 'exceljs';
import { z } from 'zod';
import { requireRole } from '../../platform/context';
import { sendWorkbook } from '../../platform/spreadsheet';
import { ctxOf, type App } from '../../platform/http';
import { requireIdempotencyKey, ZIdempotencyHeaders } from '../../platform/idempotency';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { cancelOrderFlow } from '../../flows/cancel-order.flow';
import { refundOrderFlow } from '../../flows/refund-order.flow';
import { advanceOrderFlow } from '../../flows/advance-order.flow';
import * as V from './orders.validators';
import { getOrder, iterateOrders, listOrders } from './services/read-orders';

const IdParam = z.object({ id: z.string().max(40) });
const yuan = (fen: number) => Math.round(fen) / 100;

/** Order routes: checkout, my orders, staff order lists, cancel, refund, fulfilment steps, export. */
export function registerOrderRoutes(app: App): void {
  app.post(
    '/orders',
    {
      schema: {
        operationId: 'placeOrder',
        tags: ['orders'],
        summary: 'A member places an order in a live campaign (stock is reserved at once)',
        description: 'Needs an `Idempotency-Key` header: the same key and body replays the first answer; another body is 422.',
        headers: ZIdempotencyHeaders,
        body: V.ZPlaceOrderRequest,
        response: { 201: V.ZOrder },
      },
    },
    async (req, reply) => {
      const result = await placeOrderFlow(ctxOf(req), req.body, requireIdempotencyKey(req.headers['idempotency-key']));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      // The checkout made the answer's JSON already (to store it on the key): sent as is, not
      // validated and serialised a second time (tests check it against the schema).
      const json = result.json;
      if (json) return reply.status(201).type('application/json; charset=utf-8').serializer(() => json).send(result.body);
      return reply.status(201).send(result.body);
    },
  );
  app.get(
    '/orders',
    { schema: { operationId: 'listOrders', tags: ['orders'], summary: 'Orders in your scope, newest first', querystring: V.ZListOrdersQuery, response: { 200: V.ZOrderPage } } },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'owner', 'operator', 'leader');
      return listOrders(ctx, req.query);
    },
  );
  app.get(
    '/me/orders',
    { schema: { operationId: 'listMyOrders', tags: ['orders'], summary: "A member's own orders", querystring: V.ZListOrdersQuery.pick({ limit: true, cursor: true, status: true }), response: { 200: V.ZOrderPage } } },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'member');
      return listOrders(ctx, req.query);
    },
  );
  app.get(
    '/orders/export',
    {
      schema: {
        operationId: 'exportOrders',
        tags: ['orders'],
        summary: 'Export orders (same filters as listOrders) as CSV or XLSX',
        querystring: V.ZListOrdersQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'owner', 'operator', 'leader');
      const { format, ...filter } = req.query;
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('orders');
      sheet.columns = [
        { header: '订单号 Order', key: 'id', width: 32 },
        { header: '下单时间 Placed', key: 'placedAt', width: 22 },
        { header: '团购 Campaign', key: 'campaign', width: 28 },
        { header: '手机 Phone', key: 'phone', width: 15 },
        { header: '状态 Status', key: 'status', width: 16 },
        { header: '配送 Fulfilment', key: 'fulfilment', width: 10 },
        { header: '商品 Items', key: 'items', width: 40 },
        { header: '金额 Total (¥)', key: 'total', width: 12, style: { numFmt: '0.00' } },
        { header: '已付 Paid (¥)', key: 'paid', width: 12, style: { numFmt: '0.00' } },
        { header: '已退 Refunded (¥)', key: 'refunded', width: 14, style: { numFmt: '0.00' } },
        { header: '推荐码 Referral', key: 'ref', width: 12 },
      ];
      for await (const batch of iterateOrders(ctx, filter)) {
        for (const o of batch) {
          sheet.addRow({
            id: o.id,
            placedAt: o.placedAt,
            campaign: o.campaignTitle,
            phone: o.memberPhone,
            status: o.status,
            fulfilment: o.fulfilment,
            items: o.lines.map((l) => `${l.title}×${l.quantity}`).join('; '),
            total: yuan(o.totalFen),
            paid: yuan(o.paidFen),
            refunded: yuan(o.refundedFen),
            ref: o.referralCode ?? '',
          });
        }
      }
      return sendWorkbook(reply, wb, `orders-${new Date().toISOString().slice(0, 10)}`, format);
    },
  );
  app.get(
    '/orders/:id',
    { schema: { operationId: 'getOrder', tags: ['orders'], summary: 'An order with its lines and status timeline', params: IdParam, response: { 200: V.ZOrder } } },
    async (req) => getOrder(ctxOf(req), req.params.id),
  );
  app.post(
    '/orders/:id/cancel',
    {
      schema: {
        operationId: 'cancelOrder',
        tags: ['orders'],
        summary: 'Cancel an unpaid order (releases its stock)',
        params: IdParam,
        body: z.object({ reason: z.string().trim().max(200).default('') }).default({ reason: '' }),
        response: { 200: V.ZOrder },
      },
    },
    async (req) => cancelOrderFlow(ctxOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/orders/:id/refunds',
    {
      schema: {
        operationId: 'refundOrder',
        tags: ['orders'],
        summary: 'Refund a paid order, fully or per line, through its payment provider',
        description: 'Owners and operators. Needs an `Idempotency-Key` header.',
        params: IdParam,
        headers: ZIdempotencyHeaders,
        body: V.ZRefundRequest,
        response: { 200: V.ZOrder },
      },
    },
    async (req, reply) => {
      const result = await refundOrderFlow(ctxOf(req), req.params.id, req.body, requireIdempotencyKey(req.headers['idempotency-key']));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(200).send(result.body);
    },
  );
  app.post(
    '/orders/:id/status',
    { schema: { operationId: 'advanceOrder', tags: ['orders'], summary: 'Move a paid order through fulfilment', params: IdParam, body: V.ZAdvanceOrderRequest, response: { 200: V.ZOrder } } },
    async (req) => advanceOrderFlow(ctxOf(req), req.params.id, req.body),
  );
}
