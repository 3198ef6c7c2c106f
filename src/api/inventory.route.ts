import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { InventoryItem } from '../core/master-data.ts';
import type { Database } from '../db/client.ts';
import { listInventory, setInventory } from '../services/master-data/inventory.ts';
import { importInventoryFile } from '../services/master-data/product-import.ts';
import type { ApiEnv } from './auth.ts';
import { limitBody } from './body-limits.ts';
import { FILE_CONTENT_TYPES, MAX_IMPORT_BYTES, oneOrMany, parseJson, readImportBody } from './import-body.ts';
import { adminSecurity, errorResponse, errorResponses } from './schemas.ts';

/** Most stock counts one JSON body takes. */
const MAX_COUNTS = 500_000;

const InventoryView = z
  .object({
    sku: z.string(),
    warehouse: z.string(),
    onHand: z.string(),
    reserved: z.string().openapi({ description: "held for accepted orders' lines" }),
    available: z.string().openapi({ description: 'available to promise: onHand − reserved' }),
    updatedAt: z.string(),
  })
  .openapi('Inventory');

const Counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

export function registerInventoryRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openAPIRegistry.registerPath({
    method: 'put',
    path: '/v1/inventory',
    summary: 'Set what is on hand per SKU and warehouse: JSON, or a CSV/XLSX file (sku, warehouse, on hand)',
    description:
      'Only the pairs sent change; reservations are kept, so available to promise is the new on hand minus ' +
      'what is reserved. Nothing is saved when any entry is bad.',
    security: adminSecurity,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.array(z.object(InventoryItem.shape)) },
          ...Object.fromEntries(
            FILE_CONTENT_TYPES.map((t) => [t, { schema: z.string().openapi({ format: 'binary' }) }]),
          ),
        },
      },
    },
    responses: {
      200: { description: 'saved', content: { 'application/json': { schema: Counts } } },
      ...errorResponses,
      413: errorResponse('larger than an import takes (32 MB)'),
      415: errorResponse('neither JSON nor a spreadsheet file'),
      422: errorResponse(
        'a SKU that is no product (`product.unknown_sku`), bad rows (`product.import_invalid`), an unreadable file',
      ),
    },
  });

  app.put('/v1/inventory', limitBody(MAX_IMPORT_BYTES), async (c) => {
    const body = await readImportBody(c);
    if (body.kind === 'file') return c.json(await importInventoryFile(deps.db, body.file, 'admin'), 200);
    const counts = parseJson(z.array(InventoryItem).min(1).max(MAX_COUNTS), oneOrMany(body.value));
    return c.json(await setInventory(deps.db, counts, 'admin'), 200);
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/inventory',
      summary: 'Stock per SKU and warehouse with what is reserved and available to promise',
      security: adminSecurity,
      request: {
        query: z.object({
          sku: z.string().min(1).max(100).optional(),
          warehouse: z.string().min(1).max(100).optional(),
          after: z.string().min(1).max(500).optional().openapi({ description: '`next` of the page before' }),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: {
        200: {
          description: 'stock by SKU, then warehouse; `next` is there when more follow',
          content: {
            'application/json': {
              schema: z.object({ inventory: z.array(InventoryView), next: z.string().optional() }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listInventory(deps.db, c.req.valid('query')), 200),
  );
}
