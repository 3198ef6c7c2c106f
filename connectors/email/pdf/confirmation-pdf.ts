import type { Acknowledgment } from '../../../src/core/documents.ts';
import type { ItemIds, Order } from '../../../src/core/order.ts';
import { outcomeText } from '../acknowledgment-notice.ts';
import { PdfCanvas } from './pdf-canvas.ts';
import { pdfLabels } from './pdf-labels.ts';
import { headingParties, type PdfParties, shipToLine } from './pdf-parties.ts';
import { drawTable } from './pdf-table.ts';
import { money } from './pdf-text.ts';

/** What a confirmation PDF is made of: the 855's Acknowledgment, its order, the names, the clock. */
export interface ConfirmationPdfInput extends PdfParties {
  ack: Acknowledgment;
  order: Order;
  createdAt: Date;
}

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
  const labels = pdfLabels(input.language);
  const f = labels.fact;
  const facts: [string, string][] = [
    [f.poNumber, order.poNumber],
    [f.poDate, order.poDate],
    [f.status, labels.ackStatus[ack.status]],
  ];
  if (ack.erpOrderNumber) facts.push([f.ourOrderNumber, ack.erpOrderNumber]);
  if (order.dates.requestedShip) facts.push([f.requestedShip, order.dates.requestedShip]);
  const shipTo = shipToLine(order);
  if (shipTo) facts.push([f.shipTo, shipTo]);
  facts.push([f.currency, order.currency]);
  const canvas = await PdfCanvas.create({
    title: labels.title.confirmation,
    reference: labels.po(order.poNumber),
    ...headingParties(order, input),
    facts,
    createdAt: input.createdAt,
    labels,
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
      outcomeText(line, order, input.language),
    ];
  });
  const c = labels.column;
  drawTable(
    canvas,
    [
      { title: c.line, width: 30 },
      { title: c.item, width: 82 },
      { title: c.description, width: 110 },
      { title: c.ordered, width: 52, align: 'right' },
      { title: c.confirmed, width: 56, align: 'right' },
      { title: c.unitPrice, width: 56, align: 'right' },
      { title: c.outcome, width: 142 },
    ],
    rows,
  );
  return canvas.finish();
}
