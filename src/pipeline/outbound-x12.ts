import { z } from 'zod';
import { encode810 } from '../../connectors/x12/encode-810.ts';
import { encode855 } from '../../connectors/x12/encode-855.ts';
import { encode856 } from '../../connectors/x12/encode-856.ts';
import { Acknowledgment, Invoice, Shipment } from '../core/documents.ts';
import { permanent } from '../core/errors.ts';
import type { Order } from '../core/order.ts';
import type { SegmentData } from '../x12/writer.ts';

/** The GS08 version our documents follow unless the partner's agreement names another. */
export type OutboundVersion = '004010' | '005010';

export interface OutboundBody {
  /** GS01 of the group the set goes into. */
  functionalId: string;
  /** ST01. */
  type: string;
  body: SegmentData[];
}

/**
 * The X12 transaction set body for a requested outbound document, from its canonical content (validated here:
 * it was stored as JSON) and the order it answers. One entry per document type; 856 joins when its encoder does.
 */
export function outboundBody(
  document: { type: string; content: unknown },
  orders: Order[],
  context: { version: OutboundVersion; today: string; time: string },
): OutboundBody {
  const order = orders[0]!;
  switch (document.type) {
    case '855':
      return {
        functionalId: 'PR',
        type: '855',
        body: encode855({
          acknowledgment: Acknowledgment.parse(document.content),
          order,
          ackDate: context.today,
          version: context.version,
        }),
      };
    case '810':
      return {
        functionalId: 'IN',
        type: '810',
        body: encode810({ invoice: Invoice.parse(document.content), order, version: context.version }),
      };
    case '856': {
      const request = ShipmentRequest.parse(document.content);
      return {
        functionalId: 'SH',
        type: '856',
        body: encode856({
          shipment: request.shipment,
          orders,
          shape: request.shape,
          version: context.version,
          shipmentId: request.shipmentId,
          noticeTime: context.time,
        }),
      };
    }
    default:
      throw permanent('outbound.type_unsupported', `no X12 encoder for ${document.type} documents`);
  }
}

/** What an 856 document holds: the shipment, the hierarchy shape the partner wants, and BSN02. */
export const ShipmentRequest = z.object({
  shipment: Shipment,
  shape: z.enum(['SOI', 'SOPI', 'SOTPI']),
  shipmentId: z.string().min(2).max(30),
});
export type ShipmentRequest = z.infer<typeof ShipmentRequest>;

/** The orders a document is about: an 856 may ship several, the others answer one. */
export function documentOrderIds(document: {
  type: string;
  content: unknown;
  orderId: string | null;
}): string[] {
  if (document.type === '856') return ShipmentRequest.parse(document.content).shipment.orderIds;
  return document.orderId ? [document.orderId] : [];
}

/** An X12 party "qualifier:id" as orders record their interchange's sender and receiver. */
export function parseParty(value: string | undefined): { qualifier: string; id: string } | undefined {
  const match = value === undefined ? null : /^([^:]{1,2}):(.+)$/.exec(value);
  return match ? { qualifier: match[1]!, id: match[2]!.trim() } : undefined;
}
