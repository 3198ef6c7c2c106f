import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, notInArray, or } from 'drizzle-orm';
import { resolveShipment } from '../../connectors/x12/encode-856.ts';
import type { HierarchyShape } from '../../connectors/x12/place-856.ts';
import { shipmentElements } from '../../connectors/x12/request-elements.ts';
import { Acknowledgment, ChangeAcknowledgment, type Shipment } from '../core/documents.ts';
import { permanent, toGatewayErrorShape } from '../core/errors.ts';
import type { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { UNCOUNTED_DOCUMENT_STATUSES } from '../db/document-status.ts';
import { outboundDocuments } from '../db/schema.ts';
import type { Resolved856Mapping } from '../mapping/outbound-mapping.schema.ts';
import { type OutboundSyntax, ShipmentRequest } from '../pipeline/x12/outbound-x12.ts';
import { checkRequestElements } from '../pipeline/x12/request-elements-check.ts';

/**
 * An order as its latest 855 (and 865s since) told the partner it would ship: a line acknowledged with another quantity
 * (ACK IQ) is capped there and a rejected line (IR) at zero; accepted, price-changed and backordered lines
 * (a backorder ships later) keep the quantity ordered.
 */
export function asAcknowledged(order: Order, acknowledgment: Acknowledgment | undefined): Order {
  if (acknowledgment === undefined) return order;
  const byLine = new Map(acknowledgment.lines.map((line) => [line.lineNumber, line]));
  const lines = order.lines.map((line) => {
    const acknowledged = byLine.get(line.lineNumber);
    if (acknowledged?.status === 'rejected') return { ...line, quantity: '0' };
    if (acknowledged?.status === 'quantity_changed') return { ...line, quantity: acknowledged.quantity };
    return line;
  });
  return { ...order, lines };
}

/**
 * Checks a shipment against the X12 elements its values go into (permanent `request.invalid`, see
 * checkRequestElements), against its orders as acknowledged and against what was already shipped on them,
 * and returns the 856 document content. Earlier ship notices count unless the partner rejected them, they
 * failed in encode or were cancelled: their packs are checked together with the new ones, so quantities above
 * what was ordered across several shipments, and a carton SSCC used twice, are refused like within one.
 * Throws the encoder's permanent `shipment.*` errors.
 */
export async function prepareShipment(
  db: Database,
  shipment: Shipment,
  orders: Order[],
  shape: HierarchyShape,
  outbound: { mapping: Resolved856Mapping; syntax: OutboundSyntax },
): Promise<ShipmentRequest> {
  const { mapping } = outbound;
  checkRequestElements(shipmentElements(shipment, mapping), outbound.syntax);
  const ids = orders.map((o) => o.id);
  const counting = (type: '855' | '856' | '865') =>
    and(
      eq(outboundDocuments.type, type),
      inArray(outboundDocuments.orderId, ids),
      notInArray(outboundDocuments.status, [...UNCOUNTED_DOCUMENT_STATUSES]),
    );
  const earlier = await db
    .select({ content: outboundDocuments.content })
    .from(outboundDocuments)
    .where(counting('856'));
  const shippedBefore = earlier.flatMap((e) => ShipmentRequest.parse(e.content).shipment.packs);
  // oldest first: each line as the latest answer about it says, an 865's lines over the 855 before it (a
  // change answered by an 865 names only the lines it changed; the order's lines are already the changed ones)
  const acks = await db
    .select({
      orderId: outboundDocuments.orderId,
      type: outboundDocuments.type,
      content: outboundDocuments.content,
    })
    .from(outboundDocuments)
    .where(or(counting('855'), counting('865')))
    .orderBy(asc(outboundDocuments.createdAt));
  const latest = new Map<string | null, Acknowledgment>();
  for (const a of acks) {
    if (a.type === '855') latest.set(a.orderId, Acknowledgment.parse(a.content));
    else {
      const change = ChangeAcknowledgment.parse(a.content);
      const before = latest.get(a.orderId);
      // a refused change of a line already on the order leaves the line as the answer before said
      const told = change.lines.filter((l) => l.status !== 'rejected' || l.change === 'add');
      const changed = new Set(told.map((l) => l.lineNumber));
      latest.set(a.orderId, {
        orderId: change.orderId,
        status: change.status,
        lines: [...(before?.lines.filter((l) => !changed.has(l.lineNumber)) ?? []), ...told],
      });
    }
  }
  const acknowledged = orders.map((order) => asAcknowledged(order, latest.get(order.id)));
  const base = {
    orders: acknowledged,
    shape,
    mapping,
    version: '004010' as const,
    shipmentId: 'check',
    noticeTime: '0000',
  };
  try {
    // together: over-shipment and repeated SSCCs across every shipment of these orders
    resolveShipment({
      ...base,
      shape: 'SOI',
      shipment: { ...shipment, packs: [...shippedBefore, ...shipment.packs] },
    });
    // alone, in the partner's shape: what this 856 will say
    resolveShipment({ ...base, shipment });
  } catch (error) {
    throw overAcknowledged(error, orders, acknowledged);
  }
  return { shipment, shape, shipmentId: `SH${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}` };
}

/** An over-shipment of lines whose 855 said less than was ordered, told as such; any other error as it is. */
function overAcknowledged(error: unknown, ordered: Order[], acknowledged: Order[]): unknown {
  const found = toGatewayErrorShape(error);
  if (found.code !== 'shipment.over_shipped' || !Array.isArray(found.details)) return error;
  const quantityOf = (orders: Order[], poNumber: string, lineNumber: string) =>
    orders.find((o) => o.poNumber === poNumber)?.lines.find((l) => l.lineNumber === lineNumber)?.quantity;
  const details = (found.details as { poNumber: string; lineNumber: string; shipped: string }[]).map((d) => ({
    ...d,
    ordered: quantityOf(ordered, d.poNumber, d.lineNumber),
    acknowledged: quantityOf(acknowledged, d.poNumber, d.lineNumber),
  }));
  if (details.every((d) => d.ordered === d.acknowledged)) return error;
  const list = details.map(
    (d) =>
      `${d.poNumber} line ${d.lineNumber}: ${d.shipped} shipped, ${d.ordered} ordered` +
      (d.ordered === d.acknowledged ? '' : `, ${d.acknowledged} acknowledged (855)`),
  );
  return permanent(
    'shipment.over_shipped',
    `more shipped than ordered and acknowledged: ${list.join('; ')}`,
    {
      details,
    },
  );
}
