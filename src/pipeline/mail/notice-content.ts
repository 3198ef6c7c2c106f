import {
  acknowledgmentNoticeCsv,
  acknowledgmentNoticeText,
} from '../../../connectors/email/acknowledgment-notice.ts';
import { invoiceCsv, shipmentCsv } from '../../../connectors/email/document-csv.ts';
import { invoiceSummary, shipmentSummary } from '../../../connectors/email/document-summary.ts';
import { Acknowledgment, Invoice } from '../../core/documents.ts';
import { permanent } from '../../core/errors.ts';
import type { Order } from '../../core/order.ts';
import { ShipmentRequest } from '../x12/outbound-x12.ts';

/** The document types a mail partner receives as a notice mail with a CSV. */
export type NoticeKind = '855' | '856' | '810';

/** What a notice mail says about one document: its subject reference, summary and attached CSV. */
export interface NoticeContent {
  kind: NoticeKind;
  /** What names the document to the partner in the subject: the PO number(s), the invoice number. */
  reference: string;
  summaryText: string;
  csv: Uint8Array;
  filename: string;
}

/**
 * The notice of one requested 855, 856 or 810, from the canonical document its `content` holds (the
 * Acknowledgment of acknowledge.stage.ts, told line by line as connectors/email/acknowledgment-notice.ts writes it, the ShipmentRequest of shipment-request.ts, the resolved Invoice of
 * invoice-request.ts: the same content the X12 encoders read), in the partner's language. Throws permanent
 * `outbound.type_unsupported` for any other type.
 */
export function noticeContent(
  document: { type: string; content: unknown },
  orders: readonly Order[],
  language: string,
): NoticeContent {
  const order = orders[0]!;
  switch (document.type) {
    case '855': {
      const ack = Acknowledgment.parse(document.content);
      return {
        kind: '855',
        reference: order.poNumber,
        // every line's outcome in words, the ERP's order number, the CSV with status and outcome columns
        summaryText: acknowledgmentNoticeText(ack, order, language),
        csv: acknowledgmentNoticeCsv(ack, order, language),
        filename: csvName('855', order.poNumber),
      };
    }
    case '856': {
      const { shipment, shipmentId } = ShipmentRequest.parse(document.content);
      // the partner knows its orders by PO number; the shipment id is ours, so it only names the file
      return {
        kind: '856',
        reference: orders.map((o) => o.poNumber).join(', '),
        summaryText: shipmentSummary(shipment, orders, language),
        csv: shipmentCsv(shipment, orders),
        filename: csvName('856', shipmentId),
      };
    }
    case '810': {
      const invoice = Invoice.parse(document.content);
      return {
        kind: '810',
        reference: invoice.invoiceNumber,
        summaryText: invoiceSummary(invoice, order, language),
        csv: invoiceCsv(invoice, order),
        filename: csvName('810', invoice.invoiceNumber),
      };
    }
    default:
      throw permanent('outbound.type_unsupported', `no notice mail for ${document.type} documents`);
  }
}

/** A file name a mail program shows and saves as it is: the PO or invoice number may hold any character. */
function csvName(kind: NoticeKind, reference: string): string {
  return `${kind}-${reference.replace(/[^\w.-]+/g, '_').slice(0, 80)}.csv`;
}
