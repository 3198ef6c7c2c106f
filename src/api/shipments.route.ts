import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Decimal } from 'decimal.js';
import { Shipment } from '../core/documents.ts';
import { toGatewayErrorShape } from '../core/errors.ts';
import { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { orderView } from '../db/order-view.ts';
import { defaultOutboundMapping } from '../mapping/default-outbound-mapping.ts';
import { type OutboundAgreement, outboundAgreement } from '../partners/outbound-agreement.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { outboundSyntax } from '../pipeline/x12/outbound-x12.ts';
import { prepareInvoice } from '../services/invoice-request.ts';
import { requestDocument } from '../services/request-document.ts';
import { prepareShipment } from '../services/shipment-request.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

/** DESIGN §5: a Shipment without `orderIds` ships the order of the path; naming more ships them together. */
const ShipmentBody = z
  .object({
    ...Shipment.shape,
    orderIds: Shipment.shape.orderIds.optional(),
    /** The 856 hierarchy; default the partner's `asnShape` (S-O-P-I unless it says otherwise). */
    shape: z.enum(['SOI', 'SOPI', 'SOTPI']).optional(),
  })
  .openapi('ShipmentRequest');

/**
 * The 810 for what a shipment ships, per order (partner setting `invoiceOnShipment`). The 856 stands whatever
 * happens here: an invoice that cannot be made (a line without a price …) is reported, to be posted by hand.
 */
async function invoiceShipment(
  db: Database,
  agreement: OutboundAgreement,
  orders: Order[],
  shipment: Shipment,
  shipmentId: string,
): Promise<{ orderId: string; documentId?: string; error?: unknown }[]> {
  const results: { orderId: string; documentId?: string; error?: unknown }[] = [];
  for (const order of orders) {
    const own = new Set(order.lines.map((l) => l.lineNumber));
    const lines = shipment.packs.flatMap((p) => p.lines).filter((l) => own.has(l.lineNumber));
    const merged = new Map<string, Decimal>();
    for (const l of lines)
      merged.set(l.lineNumber, (merged.get(l.lineNumber) ?? new Decimal(0)).plus(l.quantity));
    try {
      const { documentId } = await requestDocument(db, {
        type: '810',
        partnerId: order.partnerId,
        orderId: order.id,
        prepare: (tx) =>
          prepareInvoice(
            tx,
            order,
            {
              invoiceNumber: shipmentId,
              invoiceDate: shipment.shipDate,
              lines: [...merged].map(([lineNumber, quantity]) => ({
                lineNumber,
                quantity: quantity.toFixed(),
              })),
            },
            { mapping: agreement.outbound['810'], syntax: outboundSyntax(agreement.settings) },
          ),
        actor: 'pipeline',
      });
      results.push({ orderId: order.id, documentId });
    } catch (error) {
      const shape = toGatewayErrorShape(error);
      if (shape.kind !== 'permanent') throw error;
      results.push({ orderId: order.id, error: { code: shape.code, message: shape.message } });
    }
  }
  return results;
}

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
      const pathId = c.req.valid('param').id;
      const { shape, ...body } = c.req.valid('json');
      const orderIds = body.orderIds ?? [pathId];
      if (!orderIds.includes(pathId)) orderIds.unshift(pathId);
      const orders: Order[] = [];
      for (const id of orderIds) {
        const view = await orderView(deps.db, id);
        if (view === undefined) return c.json(errorBody('request.not_found', `no order ${id}`), 404);
        if (view.status !== 'accepted')
          return c.json(errorBody('order.not_accepted', `order ${view.poNumber} is ${view.status}`), 409);
        orders.push(Order.parse(view.order));
      }
      const partnerId = orders[0]!.partnerId;
      if (orders.some((o) => o.partnerId !== partnerId))
        return c.json(errorBody('shipment.several_partners', 'one ship notice goes to one partner'), 409);
      const agreement = await outboundAgreement(deps.db, partnerId);
      const hierarchy = shape ?? agreement?.settings.asnShape ?? 'SOPI';
      const mapping = agreement?.outbound['856'] ?? defaultOutboundMapping('856');
      try {
        const { documentId, content } = await requestDocument(deps.db, {
          type: '856',
          partnerId,
          orderId: pathId,
          orderIds,
          prepare: (tx) =>
            prepareShipment(tx, { ...body, orderIds }, orders, hierarchy, {
              mapping,
              syntax: outboundSyntax(agreement?.settings),
            }),
          actor: 'admin',
        });
        const invoices = agreement?.settings.invoiceOnShipment
          ? await invoiceShipment(deps.db, agreement, orders, { ...body, orderIds }, content.shipmentId)
          : [];
        deps.dispatcher.notify();
        return c.json({ documentId, shipmentId: content.shipmentId, invoices }, 202);
      } catch (error) {
        // the shipment does not fit the orders: the caller is told exactly how, nothing is stored
        const found = toGatewayErrorShape(error);
        if (found.kind !== 'permanent' || !found.code.startsWith('shipment.')) throw error;
        return c.json(errorBody(found.code, found.message, found.details), 422);
      }
    },
  );
}
