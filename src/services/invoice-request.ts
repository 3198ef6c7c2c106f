import { Decimal } from 'decimal.js';
import { and, eq } from 'drizzle-orm';
import { invoiceTotal, resolveInvoice } from '../../connectors/x12/encode-810.ts';
import { invoiceElements } from '../../connectors/x12/request-elements.ts';
import { Invoice } from '../core/documents.ts';
import { permanent } from '../core/errors.ts';
import type { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { UNCOUNTED_DOCUMENT_STATUSES } from '../db/document-status.ts';
import { outboundDocuments } from '../db/schema.ts';
import type { Resolved810Mapping } from '../mapping/outbound-mapping.schema.ts';
import { type OutboundSyntax, ShipmentRequest } from '../pipeline/x12/outbound-x12.ts';
import { checkRequestElements } from '../pipeline/x12/request-elements-check.ts';

export type InvoiceDraft = Omit<Invoice, 'orderId' | 'total' | 'lines'> & {
  lines?: Invoice['lines'];
  total?: string;
};

/** The order's earlier documents of one type, with their status. */
export function earlierDocuments(tx: Database, order: Order, type: '856' | '810') {
  return tx
    .select({ status: outboundDocuments.status, content: outboundDocuments.content })
    .from(outboundDocuments)
    .where(and(eq(outboundDocuments.orderId, order.id), eq(outboundDocuments.type, type)));
}

const UNCOUNTED: ReadonlySet<string> = new Set(UNCOUNTED_DOCUMENT_STATUSES);

/**
 * Quantities per order line over earlier ship notices or invoices, leaving out those that no longer count:
 * rejected by the partner, failed in encode, cancelled.
 */
export function quantitiesSoFar(
  order: Order,
  docs: { status: string; content: unknown }[],
  type: '856' | '810',
): Map<string, Decimal> {
  const lines = new Set(order.lines.map((l) => l.lineNumber));
  const sums = new Map<string, Decimal>();
  const add = (lineNumber: string, quantity: string) => {
    if (lines.has(lineNumber)) sums.set(lineNumber, (sums.get(lineNumber) ?? new Decimal(0)).plus(quantity));
  };
  for (const { status, content } of docs) {
    if (UNCOUNTED.has(status)) continue;
    if (type === '856') {
      // a ship notice of several orders counts its lines by line number against each (DESIGN §4 keeps no order id per pack line)
      for (const pack of ShipmentRequest.parse(content).shipment.packs)
        for (const line of pack.lines) add(line.lineNumber, line.quantity);
    } else for (const line of Invoice.parse(content).lines ?? []) add(line.lineNumber, line.quantity);
  }
  return sums;
}

/**
 * The 810 an invoice request becomes (DESIGN §4): lines default to what was shipped and not yet invoiced
 * (to what was ordered and not yet invoiced while nothing has shipped), prices to the order's, the total to the
 * exact sum. Invoicing more than was shipped (or ordered) on a line is refused, as is an invoice number
 * already used for the order, and so are values the 810's X12 elements cannot carry in the partner's syntax
 * (permanent `request.invalid`, see checkRequestElements). Run it with the order's row locked
 * (requestDocument does), so two requests cannot both invoice the same goods. Throws permanent `invoice.*`
 * errors.
 */
export async function prepareInvoice(
  tx: Database,
  order: Order,
  draft: InvoiceDraft,
  outbound: { mapping: Resolved810Mapping; syntax: OutboundSyntax },
): Promise<Invoice> {
  // the values asked for first, then (below) the invoice as it will be written, lines and total filled in
  checkRequestElements(invoiceElements(draft, outbound.mapping), outbound.syntax);
  const invoices = await earlierDocuments(tx, order, '810');
  const shipped = quantitiesSoFar(order, await earlierDocuments(tx, order, '856'), '856');
  const invoiced = quantitiesSoFar(order, invoices, '810');
  const billable = new Map(
    order.lines.map((l) => [
      l.lineNumber,
      (shipped.size > 0 ? (shipped.get(l.lineNumber) ?? new Decimal(0)) : new Decimal(l.quantity)).minus(
        invoiced.get(l.lineNumber) ?? 0,
      ),
    ]),
  );
  const lines =
    draft.lines ??
    [...billable]
      .filter(([, quantity]) => quantity.gt(0))
      .map(([lineNumber, quantity]) => ({ lineNumber, quantity: quantity.toFixed() }));
  if (lines.length === 0)
    throw permanent(
      'invoice.nothing_to_invoice',
      `everything ${shipped.size > 0 ? 'shipped' : 'ordered'} on ${order.poNumber} is invoiced`,
    );
  const over = lines.filter(
    (l) => billable.has(l.lineNumber) && new Decimal(l.quantity).gt(billable.get(l.lineNumber)!),
  );
  if (over.length > 0) {
    throw permanent(
      'invoice.over_invoiced',
      `more invoiced than ${shipped.size > 0 ? 'shipped' : 'ordered'} and not yet invoiced: ${over.map((l) => `line ${l.lineNumber} ${l.quantity} of ${billable.get(l.lineNumber)!.toFixed()}`).join('; ')}`,
      {
        details: over.map((l) => ({
          lineNumber: l.lineNumber,
          quantity: l.quantity,
          billable: billable.get(l.lineNumber)!.toFixed(),
        })),
      },
    );
  }
  // a number the partner rejected stays taken too: the corrected invoice gets a new one; one that never went
  // out (failed in encode, cancelled) is free again
  const taken = invoices.filter((e) => e.status === 'rejected' || !UNCOUNTED.has(e.status));
  if (taken.some((e) => Invoice.parse(e.content).invoiceNumber === draft.invoiceNumber))
    throw permanent(
      'invoice.number_taken',
      `invoice ${draft.invoiceNumber} was already sent for ${order.poNumber}`,
    );
  const base = { ...draft, lines, orderId: order.id };
  const invoice = resolveInvoice({ ...base, total: draft.total ?? invoiceTotal(base, order) }, order);
  checkRequestElements(invoiceElements(invoice, outbound.mapping), outbound.syntax);
  return invoice;
}
