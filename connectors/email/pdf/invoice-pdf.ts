import type { Invoice } from '../../../src/core/documents.ts';
import type { Order } from '../../../src/core/order.ts';
import { MARGIN, PdfCanvas } from './pdf-canvas.ts';
import { headingParties, type PdfParties } from './pdf-parties.ts';
import { drawTable } from './pdf-table.ts';
import { addDays, Exact, money } from './pdf-text.ts';

/** What an invoice PDF is made of: the 810's resolved Invoice, its order, the names, the clock. */
export interface InvoicePdfInput extends PdfParties {
  invoice: Invoice;
  order: Order;
  createdAt: Date;
}

/** Terms in words and the dates they give: "2% 10 days, net 30", discount and due dates from the invoice date. */
function termsFacts(invoice: Invoice, order: Order): [string, string][] {
  const terms = invoice.terms ?? order.terms;
  if (!terms) return [];
  const parts = [
    terms.discountPercent !== undefined && terms.discountDays !== undefined
      ? `${terms.discountPercent}% ${terms.discountDays} days`
      : undefined,
    terms.netDays !== undefined ? `net ${terms.netDays}` : undefined,
  ].filter(Boolean);
  const facts: [string, string][] = [];
  const words = parts.join(', ') || terms.description;
  if (words) facts.push(['Terms', words]);
  if (terms.discountDays !== undefined && terms.discountPercent !== undefined)
    facts.push(['Discount until', addDays(invoice.invoiceDate, terms.discountDays)]);
  if (terms.netDays !== undefined) facts.push(['Due date', addDays(invoice.invoiceDate, terms.netDays)]);
  return facts;
}

/**
 * The invoice (the 810 on paper): lines with quantity × unit price (the order's price when the invoice names
 * none), allowances and charges, terms with the due date, and the total, printed from the invoice's own total:
 * the document states what the 810 states. Every amount is computed with decimal strings (`Exact`) and printed
 * unrounded, so the lines, allowances and charges add up to the printed total to the cent.
 */
export async function invoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const { invoice, order } = input;
  const canvas = await PdfCanvas.create({
    title: 'Invoice',
    reference: invoice.invoiceNumber,
    ...headingParties(order, input),
    facts: [
      ['Invoice number', invoice.invoiceNumber],
      ['Invoice date', invoice.invoiceDate],
      ['PO number', order.poNumber],
      ...termsFacts(invoice, order),
      ['Currency', order.currency],
    ],
    createdAt: input.createdAt,
  });
  const lines: NonNullable<Invoice['lines']> =
    invoice.lines ?? order.lines.map((l) => ({ lineNumber: l.lineNumber, quantity: l.quantity }));
  const rows = lines.map((line) => {
    const ordered = order.lines.find((l) => l.lineNumber === String(line.lineNumber));
    const price = line.unitPrice ?? ordered?.unitPrice;
    const items = ordered?.items;
    return [
      String(line.lineNumber),
      items?.buyerItem ?? items?.vendorItem ?? items?.sku ?? items?.gtin,
      ordered?.description,
      `${line.quantity}${ordered?.uom ? ` ${ordered.uom}` : ''}`,
      price === undefined ? undefined : money(price),
      price === undefined ? undefined : money(new Exact(String(line.quantity)).times(price)),
    ];
  });
  drawTable(
    canvas,
    [
      { title: 'Line', width: 32 },
      { title: 'Item', width: 90 },
      { title: 'Description', width: 196 },
      { title: 'Qty', width: 60, align: 'right' },
      { title: 'Unit price', width: 75, align: 'right' },
      { title: 'Amount', width: 75, align: 'right' },
    ],
    rows,
  );
  const charges = (invoice.allowancesCharges ?? []).map((ac) => {
    // an allowance lowers the total (X12 SAC01 A), a charge raises it (C)
    const amount = new Exact(ac.amount).abs();
    const label = [ac.type === 'allowance' ? 'Allowance' : 'Charge', ac.code, ac.description]
      .filter(Boolean)
      .join(' ');
    return [label, money(ac.type === 'allowance' ? amount.negated() : amount)];
  });
  const right = canvas.width - MARGIN - 6;
  canvas.ensure(14 * (charges.length + 2));
  for (const [label, amount] of charges) {
    canvas.y -= 12;
    canvas.text(right - 110, canvas.y, label!, { align: 'right' });
    canvas.text(right, canvas.y, amount!, { align: 'right' });
  }
  canvas.y -= 16;
  canvas.text(right - 110, canvas.y, `Total ${order.currency}`, { size: 11, bold: true, align: 'right' });
  canvas.text(right, canvas.y, money(invoice.total), { size: 11, bold: true, align: 'right' });
  return canvas.finish();
}
