import { z } from 'zod';
import { ctxOf, type App } from '../../platform/http';
import * as V from './catalog.validators';
import { createProduct, getProduct, listProducts, updateProduct } from './services/products';
import { createSku, updateSku } from './services/skus';
import { createMemberTier, listMemberTiers } from './services/tiers';

const IdParam = z.object({ id: z.string().max(40) });

/** Catalog routes: products, SKUs with tier prices, member tiers. */
export function registerCatalogRoutes(app: App): void {
  app.get(
    '/products',
    { schema: { operationId: 'listProducts', tags: ['catalog'], summary: 'List products', querystring: V.ZListProductsQuery, response: { 200: V.ZProductPage } } },
    async (req) => listProducts(ctxOf(req), req.query),
  );
  app.post(
    '/products',
    { schema: { operationId: 'createProduct', tags: ['catalog'], summary: 'Create a product, optionally with SKUs', body: V.ZCreateProductRequest, response: { 201: V.ZProduct } } },
    async (req, reply) => reply.status(201).send(await createProduct(ctxOf(req), req.body)),
  );
  app.get(
    '/products/:id',
    { schema: { operationId: 'getProduct', tags: ['catalog'], summary: 'A product with its SKUs and tier prices', params: IdParam, response: { 200: V.ZProduct } } },
    async (req) => getProduct(ctxOf(req), req.params.id),
  );
  app.patch(
    '/products/:id',
    { schema: { operationId: 'updateProduct', tags: ['catalog'], summary: 'Change a product', params: IdParam, body: V.ZUpdateProductRequest, response: { 200: V.ZProduct } } },
    async (req) => updateProduct(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/products/:id/skus',
    { schema: { operationId: 'createSku', tags: ['catalog'], summary: 'Add a SKU to a product', params: IdParam, body: V.ZCreateSkuRequest, response: { 201: V.ZSku } } },
    async (req, reply) => reply.status(201).send(await createSku(ctxOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/skus/:id',
    { schema: { operationId: 'updateSku', tags: ['catalog'], summary: 'Change a SKU (tier prices are replaced when given)', params: IdParam, body: V.ZUpdateSkuRequest, response: { 200: V.ZSku } } },
    async (req) => updateSku(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/member-tiers',
    { schema: { operationId: 'listMemberTiers', tags: ['catalog'], summary: 'Member tiers (for tier prices)', response: { 200: z.object({ items: z.array(V.ZTier) }) } } },
    async (req) => ({ items: await listMemberTiers(ctxOf(req)) }),
  );
  app.post(
    '/member-tiers',
    { schema: { operationId: 'createMemberTier', tags: ['catalog'], summary: 'Define a member tier', body: V.ZCreateTierRequest, response: { 201: V.ZTier } } },
    async (req, reply) => reply.status(201).send(await createMemberTier(ctxOf(req), req.body)),
  );
}
