import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { Shipment } from '../core/documents.ts';
import { permanent, toGatewayErrorShape } from '../core/errors.ts';
import { zodProblems } from '../core/field-problem.ts';
import { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { orderView } from '../db/order-view.ts';
import { defaultOutboundMapping } from '../mapping/default-outbound-mapping.ts';
import { type OutboundAgreement, outboundAgreement } from '../partners/outbound-agreement.ts';
import { outboundSyntax } from '../pipeline/x12/outbound-x12.ts';
import { prepareInvoice } from './invoice-request.ts';
import { requestDocument } from './request-document.ts';
import { prepareShipment } from './shipment-request.ts';

/** DESIGN §5: a Shipment without `orderIds` ships the order of the path; naming more ships them together. */
export const ShipmentInput = z.object({
  ...Shipment.shape,
  orderIds: Shipment.shape.orderIds.optional(),
  /** The 856 hierarchy; default the partner's `asnShape` (S-O-P-I unless it says otherwise). */
  shape: z.enum(['SOI', 'SOPI', 'SOTPI']).optional(),
});
export type ShipmentInput = z.infer<typeof ShipmentInput>;

export type ShipmentOutcome =
  | { outcome: 'not_found'; orderId: string }
  | { outcome: 'not_accepted'; poNumber: string; status: string }
  | { outcome: 'several_partners' }
  | {
      outcome: 'requested';
      documentId: string;
      shipmentId: string;
      /** With the partner's `invoiceOnShipment`: the 810 requested per order, or why none could be. */
      invoices: { orderId: string; documentId?: string; error?: unknown }[];
    };

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

/**
 * Ships accepted orders (`POST /v1/orders/{id}/shipments` and the console's shipment form): the input checked
 * (permanent `request.invalid` with a problem per field), every order accepted and of one partner, the 856
 * checked against what was ordered, acknowledged and already shipped (permanent `shipment.*` errors), then
 * requested for the encode stage, and with `invoiceOnShipment` the 810s. The caller wakes the dispatcher.
 */
export async function recordShipment(
  db: Database,
  orderId: string,
  input: unknown,
  actor: string,
): Promise<ShipmentOutcome> {
  const parsed = ShipmentInput.safeParse(input);
  if (!parsed.success)
    throw permanent('request.invalid', 'the shipment is invalid', { details: zodProblems(parsed.error) });
  const { shape, ...body } = parsed.data;
  const orderIds = body.orderIds ?? [orderId];
  if (!orderIds.includes(orderId)) orderIds.unshift(orderId);
  const orders: Order[] = [];
  for (const id of orderIds) {
    const view = await orderView(db, id);
    if (view === undefined) return { outcome: 'not_found', orderId: id };
    if (view.status !== 'accepted')
      return { outcome: 'not_accepted', poNumber: view.poNumber, status: view.status };
    orders.push(Order.parse(view.order));
  }
  const partnerId = orders[0]!.partnerId;
  if (orders.some((o) => o.partnerId !== partnerId)) return { outcome: 'several_partners' };
  const agreement = await outboundAgreement(db, partnerId);
  const hierarchy = shape ?? agreement?.settings.asnShape ?? 'SOPI';
  const mapping = agreement?.outbound['856'] ?? defaultOutboundMapping('856');
  const { documentId, content } = await requestDocument(db, {
    type: '856',
    partnerId,
    orderId,
    orderIds,
    prepare: (tx) =>
      prepareShipment(tx, { ...body, orderIds }, orders, hierarchy, {
        mapping,
        syntax: outboundSyntax(agreement?.settings),
      }),
    actor,
  });
  const invoices = agreement?.settings.invoiceOnShipment
    ? await invoiceShipment(db, agreement, orders, { ...body, orderIds }, content.shipmentId)
    : [];
  return { outcome: 'requested', documentId, shipmentId: content.shipmentId, invoices };
}
