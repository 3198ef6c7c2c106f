import { encode855 } from '../../../connectors/x12/encode-855.ts';
import type { Acknowledgment } from '../../core/documents.ts';
import type { Order } from '../../core/order.ts';
import type { ResolvedPartnerSettings } from '../../core/partner.ts';
import type { Resolved855Mapping } from '../../mapping/outbound-mapping.schema.ts';
import { outboundInterchange, outboundSyntax, parseParty } from '../../pipeline/x12/outbound-x12.ts';
import type { SegmentData } from '../../x12/writer.ts';

/** The 855 the bench shows: the interchange text, or why none could be written. */
export type Bench855 = { text: string } | { problem: string } | { skipped: string };

/**
 * The 855 the gateway would send for `orders` had each been accepted as ordered (the pass-through routing of
 * a partner without wholesale rules): the real encoder with the partner's active 855 mapping and its
 * delimiters and release, in one interchange numbered 1 (a preview reserves none of the partner's numbers).
 * Addressed back to the interchange's sender, or to the partner's id when the order came from a spreadsheet.
 */
export function preview855(
  orders: readonly Order[],
  settings: ResolvedPartnerSettings,
  mapping: Resolved855Mapping | undefined,
  partnerId: string,
  now: Date,
): Bench855 {
  if (settings.send855 === false) return { skipped: 'the partner takes no 855' };
  if (orders.length === 0) return { skipped: 'no order to acknowledge' };
  const syntax = outboundSyntax(settings);
  const first = orders[0]!;
  const us = parseParty(first.source.receiver) ?? { qualifier: 'ZZ', id: 'ORDERGATE' };
  const them = parseParty(first.source.sender) ?? {
    qualifier: 'ZZ',
    id: partnerId.toUpperCase().slice(0, 15),
  };
  const date = now.toISOString().slice(0, 10);
  try {
    const transactions = orders.map((order, index) => ({
      type: '855',
      controlNumber: index + 1,
      body: encode855({
        acknowledgment: acceptedAsOrdered(order),
        order,
        ackDate: date,
        version: syntax.version,
        ...(mapping ? { mapping } : {}),
      }) as readonly SegmentData[],
    }));
    const { text } = outboundInterchange({
      sender: us,
      receiver: them,
      controlNumber: 1,
      date: date.replaceAll('-', ''),
      time: now.toISOString().slice(11, 16).replace(':', ''),
      version: syntax.version,
      usage: settings.usage ?? 'P',
      delimiters: syntax.delimiters,
      groups: [
        {
          functionalId: 'PR',
          senderId: us.id,
          receiverId: them.id,
          controlNumber: 1,
          version: syntax.version,
          transactions,
        },
      ],
    });
    return { text };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** Every line accepted at its quantity and price, as routing answers an order no rule held. */
function acceptedAsOrdered(order: Order): Acknowledgment {
  return {
    orderId: order.id,
    status: 'accepted',
    lines: order.lines.map((line) => ({
      lineNumber: line.lineNumber,
      status: 'accepted',
      quantity: line.quantity,
      ...(line.unitPrice !== undefined ? { unitPrice: line.unitPrice } : {}),
    })),
  };
}
