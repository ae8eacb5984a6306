import { z } from 'zod';
import { ctxOf, publicCtx, type App } from '../../platform/http';
import type { Ctx } from '../../platform/context';
import { PageQuery, pageOf } from '../../platform/pagination';
import { cancelCampaignFlow } from '../../flows/close-campaign.flow';
import { campaignSales, listCampaignEntries, ZCampaignEntry } from '../orders';
import * as V from './campaigns.validators';
import { createCampaign } from './services/create-campaign';
import type { CampaignView } from './services/campaign-dto';
import { getCampaign, getPublicCampaignView, listCampaigns, listPublicCampaigns } from './services/read-campaigns';
import { memberHeldUnits } from './services/campaign-units';
import { memberItemPrices } from './services/member-prices';
import { endCampaignNow, publishCampaign, updateCampaign } from './services/update-campaign';

const IdParam = z.object({ id: z.string().max(40) });
const PublicParams = z.object({ tenant: z.string().max(40), id: z.string().max(40) });

async function withFigures(ctx: Ctx, views: CampaignView[]) {
  const sales = await campaignSales(ctx, views.map((v) => v.id));
  return views.map((v) => {
    const s = sales.get(v.id)!;
    return { ...v, figures: { participants: s.participants, paidOrders: s.paidOrders, unitsSold: s.unitsSold, gmvFen: s.gmvFen } };
  });
}

