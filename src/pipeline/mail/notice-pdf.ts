import { Acknowledgment, Invoice } from '../../core/documents.ts';
import { permanent } from '../../core/errors.ts';
import type { Order } from '../../core/order.ts';
import { ShipmentRequest } from '../x12/outbound-x12.ts';

/** An outbound document as the PDFs read it: its type, its canonical content, when it was asked for. */
export interface PdfDocumentSource {
  id: string;
  type: string;
  content: unknown;
  /** The PDF's creation date: the document's own, so every rendering of it (mail, download) is the same bytes. */
  createdAt: Date;
}

/** A PDF file of a document: its name and bytes. */
export interface NoticePdf {
  filename: string;
  bytes: Uint8Array;
}

/**
 * The PDF of a requested 855 (order confirmation), 856 (packing slip) or 810 (invoice), from the same
 * canonical content the X12 encoders and the CSV read (connectors/email/pdf/), its words in `names.language`. pdf-lib and bwip-js load on
 * the first PDF. Throws permanent `outbound.type_unsupported` for any other type.
 */
export async function noticePdf(
  document: PdfDocumentSource,
  orders: readonly Order[],
  names: { partnerName?: string; supplierName?: string; language?: string },
): Promise<NoticePdf> {
  const order = orders[0]!;
  const createdAt = document.createdAt;
  switch (document.type) {
    case '855': {
      const { confirmationPdf } = await import('../../../connectors/email/pdf/confirmation-pdf.ts');
      const ack = Acknowledgment.parse(document.content);
      return {
        filename: fileName('855', order.poNumber),
        bytes: await confirmationPdf({ ack, order, createdAt, ...names }),
      };
    }
    case '856': {
      const { packingSlipPdf } = await import('../../../connectors/email/pdf/packing-slip-pdf.ts');
      const { shipment, shipmentId } = ShipmentRequest.parse(document.content);
      return {
        filename: fileName('856', shipmentId),
        bytes: await packingSlipPdf({ shipment, orders, shipmentId, createdAt, ...names }),
      };
    }
    case '810': {
      const { invoicePdf } = await import('../../../connectors/email/pdf/invoice-pdf.ts');
      const invoice = Invoice.parse(document.content);
      return {
        filename: fileName('810', invoice.invoiceNumber),
        bytes: await invoicePdf({ invoice, order, createdAt, ...names }),
      };
    }
    default:
      throw permanent('outbound.type_unsupported', `no PDF for ${document.type} documents`);
  }
}

/** As the CSV is named (notice-content.ts), with `.pdf`: the reference may hold any character. */
function fileName(kind: string, reference: string): string {
  return `${kind}-${reference.replace(/[^\w.-]+/g, '_').slice(0, 80)}.pdf`;
}
