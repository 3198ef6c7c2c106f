import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { toGatewayErrorShape } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import { listOrders, orderView } from '../db/order-view.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { InvoiceInput, recordInvoice } from '../services/record-invoice.ts';
import { type ApiEnv, visible } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam, partnerSecurity } from './schemas.ts';

const summaryFields = {
  id: z.string(),
  partnerId: z.string(),
  channel: z.string(),
  poNumber: z.string(),
  poDate: z.string(),
  purpose: z.string(),
  status: z.string(),
  currency: z.string(),
  totalAmount: z.string().nullable(),
  messageId: z.string(),
  createdAt: z.string(),
};
const OrderSummary = z.object(summaryFields).openapi('OrderSummary');
const OrderView = z
  .object({
    ...summaryFields,
    order: z.unknown(),
    diagnostics: z.array(z.unknown()),
    documents: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        status: z.string(),
        messageId: z.string().nullable(),
        control: z.unknown(),
        partnerAck: z.unknown(),
      }),
    ),
  })
  .openapi('Order');

const InvoiceRequest = InvoiceInput.openapi('InvoiceRequest');

export function registerOrderRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/orders',
      summary: 'Orders newest first; a partner sees its own',
      security: partnerSecurity,
      request: {
        query: z.object({
          status: z.string().min(1).optional(),
          poNumber: z.string().min(1).optional(),
          messageId: z.string().min(1).max(100).optional(),
          partnerId: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .openapi({ description: "an admin's filter; a partner always sees its own" }),
          channel: z.string().min(1).max(40).optional(),
          since: z.iso.datetime({ offset: true }).optional(),
          after: z.string().min(1).max(100).optional().openapi({
            description: 'the last id of the previous page: the orders listed after it',
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: 'orders',
          content: { 'application/json': { schema: z.object({ orders: z.array(OrderSummary) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      const { since, ...query } = c.req.valid('query');
      const filter = {
        ...query,
        ...(since ? { since: new Date(since) } : {}),
        ...(principal.kind === 'partner' ? { partnerId: principal.partnerId } : {}),
      };
      return c.json({ orders: await listOrders(deps.db, filter) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/orders/{id}',
      summary: 'An order: the canonical order, its status and findings, and the documents sent about it',
      security: partnerSecurity,
      request: { params: IdParam },
      responses: {
        200: { description: 'the order', content: { 'application/json': { schema: OrderView } } },
        401: errorResponses[401],
        404: errorResponse('no such order'),
      },
    }),
    async (c) => {
      const view = await orderView(deps.db, c.req.valid('param').id);
      if (view === undefined || !visible(c, view.partnerId))
        return c.json(errorBody('request.not_found', 'no such order'), 404);
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/orders/{id}/invoices',
      summary: 'Invoice an accepted order: the 810 is encoded and numbered by the pipeline',
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: InvoiceRequest } } },
      },
      responses: {
        202: {
          description: 'requested; the encode stage turns it into X12',
          content: {
            'application/json': { schema: z.object({ documentId: z.string(), total: z.string() }) },
          },
        },
        400: errorResponse(
          "invalid request, or a value its X12 element cannot carry in the partner's syntax (one of its delimiters, too long …): `details` names each",
        ),
        401: errorResponses[401],
        403: errorResponse('admins only'),
        404: errorResponse('no such order'),
        409: errorResponse('the order is not accepted'),
        422: errorResponse('the invoice does not fit the order: `details` says where'),
      },
    }),
    async (c) => {
      if (c.get('principal').kind !== 'admin')
        return c.json(errorBody('auth.forbidden', 'only an admin may invoice'), 403);
      try {
        const result = await recordInvoice(deps.db, c.req.valid('param').id, c.req.valid('json'), 'admin');
        switch (result.outcome) {
          case 'not_found':
            return c.json(errorBody('request.not_found', 'no such order'), 404);
          case 'not_accepted':
            return c.json(
              errorBody('order.not_accepted', `order ${result.poNumber} is ${result.status}, not accepted`),
              409,
            );
          case 'requested':
            deps.dispatcher.notify();
            return c.json({ documentId: result.documentId, total: result.total }, 202);
        }
      } catch (error) {
        // the request does not fit the order: the caller is told exactly how, nothing is stored
        const shape = toGatewayErrorShape(error);
        if (shape.kind !== 'permanent' || !shape.code.startsWith('invoice.')) throw error;
        return c.json(errorBody(shape.code, shape.message, shape.details), 422);
      }
    },
  );
}
