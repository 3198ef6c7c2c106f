import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { PartnerInput } from '../core/partner.ts';
import type { Database } from '../db/client.ts';
import { createPartner, listPartners } from '../db/partner-store.ts';
import type { ApiEnv } from './auth.ts';
import { adminSecurity, ErrorResponse, errorResponses } from './schemas.ts';

const PartnerView = z
  .object({
    id: z.string(),
    name: z.string(),
    identifiers: z.array(z.object({ type: z.string(), qualifier: z.string().optional(), value: z.string() })),
    settings: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('Partner');

// a new object built here: zod 4 attaches .openapi() only to schemas created after @hono/zod-openapi loaded,
// and src/core (pure) may be imported first
const PartnerCreateBody = z.object(PartnerInput.shape).openapi('PartnerCreate', {
  example: {
    id: 'harbor-pine',
    name: 'Harbor & Pine',
    identifiers: [
      { type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' },
      { type: 'email', value: 'orders@harborpine.example' },
    ],
    settings: {},
  },
});

export function registerPartnerRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partners',
      summary: 'Create a trading partner; its API key is returned once',
      security: adminSecurity,
      request: { body: { required: true, content: { 'application/json': { schema: PartnerCreateBody } } } },
      responses: {
        201: {
          description: 'created',
          content: { 'application/json': { schema: z.object({ partner: PartnerView, apiKey: z.string() }) } },
        },
        ...errorResponses,
        409: {
          description: 'id or identifier already taken',
          content: { 'application/json': { schema: ErrorResponse } },
        },
      },
    }),
    async (c) => {
      const created = await createPartner(deps.db, c.req.valid('json'), 'admin');
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners',
      summary: 'List trading partners',
      security: adminSecurity,
      responses: {
        200: {
          description: 'partners',
          content: { 'application/json': { schema: z.object({ partners: z.array(PartnerView) }) } },
        },
        401: errorResponses[401],
      },
    }),
    async (c) => c.json({ partners: await listPartners(deps.db) }, 200),
  );
}
