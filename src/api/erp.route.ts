import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Acknowledgment } from '../core/documents.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { recordErpNumber } from '../services/erp-number.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

/** The number as the 855 carries it (BAK08, 1–30 characters): one definition, the Acknowledgment's. */
const ErpNumberRequest = z
  .object({ erpOrderNumber: Acknowledgment.shape.erpOrderNumber.unwrap() })
  .openapi('ErpNumberRequest');

/** The ERP's answer to an accepted order: its order number (admin: the ERP holds the admin token). */
export function registerErpRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher },
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/orders/{id}/erp',
      summary: "Record the ERP's order number for an accepted order; an 855 held for it goes out (BAK08)",
      description:
        'Idempotent: the same number again answers 200 and changes nothing. ' +
        '409 `order.not_awaiting_erp` when the order is not accepted or has another number.',
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: ErpNumberRequest } } },
      },
      responses: {
        200: {
          description: 'recorded (`recorded: false`: it was already)',
          content: {
            'application/json': {
              schema: z
                .object({ orderId: z.string(), erpOrderNumber: z.string(), recorded: z.boolean() })
                .openapi('ErpNumber'),
            },
          },
        },
        ...errorResponses,
        403: errorResponse('admins only'),
        404: errorResponse('no such order'),
        409: errorResponse('the order is not accepted, or has another ERP number'),
      },
    }),
    async (c) => {
      if (c.get('principal').kind !== 'admin')
        return c.json(errorBody('auth.forbidden', "only an admin may record the ERP's number"), 403);
      const { id } = c.req.valid('param');
      const done = await recordErpNumber(deps.db, id, c.req.valid('json').erpOrderNumber, 'admin');
      if (done === undefined) return c.json(errorBody('request.not_found', `no order ${id}`), 404);
      if (done.recorded) deps.dispatcher.notify();
      return c.json(done, 200);
    },
  );
}
