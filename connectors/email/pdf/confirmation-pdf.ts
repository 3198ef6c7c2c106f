import type { Acknowledgment } from '../../../src/core/documents.ts';
import type { ItemIds, Order } from '../../../src/core/order.ts';
import { outcomeText } from '../acknowledgment-notice.ts';
import { PdfCanvas } from './pdf-canvas.ts';
import { headingParties, type PdfParties, shipToLine } from './pdf-parties.ts';
import { drawTable } from './pdf-table.ts';
import { money } from './pdf-text.ts';

/** What a confirmation PDF is made of: the 855's Acknowledgment, its order, the names, the clock. */
export interface ConfirmationPdfInput extends PdfParties {
  ack: Acknowledgment;
  order: Order;
  createdAt: Date;
}

const STATUS: Record<Acknowledgment['status'], string> = {
  accepted: 'Accepted',
  accepted_with_changes: 'Accepted with changes',
  rejected: 'Rejected',
};

const itemOf = (items: ItemIds | undefined) =>
  [items?.buyerItem, items?.vendorItem ?? items?.sku].filter(Boolean).join(' / ') ||
  items?.gtin ||
  items?.upc;

/**
 * The order confirmation (the 855 on paper): the PO, our answer and order number, then every acknowledged line
 * with the item, what was ordered, what we confirm and the outcome in words (as the notice mail says it).
 */
export async function confirmationPdf(input: ConfirmationPdfInput): Promise<Uint8Array> {
  const { ack, order } = input;
  const facts: [string, string][] = [
    ['PO number', order.poNumber],
    ['PO date', order.poDate],
    ['Status', STATUS[ack.status]],
  ];
  if (ack.erpOrderNumber) facts.push(['Our order number', ack.erpOrderNumber]);
  if (order.dates.requestedShip) facts.push(['Requested ship', order.dates.requestedShip]);
  const shipTo = shipToLine(order);
  if (shipTo) facts.push(['Ship to', shipTo]);
  facts.push(['Currency', order.currency]);
  const canvas = await PdfCanvas.create({
    title: 'Order Confirmation',
    reference: `PO ${order.poNumber}`,
    ...headingParties(order, input),
    facts,
    createdAt: input.createdAt,
  });
  const rows = ack.lines.map((line) => {
    const ordered = order.lines.find((l) => l.lineNumber === line.lineNumber);
    const unit = ordered?.uom ? ` ${ordered.uom}` : '';
    const price = line.unitPrice ?? ordered?.unitPrice;
    return [
      line.lineNumber,
      itemOf(ordered?.items),
      ordered?.description,
      ordered ? `${ordered.quantity}${unit}` : undefined,
      `${line.quantity}${unit}`,
      price === undefined ? undefined : money(price),
      outcomeText(line, order),
    ];
  });
  drawTable(
    canvas,
    [
      { title: 'Line', width: 30 },
      { title: 'Item', width: 82 },
      { title: 'Description', width: 110 },
      { title: 'Ordered', width: 52, align: 'right' },
      { title: 'Confirmed', width: 56, align: 'right' },
      { title: 'Unit price', width: 56, align: 'right' },
      { title: 'Outcome', width: 142 },
    ],
    rows,
  );
  return canvas.finish();
}
