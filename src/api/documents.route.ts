import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import { cancelDocument } from '../services/cancel-document.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const CancelledDocument = z
  .object({
    id: z.string(),
    type: z.string(),
    orderId: z.string().nullable(),
    status: z.literal('cancelled'),
  })
  .openapi('CancelledDocument');

/** Outbound documents (855, 856, 810) by id, for operators. */
export function registerDocumentRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/documents/{id}/cancel',
      summary:
        'Cancel an 855, 856 or 810 that never reached the partner (requested, or failed in encode): it no longer counts as shipped or invoiced, so it can be requested again',
      description:
        'A document that was encoded or sent is not cancelled here: taking back a sent 856 or 810 is a new document to the partner (a cancellation ASN, a credit memo).',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: { description: 'cancelled', content: { 'application/json': { schema: CancelledDocument } } },
        ...errorResponses,
        404: errorResponse('no such document'),
        409: errorResponse('the document went out already (or is not an 855, 856 or 810): not cancellable'),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const result = await cancelDocument(deps.db, id, 'admin');
      if (result.outcome === 'not_found')
        return c.json(errorBody('request.not_found', `no document ${id}`), 404);
      if (result.outcome === 'not_cancellable') {
        return c.json(
          errorBody(
            'document.not_cancellable',
            `the ${result.type} ${id} is ${result.status}: only an 855, 856 or 810 not yet encoded (requested, or failed) can be cancelled`,
            { type: result.type, status: result.status },
          ),
          409,
        );
      }
      return c.json(result.document, 200);
    },
  );
}
