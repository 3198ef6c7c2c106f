import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { DeliveryContext } from '../core/connector.ts';
import { redactSettings } from '../core/partner.ts';
import type { Database } from '../db/client.ts';
import { KEPT_SECRET, PartnerUpdate, updatePartner } from '../partners/partner-update.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

// a new object built here: zod 4 attaches .openapi() only to schemas created after @hono/zod-openapi loaded
const PartnerUpdateBody = z.object(PartnerUpdate.shape).openapi('PartnerUpdate', {
  example: { settings: { holdForReview: true, priceMismatch: 'hold' } },
});

const Updated = z
  .object({
    id: z.string(),
    name: z.string(),
    identifiers: z.array(z.object({ type: z.string(), qualifier: z.string().optional(), value: z.string() })),
    settings: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('UpdatedPartner');

/** `PATCH /v1/partners/{id}`: the same change the console's partner form makes (updatePartner). */
export function registerPartnerUpdateRoute(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; secrets: SecretBox; delivery: DeliveryContext },
): void {
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/partners/{id}',
      summary: "Change a partner's name, identifiers (replaced whole) or settings (replaced whole)",
      description: `A delivery credential sent back as "${KEPT_SECRET}" keeps the stored one. Audited before and after.`,
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: PartnerUpdateBody } } },
      },
      responses: {
        200: { description: 'changed', content: { 'application/json': { schema: Updated } } },
        ...errorResponses,
        404: errorResponse('no such partner'),
        409: errorResponse('an identifier belongs to another partner; `details` names each by its path'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const updated = await updatePartner(deps, id, c.req.valid('json'), 'admin');
      if (updated === undefined) return c.json(errorBody('request.not_found', `no partner ${id}`), 404);
      return c.json({ ...updated, settings: redactSettings(updated.settings) }, 200);
    },
  );
}
