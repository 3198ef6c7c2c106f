import { Decimal } from 'decimal.js';
import type { Invoice, Shipment } from '../../src/core/documents.ts';
import type { Order } from '../../src/core/order.ts';
import { mailTexts } from './texts.ts';

/** The body of the mail carrying an 856 as CSV: POs, ship date, packages, quantity, carrier and tracking. */
export function shipmentSummary(shipment: Shipment, orders: readonly Order[], language?: string): string {
  const t = mailTexts(language);
  const quantity = shipment.packs
    .flatMap((p) => p.lines)
    .reduce((sum, l) => sum.plus(String(l.quantity)), new Decimal(0))
    .toString();
  const pos = orders.map((o) => o.poNumber).join(', ');
  const head = t.shipmentSummary(pos, shipment.shipDate, shipment.packs.length, quantity);
  const carrier = [shipment.carrier?.scac, shipment.carrier?.method].filter(Boolean).join(' ');
  return carrier || shipment.trackingNumber
    ? `${head}\n${t.carrier(carrier || '-', shipment.trackingNumber)}`
    : head;
}

/** The body of the mail carrying an 810 as CSV: invoice number and date, PO, lines and total. */
export function invoiceSummary(invoice: Invoice, order: Order, language?: string): string {
  const t = mailTexts(language);
  const lines = invoice.lines?.length ?? order.lines.length;
  const total = `${invoice.total} ${order.currency}`;
  return t.invoiceSummary(invoice.invoiceNumber, invoice.invoiceDate, order.poNumber, lines, total);
}
