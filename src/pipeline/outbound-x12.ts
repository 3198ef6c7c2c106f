import { encode810 } from '../../connectors/x12/encode-810.ts';
import { encode855 } from '../../connectors/x12/encode-855.ts';
import { Acknowledgment, Invoice } from '../core/documents.ts';
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
  order: Order,
  context: { version: OutboundVersion; today: string },
): OutboundBody {
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
    default:
      throw permanent('outbound.type_unsupported', `no X12 encoder for ${document.type} documents`);
  }
}

/** An X12 party "qualifier:id" as orders record their interchange's sender and receiver. */
export function parseParty(value: string | undefined): { qualifier: string; id: string } | undefined {
  const match = value === undefined ? null : /^([^:]{1,2}):(.+)$/.exec(value);
  return match ? { qualifier: match[1]!, id: match[2]!.trim() } : undefined;
}