/** Campaign routes: the console's CRUD and publishing, and the public campaign page with its 接龙 list. */
export function registerCampaignRoutes(app: App): void {
  app.get(
    '/campaigns',
    { schema: { operationId: 'listCampaigns', tags: ['campaigns'], summary: 'List campaigns with live figures', querystring: V.ZListCampaignsQuery, response: { 200: V.ZCampaignPage } } },
    async (req) => {
      const ctx = ctxOf(req);
      const page = await listCampaigns(ctx, req.query);
      return { items: await withFigures(ctx, page.items), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/campaigns',
    { schema: { operationId: 'createCampaign', tags: ['campaigns'], summary: 'Create a draft campaign (团购)', body: V.ZCreateCampaignRequest, response: { 201: V.ZCampaign } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const [view] = await withFigures(ctx, [await createCampaign(ctx, req.body)]);
      return reply.status(201).send(view!);
    },
  );
  app.get(
    '/campaigns/:id',
    { schema: { operationId: 'getCampaign', tags: ['campaigns'], summary: 'A campaign with items and live figures', params: IdParam, response: { 200: V.ZCampaign } } },
    async (req) => {
      const ctx = ctxOf(req);
      return (await withFigures(ctx, [await getCampaign(ctx, req.params.id)]))[0]!;
    },
  );
  app.patch(
    '/campaigns/:id',
    { schema: { operationId: 'updateCampaign', tags: ['campaigns'], summary: 'Change a campaign within what its state allows', params: IdParam, body: V.ZUpdateCampaignRequest, response: { 200: V.ZCampaign } } },
    async (req) => {
      const ctx = ctxOf(req);
      return (await withFigures(ctx, [await updateCampaign(ctx, req.params.id, req.body)]))[0]!;
    },
  );
  app.post(
    '/campaigns/:id/publish',
    { schema: { operationId: 'publishCampaign', tags: ['campaigns'], summary: 'Publish a draft (scheduled, or live at once)', params: IdParam, response: { 200: V.ZCampaign } } },
    async (req) => {
      const ctx = ctxOf(req);
      return (await withFigures(ctx, [await publishCampaign(ctx, req.params.id)]))[0]!;
    },
  );
  app.post(
    '/campaigns/:id/end',
    { schema: { operationId: 'endCampaign', tags: ['campaigns'], summary: '截单: stop taking orders now; the campaign then closes as at its end', params: IdParam, response: { 200: V.ZCampaign } } },
    async (req) => {
      const ctx = ctxOf(req);
      return (await withFigures(ctx, [await endCampaignNow(ctx, req.params.id)]))[0]!;
    },
  );
  app.post(
    '/campaigns/:id/cancel',
    { schema: { operationId: 'cancelCampaign', tags: ['campaigns'], summary: 'Cancel a campaign: unpaid orders end, paid ones are refunded', params: IdParam, response: { 200: V.ZCampaign } } },
    async (req) => {
      const ctx = ctxOf(req);
      return (await withFigures(ctx, [await cancelCampaignFlow(ctx, req.params.id)]))[0]!;
    },
  );

  app.get(
    '/t/:tenant/campaigns',
    {
      config: { auth: 'public' },
      schema: { operationId: 'listPublicCampaigns', tags: ['storefront'], summary: "A brand's live and upcoming campaigns, ending soonest first (no login)", security: [], params: z.object({ tenant: PublicParams.shape.tenant }), querystring: PageQuery, response: { 200: V.ZPublicCampaignPage } },
    },
    async (req) => {
      const { ctx } = await publicCtx(req, req.params.tenant);
      const page = await listPublicCampaigns(ctx, req.query);
      return {
        items: page.items.map((c) => {
          const prices = c.items.map((i) => i.priceFen);
          return { id: c.id, title: c.title, coverImages: c.coverImages, status: c.status, startsAt: c.startsAt, endsAt: c.endsAt, minPriceFen: prices.length ? Math.min(...prices) : 0, maxPriceFen: prices.length ? Math.max(...prices) : 0, itemCount: c.items.length };
        }),
        nextCursor: page.nextCursor,
      };
    },
  );
  app.get(
    '/t/:tenant/campaigns/:id',
    {
      config: { auth: 'public' },
      schema: { operationId: 'getPublicCampaign', tags: ['storefront'], summary: 'The public campaign page (no login)', security: [], params: PublicParams, response: { 200: V.ZPublicCampaign } },
    },
    async (req) => {
      const { ctx, tenant } = await publicCtx(req, req.params.tenant);
      const view = await getPublicCampaignView(ctx, req.params.id);
      const sales = (await campaignSales(ctx, [view.id])).get(view.id)!;
      // A signed-in member of this tenant also learns what they already hold, for the limit.
      const me = req.authed?.tenantId === tenant.id && req.authed.actor.type === 'member' ? req.authed.actor.id : null;
      const held = me ? await memberHeldUnits(ctx, me, view.items.map((i) => i.id)) : null;
      const mine = me ? await memberItemPrices(ctx, me, view.items) : null;
      return {
        id: view.id,
        tenant: { slug: tenant.slug, name: tenant.name },
        title: view.title,
        description: view.description,
        coverImages: view.coverImages,
        status: view.status,
        startsAt: view.startsAt,
        endsAt: view.endsAt,
        serverTime: new Date().toISOString(),
        threshold: view.threshold,
        fulfilment: view.fulfilment,
        items: view.items.map((i) => ({
          id: i.id,
          title: i.title,
          specs: i.specs,
          priceFen: i.priceFen,
          perMemberLimit: i.perMemberLimit,
          cap: i.cap,
          left: i.left,
          sold: i.sold,
          ...(held && i.perMemberLimit !== null ? { myQuantity: held.get(i.id) ?? 0 } : {}),
          ...(mine?.prices.has(i.id) ? { myPriceFen: mine.prices.get(i.id)!, myTierName: mine.tierName ?? '' } : {}),
        })),
        participants: sales.participants,
      };
    },
  );
  app.get(
    '/t/:tenant/campaigns/:id/entries',
    {
      config: { auth: 'public' },
      schema: { operationId: 'listCampaignEntries', tags: ['storefront'], summary: 'The live 接龙 list (names masked), for the whole campaign or one group', security: [], params: PublicParams, querystring: PageQuery.extend({ groupId: z.string().max(40).optional().describe('Only the orders placed from this group') }), response: { 200: pageOf(ZCampaignEntry) } },
    },
    async (req) => {
      const { ctx } = await publicCtx(req, req.params.tenant);
      await getPublicCampaignView(ctx, req.params.id);
      return listCampaignEntries(ctx, req.params.id, req.query);
    },
  );
}
