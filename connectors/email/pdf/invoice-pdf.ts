import type { Invoice } from '../../../src/core/documents.ts';
import type { Order } from '../../../src/core/order.ts';
import { MARGIN, PdfCanvas } from './pdf-canvas.ts';
import { type PdfLabels, pdfLabels } from './pdf-labels.ts';
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
function termsFacts(invoice: Invoice, order: Order, labels: PdfLabels): [string, string][] {
  const terms = invoice.terms ?? order.terms;
  if (!terms) return [];
  const parts = [
    terms.discountPercent !== undefined && terms.discountDays !== undefined
      ? labels.termsWords.discount(terms.discountPercent, terms.discountDays)
      : undefined,
    terms.netDays !== undefined ? labels.termsWords.net(terms.netDays) : undefined,
  ].filter(Boolean);
  const facts: [string, string][] = [];
  const words = parts.join(', ') || terms.description;
  if (words) facts.push([labels.fact.terms, words]);
  if (terms.discountDays !== undefined && terms.discountPercent !== undefined)
    facts.push([labels.fact.discountUntil, addDays(invoice.invoiceDate, terms.discountDays)]);
  if (terms.netDays !== undefined)
    facts.push([labels.fact.dueDate, addDays(invoice.invoiceDate, terms.netDays)]);
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
  const labels = pdfLabels(input.language);
  const f = labels.fact;
  const canvas = await PdfCanvas.create({
    title: labels.title.invoice,
    reference: invoice.invoiceNumber,
    ...headingParties(order, input),
    facts: [
      [f.invoiceNumber, invoice.invoiceNumber],
      [f.invoiceDate, invoice.invoiceDate],
      [f.poNumber, order.poNumber],
      ...termsFacts(invoice, order, labels),
      [f.currency, order.currency],
    ],
    createdAt: input.createdAt,
    labels,
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
  const c = labels.column;
  drawTable(
    canvas,
    [
      { title: c.line, width: 32 },
      { title: c.item, width: 90 },
      { title: c.description, width: 196 },
      { title: c.qty, width: 60, align: 'right' },
      { title: c.unitPrice, width: 75, align: 'right' },
      { title: c.amount, width: 75, align: 'right' },
    ],
    rows,
  );
  const charges = (invoice.allowancesCharges ?? []).map((ac) => {
    // an allowance lowers the total (X12 SAC01 A), a charge raises it (C)
    const amount = new Exact(ac.amount).abs();
    const label = [ac.type === 'allowance' ? labels.allowance : labels.charge, ac.code, ac.description]
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
  canvas.text(right - 110, canvas.y, `${labels.total} ${order.currency}`, {
    size: 11,
    bold: true,
    align: 'right',
  });
  canvas.text(right, canvas.y, money(invoice.total), { size: 11, bold: true, align: 'right' });
  return canvas.finish();
}
