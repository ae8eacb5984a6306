import { z } from 'zod';
import { requireRole } from '../../platform/context';
import { ctxOf, type App } from '../../platform/http';
import { completeSandboxPaymentFlow, createPaymentFlow, handlePaymentNotificationFlow } from '../../flows/payment.flow';
import { getOrder, ZOrder } from '../orders';
import { getPayment } from './services/payment-records';

const ZPaymentStart = z
  .object({ paymentId: z.string(), payUrl: z.string(), amountFen: z.number().int(), provider: z.string(), expiresAt: z.string() })
  .meta({ id: 'PaymentStart' });
const ZPayment = z
  .object({ id: z.string(), orderId: z.string(), provider: z.string(), amountFen: z.number().int(), status: z.enum(['created', 'succeeded', 'failed', 'canceled']), refundedFen: z.number().int(), createdAt: z.string() })
  .meta({ id: 'Payment' });

/** Payment routes: start paying, the sandbox's hosted page action, and providers' notifications. */
export function registerPaymentRoutes(app: App): void {
  app.post(
    '/orders/:id/payments',
    { schema: { operationId: 'createPayment', tags: ['payments'], summary: 'Start paying for an unpaid order (an open payment is reused)', params: z.object({ id: z.string().max(40) }), response: { 201: ZPaymentStart } } },
    async (req, reply) => reply.status(201).send(await createPaymentFlow(ctxOf(req), req.params.id)),
  );
  app.get(
    '/payments/:id',
    { schema: { operationId: 'getPayment', tags: ['payments'], summary: 'A payment (the member pays for their own orders)', params: z.object({ id: z.string().max(40) }), response: { 200: ZPayment } } },
    async (req) => {
      const ctx = ctxOf(req);
      const p = await getPayment(ctx, req.params.id);
      await getOrder(ctx, p.orderId); // 404 unless the order is visible to the caller
      return { id: p.id, orderId: p.orderId, provider: p.provider, amountFen: p.amountFen, status: p.status, refundedFen: p.refundedFen, createdAt: p.createdAt.toISOString() };
    },
  );
  app.post(
    '/sandbox/payments/:id/complete',
    {
      schema: {
        operationId: 'completeSandboxPayment',
        tags: ['sandbox'],
        summary: "The sandbox pay page's Pay / Fail buttons: the sandbox then sends its signed notification",
        params: z.object({ id: z.string().max(40) }),
        body: z.object({ outcome: z.enum(['paid', 'failed']) }),
        response: { 200: ZOrder },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      requireRole(ctx, 'member');
      return completeSandboxPaymentFlow(ctx, req.params.id, req.body.outcome);
    },
  );

  // Providers sign the raw body, so this route reads it unparsed.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    (scope as App).post(
      '/payments/notify/:provider',
      {
        config: { auth: 'public' },
        schema: {
          operationId: 'handlePaymentNotification',
          tags: ['payments'],
          summary: 'Where a payment provider sends its signed notifications',
          description: 'Sandbox: header `Tuan-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, 300 s tolerance, deduplicated by event id.',
          security: [],
          params: z.object({ provider: z.string().max(40) }),
          response: { 200: z.object({ received: z.literal(true), applied: z.boolean() }) },
        },
      },
      async (req) => {
        const raw = typeof req.body === 'string' ? req.body : '';
        const result = await handlePaymentNotificationFlow(req.baseCtx, req.params.provider, req.headers, raw);
        return { received: true as const, applied: result.applied };
      },
    );
  });
}
