import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { PriceListInput } from '../core/master-data.ts';
import type { Database } from '../db/client.ts';
import { getPriceList, listPriceLists, savePriceList } from '../services/master-data/price-lists.ts';
import type { ApiEnv } from './auth.ts';
import { limitBody } from './body-limits.ts';
import { errorBody } from './errors.ts';
import { MAX_IMPORT_BYTES } from './import-body.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const Tier = z.object({ minQuantity: z.string(), unitPrice: z.string() });
const listFields = {
  id: z.string(),
  currency: z.string(),
  validFrom: z.string(),
  validTo: z.string().optional().openapi({ description: 'the last day it applies; absent: open-ended' }),
  partners: z.array(z.string()).openapi({ description: 'the partners it is for; empty: a general list' }),
  createdAt: z.string(),
  updatedAt: z.string(),
};
const PriceListSummary = z
  .object({ ...listFields, skus: z.number().int().openapi({ description: 'SKUs it prices' }) })
  .openapi('PriceListSummary');
const PriceListView = z
  .object({ ...listFields, prices: z.array(z.object({ sku: z.string(), tiers: z.array(Tier) })) })
  .openapi('PriceList');

export function registerPriceListRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/price-lists',
      summary: 'Save a price list whole: one whose id exists has its partners and prices replaced',
      description:
        'Each SKU has tiers `[{ minQuantity, unitPrice }]`, minQuantity strictly rising. No partners: a ' +
        "general list; a partner's own list wins over a general one. Saved in one transaction and audited.",
      security: adminSecurity,
      middleware: [limitBody(MAX_IMPORT_BYTES)] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              // the core schema itself, its checks (rising tiers, a SKU priced once) included: zod 4 gives
              // .openapi() only to schemas made after @hono/zod-openapi loaded, so it goes without a name
              schema: PriceListInput,
            },
          },
        },
      },
      responses: {
        200: {
          description: 'replaced (or unchanged)',
          content: { 'application/json': { schema: PriceListView } },
        },
        201: { description: 'created', content: { 'application/json': { schema: PriceListView } } },
        ...errorResponses,
        413: errorResponse('larger than an import takes (32 MB)'),
        422: errorResponse(
          'a SKU that is no product, or a partner that does not exist; `details` lists each',
        ),
      },
    }),
    async (c) => {
      const saved = await savePriceList(deps.db, c.req.valid('json'), 'admin');
      return saved.created ? c.json(saved.list, 201) : c.json(saved.list, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/price-lists',
      summary: 'Price lists without their prices; partnerId keeps its own lists and the general ones',
      security: adminSecurity,
      request: { query: z.object({ partnerId: z.string().min(1).max(100).optional() }) },
      responses: {
        200: {
          description: 'price lists by id',
          content: { 'application/json': { schema: z.object({ priceLists: z.array(PriceListSummary) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ priceLists: await listPriceLists(deps.db, c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/price-lists/{id}',
      summary: 'One price list with its partners and prices',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: { description: 'the price list', content: { 'application/json': { schema: PriceListView } } },
        401: errorResponses[401],
        404: errorResponse('no such price list'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const list = await getPriceList(deps.db, id);
      if (list === undefined) return c.json(errorBody('request.not_found', `no price list ${id}`), 404);
      return c.json(list, 200);
    },
  );
}
