import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { resolveShipment } from '../../connectors/x12/encode-856.ts';
import type { HierarchyShape } from '../../connectors/x12/place-856.ts';
import type { Shipment } from '../core/documents.ts';
import type { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { outboundDocuments } from '../db/schema.ts';
import type { Resolved856Mapping } from '../mapping/outbound-mapping.schema.ts';
import { ShipmentRequest } from './outbound-x12.ts';

/**
 * Checks a shipment against its orders and against what was already shipped on them, and returns the 856
 * document content. Earlier ship notices (not ones the partner rejected) count: their packs are checked
 * together with the new ones, so quantities above what was ordered across several shipments, and a carton
 * SSCC used twice, are refused like within one. Throws the encoder's permanent `shipment.*` errors.
 */
export async function prepareShipment(
  db: Database,
  shipment: Shipment,
  orders: Order[],
  shape: HierarchyShape,
  mapping: Resolved856Mapping,
): Promise<ShipmentRequest> {
  const earlier = await db
    .select({ content: outboundDocuments.content })
    .from(outboundDocuments)
    .where(
      and(
        eq(outboundDocuments.type, '856'),
        inArray(
          outboundDocuments.orderId,
          orders.map((o) => o.id),
        ),
        ne(outboundDocuments.status, 'rejected'),
      ),
    );
  const shippedBefore = earlier.flatMap((e) => ShipmentRequest.parse(e.content).shipment.packs);
  const base = {
    orders,
    shape,
    mapping,
    version: '004010' as const,
    shipmentId: 'check',
    noticeTime: '0000',
  };
  // together: over-shipment and repeated SSCCs across every shipment of these orders
  resolveShipment({
    ...base,
    shape: 'SOI',
    shipment: { ...shipment, packs: [...shippedBefore, ...shipment.packs] },
  });
  // alone, in the partner's shape: what this 856 will say
  resolveShipment({ ...base, shipment });
  return { shipment, shape, shipmentId: `SH${randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase()}` };
}
