import { z } from 'zod';
import { requireRole } from '../../platform/context';
import { ctxOf, type App } from '../../platform/http';
import { PageQuery } from '../../platform/pagination';
import { sendWorkbook } from '../../platform/spreadsheet';
import { confirmArrivalFlow, createShipmentFlow, dispatchPickingListFlow, generatePickingListsFlow, updateShipmentFlow, verifyPickupFlow } from '../../flows/fulfilment.flow';
import { assertCanManageOrder, ordersByIds } from '../orders';
import { notFound } from '../../platform/errors';
import * as V from './fulfilment.validators';
import { listMyNotices, markNoticesRead } from './services/notices';
import { getPickingList, listPickingLists, pickingListWorkbook } from './services/picking-lists';
import { myPickupCode } from './services/pickup-codes';
import { shipmentDto, shipmentsOfOrders } from './services/shipments';
import { listUncollected } from './services/uncollected';

const tag = ['fulfilment'];
const IdParam = z.object({ id: z.string().min(1).max(40) });

/** Fulfilment routes: picking lists, dispatch, arrival, pickup codes, shipments, member notices. */
export function registerFulfilmentRoutes(app: App): void {
  app.post(
    '/campaigns/:id/picking-lists',
    { schema: { operationId: 'generatePickingLists', tags: tag, summary: "Put a closed campaign's paid pickup orders on picking lists per pickup point (again: adds late orders)", params: IdParam, response: { 200: V.ZGenerateResult } } },
    async (req) => generatePickingListsFlow(ctxOf(req), req.params.id),
  );
  app.get('/picking-lists', { schema: { operationId: 'listPickingLists', tags: tag, summary: 'Picking lists (leaders: their points’)', querystring: V.ZListPickingListsQuery, response: { 200: V.ZPickingListPage } } }, async (req) =>
    listPickingLists(ctxOf(req), req.query),
  );
  app.get('/picking-lists/:id', { schema: { operationId: 'getPickingList', tags: tag, summary: 'A picking list: per SKU, per member, shortages', params: IdParam, response: { 200: V.ZPickingList } } }, async (req) =>
    getPickingList(ctxOf(req), req.params.id),
  );
  app.get('/picking-lists/:id/export', { schema: { operationId: 'exportPickingList', tags: tag, summary: 'A picking list as XLSX (per SKU and per member sheets)', params: IdParam } }, async (req, reply) => {
    const { wb, name } = await pickingListWorkbook(ctxOf(req), req.params.id);
    return sendWorkbook(reply, wb, name);
  });
  app.post(
    '/picking-lists/:id/dispatch',
    { schema: { operationId: 'dispatchPickingList', tags: tag, summary: "The warehouse sends the list's batch to its pickup point (short lines are refunded)", params: IdParam, body: V.ZDispatchRequest, response: { 200: V.ZPickingList } } },
    async (req) => dispatchPickingListFlow(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/picking-lists/:id/arrival',
    { schema: { operationId: 'confirmArrival', tags: tag, summary: 'The leader confirms the batch arrived: members get pickup codes and a notice', params: IdParam, body: V.ZArrivalRequest, response: { 200: V.ZPickingList } } },
    async (req) => confirmArrivalFlow(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/pickups/verify',
    {
      schema: {
        operationId: 'verifyPickup',
        tags: tag,
        summary: "The leader types or scans a member's pickup code: the order is collected",
        description: 'A wrong code is 409 `fulfilment.wrong_code` and counts; 5 wrong in 15 minutes locks this person out at the point for 15 minutes (429). A used code is 409 `fulfilment.code_used`.',
        body: V.ZVerifyPickupRequest,
      },
    },
    async (req) => verifyPickupFlow(ctxOf(req), req.body),
  );
  app.get('/pickups/uncollected', { schema: { operationId: 'listUncollectedOrders', tags: tag, summary: 'Orders at pickup points not collected after N days', querystring: V.ZUncollectedQuery, response: { 200: V.ZUncollected } } }, async (req) => {
    const ctx = ctxOf(req);
    requireRole(ctx, 'owner', 'operator', 'leader');
    return listUncollected(ctx, req.query);
  });

  app.post(
    '/orders/:id/shipments',
    { schema: { operationId: 'createShipment', tags: tag, summary: 'Ship a delivery order: carrier and tracking number', params: IdParam, body: V.ZCreateShipmentRequest, response: { 201: V.ZShipment } } },
    async (req, reply) => reply.status(201).send(await createShipmentFlow(ctxOf(req), req.params.id, req.body)),
  );
  app.get('/orders/:id/shipments', { schema: { operationId: 'listShipments', tags: tag, summary: "An order's parcels", params: IdParam, response: { 200: z.object({ items: z.array(V.ZShipment) }) } } }, async (req) => {
    const ctx = ctxOf(req);
    const order = (await ordersByIds(ctx, [req.params.id])).get(req.params.id);
    if (!order) throw notFound({ zh: '订单', en: 'Order' });
    assertCanManageOrder(ctx, order);
    return { items: (await shipmentsOfOrders(ctx, [req.params.id])).map(shipmentDto) };
  });
  app.patch('/shipments/:id', { schema: { operationId: 'updateShipment', tags: tag, summary: 'A parcel is in transit, delivered (the order completes) or returned', params: IdParam, body: V.ZUpdateShipmentRequest, response: { 200: V.ZShipment } } }, async (req) =>
    updateShipmentFlow(ctxOf(req), req.params.id, req.body.status),
  );

  app.get('/me/orders/:id/pickup-code', { schema: { operationId: 'getMyPickupCode', tags: tag, summary: "A member's pickup code for an order (6 digits and a QR code)", params: IdParam, response: { 200: V.ZPickupCode } } }, async (req) => {
    const ctx = ctxOf(req);
    requireRole(ctx, 'member');
    const order = (await ordersByIds(ctx, [req.params.id])).get(req.params.id);
    if (!order || order.memberId !== ctx.actor.id) throw notFound({ zh: '订单', en: 'Order' });
    return myPickupCode(ctx, req.params.id);
  });
  app.get('/me/notices', { schema: { operationId: 'listMyNotices', tags: tag, summary: "A member's notices (goods arrived, short lines, shipped)", querystring: PageQuery, response: { 200: V.ZNoticePage } } }, async (req) =>
    listMyNotices(ctxOf(req), req.query),
  );
  app.post('/me/notices/read', { schema: { operationId: 'markNoticesRead', tags: tag, summary: 'Mark all notices read' } }, async (req, reply) => {
    await markNoticesRead(ctxOf(req));
    return reply.status(204).send();
  });
}
