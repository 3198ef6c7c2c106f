import { z } from 'zod';
import { AllowanceCharge, Invoice } from '../core/documents.ts';
import { permanent } from '../core/errors.ts';
import { zodProblems } from '../core/field-problem.ts';
import { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { orderView } from '../db/order-view.ts';
import { defaultOutboundMapping } from '../mapping/default-outbound-mapping.ts';
import { outboundAgreement } from '../partners/outbound-agreement.ts';
import { outboundSyntax } from '../pipeline/x12/outbound-x12.ts';
import { prepareInvoice } from './invoice-request.ts';
import { requestDocument } from './request-document.ts';

/**
 * DESIGN §5: `invoiceNumber` and `invoiceDate` are enough; lines default to what was shipped and not yet
 * invoiced, prices and terms to the order's, the total to the exact sum.
 */
export const InvoiceInput = z.object({
  invoiceNumber: Invoice.shape.invoiceNumber,
  invoiceDate: Invoice.shape.invoiceDate,
  terms: Invoice.shape.terms,
  lines: Invoice.shape.lines,
  allowancesCharges: z.array(z.object(AllowanceCharge.shape)).optional(),
  total: Invoice.shape.total.optional(),
});
export type InvoiceInput = z.infer<typeof InvoiceInput>;

export type InvoiceOutcome =
  | { outcome: 'not_found' }
  | { outcome: 'not_accepted'; poNumber: string; status: string }
  | { outcome: 'requested'; documentId: string; total: string };

/**
 * Invoices an accepted order (`POST /v1/orders/{id}/invoices` and the console's invoice form): the input
 * checked (permanent `request.invalid` with a problem per field), then the 810 prepared against what was
 * shipped and invoiced before (permanent `invoice.*` errors) and requested for the encode stage. The caller
 * wakes the dispatcher.
 */
export async function recordInvoice(
  db: Database,
  orderId: string,
  input: unknown,
  actor: string,
): Promise<InvoiceOutcome> {
  const parsed = InvoiceInput.safeParse(input);
  if (!parsed.success)
    throw permanent('request.invalid', 'the invoice is invalid', { details: zodProblems(parsed.error) });
  const view = await orderView(db, orderId);
  if (view === undefined) return { outcome: 'not_found' };
  if (view.status !== 'accepted')
    return { outcome: 'not_accepted', poNumber: view.poNumber, status: view.status };
  const order = Order.parse(view.order);
  const agreement = await outboundAgreement(db, order.partnerId);
  const outbound = {
    mapping: agreement?.outbound['810'] ?? defaultOutboundMapping('810'),
    syntax: outboundSyntax(agreement?.settings),
  };
  const { documentId, content } = await requestDocument(db, {
    type: '810',
    partnerId: order.partnerId,
    orderId: order.id,
    prepare: (tx) => prepareInvoice(tx, order, parsed.data, outbound),
    actor,
  });
  return { outcome: 'requested', documentId, total: content.total };
}
