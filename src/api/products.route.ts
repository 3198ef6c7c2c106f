import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ProductInput } from '../core/master-data.ts';
import type { Database } from '../db/client.ts';
import { importProductFile } from '../services/master-data/product-import.ts';
import { getProduct, listProducts, upsertProducts } from '../services/master-data/products.ts';
import type { ApiEnv } from './auth.ts';
import { limitBody } from './body-limits.ts';
import { errorBody } from './errors.ts';
import { FILE_CONTENT_TYPES, MAX_IMPORT_BYTES, oneOrMany, parseJson, readImportBody } from './import-body.ts';
import { adminSecurity, errorResponse, errorResponses } from './schemas.ts';

/** Most products one JSON import takes (a file is bounded by the spreadsheet reader's row limit). */
const MAX_PRODUCTS = 200_000;

export const ProductView = z
  .object({
    sku: z.string(),
    gtin: z.string().optional().openapi({ description: 'GTIN-14' }),
    description: z.string(),
    uom: z.string(),
    packSize: z.string().optional(),
    moq: z.string().optional(),
    orderMultiple: z.string().optional(),
    status: z.enum(['active', 'discontinued']),
    substitutes: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Product');

const Counts = z
  .object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() })
  .openapi('UpsertCounts');

const ProductBody = z.object(ProductInput.shape).openapi('ProductInput', {
  example: {
    sku: 'HP-1001',
    gtin: '04006381333931',
    description: 'Oak shelf, 80 cm',
    uom: 'EA',
    packSize: '4',
    moq: '8',
    orderMultiple: '4',
    status: 'active',
    substitutes: [],
  },
});

export function registerProductRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/products',
    summary: 'Create or update products by SKU: a JSON array, or a CSV/XLSX file',
    description:
      'A file is read by the spreadsheet reader (CSV or XLSX told by its bytes): its header row names the ' +
      'columns sku, gtin, description, uom, pack size, moq, order multiple, status and substitutes (separated by ' +
      '`;` or `,`) in any case and order. Nothing is saved when any row or item is bad: 422 names each row and ' +
      'column (a file) or path (JSON). Each change is in the audit trail.',
    security: adminSecurity,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.array(ProductBody) },
          ...Object.fromEntries(
            FILE_CONTENT_TYPES.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }]),
          ),
          'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }) }) },
        },
      },
    },
    responses: {
      200: { description: 'saved', content: { 'application/json': { schema: Counts } } },
      ...errorResponses,
      413: errorResponse('larger than an import takes (32 MB)'),
      415: errorResponse('neither JSON nor a spreadsheet file'),
      422: errorResponse(
        'bad rows (`product.import_invalid`, each with its row and column), or a file that cannot be read (`product.import_unreadable`)',
      ),
    },
  });

  app.post('/v1/products', limitBody(MAX_IMPORT_BYTES), async (c) => {
    const body = await readImportBody(c);
    if (body.kind === 'file') return c.json(await importProductFile(deps.db, body.file, 'admin'), 200);
    const products = parseJson(z.array(ProductInput).min(1).max(MAX_PRODUCTS), oneOrMany(body.value));
    return c.json(await upsertProducts(deps.db, products, 'admin'), 200);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/products',
      summary: 'Products by SKU, a page at a time; q finds SKU, GTIN or description',
      security: adminSecurity,
      request: {
        query: z.object({
          q: z.string().min(1).max(200).optional().openapi({
            description: 'part of a SKU, GTIN or description (case-insensitive); a UPC/EAN finds its GTIN-14',
          }),
          after: z.string().min(1).max(100).optional().openapi({ description: '`next` of the page before' }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: 'products; `next` is there when more follow',
          content: {
            'application/json': {
              schema: z.object({ products: z.array(ProductView), next: z.string().optional() }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listProducts(deps.db, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/products/{sku}',
      summary: 'One product',
      security: adminSecurity,
      request: { params: z.object({ sku: z.string().min(1).max(100) }) },
      responses: {
        200: { description: 'the product', content: { 'application/json': { schema: ProductView } } },
        401: errorResponses[401],
        404: errorResponse('no such product'),
      },
    }),
    async (c) => {
      const { sku } = c.req.valid('param');
      const product = await getProduct(deps.db, sku);
      if (product === undefined) return c.json(errorBody('request.not_found', `no product ${sku}`), 404);
      return c.json(product, 200);
    },
  );
}
