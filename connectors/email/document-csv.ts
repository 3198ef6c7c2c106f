import { Decimal } from 'decimal.js';
import type { Invoice, Shipment } from '../../src/core/documents.ts';
import type { ItemIds, Order } from '../../src/core/order.ts';
import { type CsvCell, toCsv } from './csv-out.ts';

/** The item columns every document CSV carries, so the partner finds the line by its own number. */
const ITEM_HEADER = ['Buyer Item', 'Vendor Item', 'SKU', 'GTIN/UPC/EAN'];
const itemCells = (items: ItemIds | undefined): CsvCell[] => [
  items?.buyerItem,
  items?.vendorItem,
  items?.sku,
  items?.gtin ?? items?.upc ?? items?.ean,
];

const lineOf = (order: Order | undefined, lineNumber: string) =>
  order?.lines.find((line) => line.lineNumber === lineNumber);

/**
 * The 856 as CSV, one row per packed line: the pack's SSCC (and pallet), the order's PO number, the line and its
 * item numbers (the packed line's own, else the order line's, as the 856 writes them), quantity, carrier and
 * tracking number. A packed line is looked up in every order of the shipment; the first that has it names it.
 */
export function shipmentCsv(shipment: Shipment, orders: readonly Order[]): Uint8Array {
  const header = [
    'SSCC',
    'Pallet SSCC',
    'PO Number',
    'Line',
    ...ITEM_HEADER,
    'Qty',
    'Ship Date',
    'Carrier',
    'Tracking',
  ];
  const carrier = [shipment.carrier?.scac, shipment.carrier?.method].filter(Boolean).join(' ') || undefined;
  const rows = shipment.packs.flatMap((pack) =>
    pack.lines.map((line) => {
      const lineNumber = String(line.lineNumber);
      const order = orders.find((o) => lineOf(o, lineNumber) !== undefined) ?? orders[0];
      return [
        pack.sscc,
        pack.tare,
        order?.poNumber,
        lineNumber,
        ...itemCells(line.items ?? lineOf(order, lineNumber)?.items),
        String(line.quantity),
        shipment.shipDate,
        carrier,
        shipment.trackingNumber,
      ];
    }),
  );
  return toCsv(header, rows);
}

/**
 * The 810 as CSV: one row per invoiced line (quantity × unit price, the order's price when the invoice names
 * none), a row per allowance or charge, and the total. The caller passes the invoice with its lines resolved
 * (what was shipped and not yet invoiced); without lines, the order's lines are shown.
 */
export function invoiceCsv(invoice: Invoice, order: Order): Uint8Array {
  const header = [
    'Invoice Number',
    'PO Number',
    'Line',
    ...ITEM_HEADER,
    'Qty',
    'Unit Price',
    'Amount',
    'Currency',
  ];
  const lines: NonNullable<Invoice['lines']> =
    invoice.lines ?? order.lines.map((l) => ({ lineNumber: l.lineNumber, quantity: l.quantity }));
  const rows: CsvCell[][] = lines.map((line) => {
    const ordered = lineOf(order, String(line.lineNumber));
    const price = line.unitPrice ?? ordered?.unitPrice;
    const amount = price === undefined ? undefined : new Decimal(line.quantity).times(price).toFixed(2);
    return [
      invoice.invoiceNumber,
      order.poNumber,
      String(line.lineNumber),
      ...itemCells(ordered?.items),
      String(line.quantity),
      price,
      amount,
      order.currency,
    ];
  });
  const blankItems = ITEM_HEADER.map(() => undefined);
  for (const ac of invoice.allowancesCharges ?? []) {
    // an allowance lowers the total (X12 SAC01 A), a charge raises it (C)
    const amount = new Decimal(ac.amount).abs();
    const signed = ac.type === 'allowance' ? amount.negated().toFixed(2) : amount.toFixed(2);
    const label = [ac.type, ac.code, ac.description].filter(Boolean).join(' ');
    rows.push([
      invoice.invoiceNumber,
      order.poNumber,
      label,
      ...blankItems,
      undefined,
      undefined,
      signed,
      order.currency,
    ]);
  }
  rows.push([
    invoice.invoiceNumber,
    order.poNumber,
    'total',
    ...blankItems,
    undefined,
    undefined,
    invoice.total,
    order.currency,
  ]);
  return toCsv(header, rows);
}
