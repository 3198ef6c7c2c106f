import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { toGatewayErrorShape } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { recordShipment, ShipmentInput } from '../services/record-shipment.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const ShipmentBody = ShipmentInput.openapi('ShipmentRequest');

export function registerShipmentRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher },
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/orders/{id}/shipments',
      summary:
        'Ship accepted orders: the 856 is checked against what was ordered and already shipped, then encoded',
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: ShipmentBody } } },
      },
      responses: {
        202: {
          description: 'requested; the encode stage turns it into X12',
          content: {
            'application/json': {
              schema: z.object({
                documentId: z.string(),
                shipmentId: z.string(),
                /** With the partner's `invoiceOnShipment`: the 810 requested per order, or why none could be. */
                invoices: z.array(
                  z.object({
                    orderId: z.string(),
                    documentId: z.string().optional(),
                    error: z.unknown().optional(),
                  }),
                ),
              }),
            },
          },
        },
        400: errorResponse(
          "invalid request, or a value its X12 element cannot carry in the partner's syntax (one of its delimiters, too long …): `details` names each",
        ),
        401: errorResponses[401],
        403: errorResponse('admins only'),
        404: errorResponse('no such order'),
        409: errorResponse('an order is not accepted, or belongs to another partner'),
        422: errorResponse(
          'the shipment does not fit the orders (over-shipment, bad SSCC …): `details` says where',
        ),
      },
    }),
    async (c) => {
      if (c.get('principal').kind !== 'admin')
        return c.json(errorBody('auth.forbidden', 'only an admin may ship'), 403);
      try {
        const result = await recordShipment(deps.db, c.req.valid('param').id, c.req.valid('json'), 'admin');
        switch (result.outcome) {
          case 'not_found':
            return c.json(errorBody('request.not_found', `no order ${result.orderId}`), 404);
          case 'not_accepted':
            return c.json(
              errorBody('order.not_accepted', `order ${result.poNumber} is ${result.status}`),
              409,
            );
          case 'several_partners':
            return c.json(errorBody('shipment.several_partners', 'one ship notice goes to one partner'), 409);
          case 'requested': {
            deps.dispatcher.notify();
            const { documentId, shipmentId, invoices } = result;
            return c.json({ documentId, shipmentId, invoices }, 202);
          }
        }
      } catch (error) {
        // the shipment does not fit the orders: the caller is told exactly how, nothing is stored
        const found = toGatewayErrorShape(error);
        if (found.kind !== 'permanent' || !found.code.startsWith('shipment.')) throw error;
        return c.json(errorBody(found.code, found.message, found.details), 422);
      }
    },
  );
}
