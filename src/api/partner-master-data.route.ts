import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { permanent } from '../core/errors.ts';
import { CrossReferenceInput, LocationInput, PaymentInput } from '../core/master-data.ts';
import type { Database } from '../db/client.ts';
import { partnerBalance } from '../partners/partner-balance.ts';
import { listLocations, saveLocations } from '../services/master-data/locations.ts';
import { listCrossReferences, saveCrossReferences } from '../services/master-data/partner-items.ts';
import { recordPayment } from '../services/master-data/payments.ts';
import type { ApiEnv } from './auth.ts';
import { oneOrMany, parseJson } from './import-body.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

/** Most cross-references or locations one body takes (it is a JSON route: 1 MB at most anyway). */
const MAX_ENTRIES = 20_000;

const Counts = z
  .object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() })
  .openapi('SavedCounts');
const CrossReferenceView = z
  .object({ kind: z.enum(['buyerItem', 'gtin']), value: z.string(), sku: z.string(), createdAt: z.string() })
  .openapi('CrossReference');
const AddressView = z.object({
  lines: z.array(z.string()),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
const LocationView = z
  .object({
    id: z.string(),
    name: z.string(),
    address: AddressView,
    qualifier: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Location');
const PaymentView = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    amount: z.string(),
    currency: z.string(),
    reference: z.string(),
    receivedAt: z.string(),
    allocations: z.array(z.object({ invoiceNumber: z.string(), amount: z.string() })),
    createdAt: z.string(),
  })
  .openapi('Payment');
const BalanceView = z
  .object({
    currency: z.string(),
    openBalance: z
      .string()
      .openapi({ description: 'open invoices minus unapplied payments; negative: credit' }),
    creditLimit: z.string().optional(),
    invoices: z.array(
      z.object({
        invoiceNumber: z.string(),
        orderId: z.string(),
        invoiceDate: z.string(),
        dueDate: z.string(),
        total: z.string(),
        paid: z.string(),
        open: z.string(),
        daysOverdue: z.number().int(),
      }),
    ),
  })
  .openapi('Balance');

const notFound = errorResponse('no such partner');
const oneOrManyBody = (item: z.ZodType, description: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema: z.union([z.array(item), item]) } },
});

export function registerPartnerMasterDataRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/partners/{id}/items',
    summary: "Save a partner's cross-references: its item numbers and GTINs for our SKUs",
    security: adminSecurity,
    request: {
      params: IdParam,
      body: oneOrManyBody(CrossReferenceInput, 'one `{ buyerItem?, gtin?, sku }` or an array of them'),
    },
    responses: {
      200: { description: 'saved', content: { 'application/json': { schema: Counts } } },
      ...errorResponses,
      404: notFound,
      422: errorResponse('a SKU that is no product (`product.unknown_sku`); `details` lists each'),
    },
  });
  app.post('/v1/partners/:id/items', async (c) => {
    const { id } = parseJson(IdParam, c.req.param());
    const items = parseJson(z.array(CrossReferenceInput).min(1).max(MAX_ENTRIES), oneOrMany(await body(c)));
    return c.json(await saveCrossReferences(deps.db, id, items, 'admin'), 200);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners/{id}/items',
      summary: "A partner's cross-references",
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: {
          description: 'item numbers, then GTINs',
          content: { 'application/json': { schema: z.object({ items: z.array(CrossReferenceView) }) } },
        },
        401: errorResponses[401],
        404: notFound,
      },
    }),
    async (c) => c.json({ items: await listCrossReferences(deps.db, c.req.valid('param').id) }, 200),
  );

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/partners/{id}/locations',
    summary: "Save a partner's ship-to locations (stores, DCs) by the number the partner sends",
    security: adminSecurity,
    request: {
      params: IdParam,
      body: oneOrManyBody(LocationInput, 'one `{ id, name, address, qualifier? }` or an array of them'),
    },
    responses: {
      200: { description: 'saved', content: { 'application/json': { schema: Counts } } },
      ...errorResponses,
      404: notFound,
    },
  });
  app.post('/v1/partners/:id/locations', async (c) => {
    const { id } = parseJson(IdParam, c.req.param());
    const locations = parseJson(z.array(LocationInput).min(1).max(MAX_ENTRIES), oneOrMany(await body(c)));
    return c.json(await saveLocations(deps.db, id, locations, 'admin'), 200);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners/{id}/locations',
      summary: "A partner's ship-to locations",
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: {
          description: 'locations by id',
          content: { 'application/json': { schema: z.object({ locations: z.array(LocationView) }) } },
        },
        401: errorResponses[401],
        404: notFound,
      },
    }),
    async (c) => c.json({ locations: await listLocations(deps.db, c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partners/{id}/payments',
      summary: 'Record a payment from a partner, once per reference',
      description:
        'Allocations pay the invoices they name; the rest pays the oldest open invoices first. The same ' +
        'payment sent again answers 200 with the one recorded; another one under the same reference is a 409.',
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: PaymentInput } } },
      },
      responses: {
        200: { description: 'recorded before', content: { 'application/json': { schema: PaymentView } } },
        201: { description: 'recorded', content: { 'application/json': { schema: PaymentView } } },
        ...errorResponses,
        404: notFound,
        409: errorResponse('another payment is recorded under this reference (`credit.payment_conflict`)'),
        422: errorResponse(
          "an allocation names no invoice of the partner, or the currency is not the partner's",
        ),
      },
    }),
    async (c) => {
      const recorded = await recordPayment(deps.db, c.req.valid('param').id, c.req.valid('json'), 'admin');
      return recorded.created ? c.json(recorded.payment, 201) : c.json(recorded.payment, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners/{id}/balance',
      summary: 'What a partner owes: open invoices with days overdue, minus unapplied payments',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: { description: 'the balance', content: { 'application/json': { schema: BalanceView } } },
        401: errorResponses[401],
        404: notFound,
      },
    }),
    async (c) => c.json(await partnerBalance(deps.db, c.req.valid('param').id, new Date()), 200),
  );
}

/** The JSON body of a route validated by hand (one object or many). */
async function body(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw permanent('request.invalid', 'the body is not valid JSON');
  }
}
