import { Decimal } from 'decimal.js';
import type { Invoice } from '../../src/core/documents.ts';
import { permanent } from '../../src/core/errors.ts';
import type { Order, OrderLine } from '../../src/core/order.ts';
import { defaultOutboundMapping } from '../../src/mapping/default-outbound-mapping.ts';
import type { Resolved810Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import {
  descriptionSegments,
  itemIdPairs,
  partyLoops,
  referenceSegments,
  x12Date,
} from './outbound-segments.ts';

/**
 * Exact decimal arithmetic for invoice amounts: decimal.js rounds every result to `precision` significant
 * digits (20 by default), which a large quantity × price can exceed; 200 digits keeps every sum exact.
 */
const Exact = Decimal.clone({ precision: 200 });

export interface Encode810Input {
  invoice: Invoice;
  order: Order;
  /** GS08 of the group the set goes into; the segments written here are the same in 004010 and 005010. */
  version: '004010' | '005010';
  /** DTM*011 (shipped) when known, YYYY-MM-DD. */
  shipDate?: string;
  /** The partner's 810 choices (qualifiers, N1 loops, REFs, PID, IT1-01, CUR, CTT-02); default the built-in. */
  mapping?: Resolved810Mapping;
}

type InvoiceLine = NonNullable<Invoice['lines']>[number];
type ChargeInput = NonNullable<Invoice['allowancesCharges']>[number];

/** SAC02 when an allowance or charge has no code: 1300 "ZZZZ" mutually defined (SAC02 or SAC03 is required). */
export const UNCODED_ALLOWANCE_CHARGE = 'ZZZZ';

/** An implied-2-decimal (N2) value in cents; refuses values with fractions of a cent. */
export function toCents(value: string, what: string): string {
  const cents = new Exact(value).times(100);
  if (!cents.isInteger()) {
    throw permanent('invoice.amount_precision', `${what} ${value} has fractions of a cent`, {
      details: { value },
    });
  }
  return cents.toFixed(0);
}

/** What an allowance or charge does to the total: allowances subtract, charges add. */
function effect(item: ChargeInput): Decimal {
  const amount = new Exact(item.amount);
  return item.type === 'allowance' ? amount.negated() : amount;
}

/**
 * What an invoice adds up to: its lines (defaulted from the order), allowances and charges at cent scale, and
 * the exact total they make. `invoice.total` is not read, so a caller can fill it in.
 */
function invoiceSums(invoice: Omit<Invoice, 'total'>, order: Order) {
  const byNumber = new Map(order.lines.map((line) => [line.lineNumber, line]));
  const source: readonly InvoiceLine[] =
    invoice.lines ?? order.lines.map((l) => ({ lineNumber: l.lineNumber, quantity: l.quantity }));
  const lines = source.map((line): InvoiceLine => {
    const orderLine = byNumber.get(line.lineNumber);
    if (!orderLine) {
      throw permanent(
        'invoice.unknown_line',
        `invoice ${invoice.invoiceNumber} line ${line.lineNumber} is not a line of order ${order.poNumber}`,
      );
    }
    const unitPrice = line.unitPrice ?? orderLine.unitPrice;
    if (unitPrice === undefined) {
      throw permanent(
        'invoice.price_missing',
        `invoice ${invoice.invoiceNumber} line ${line.lineNumber} has no unit price, nor has the order line`,
      );
    }
    return { lineNumber: line.lineNumber, quantity: line.quantity, unitPrice };
  });
  const charges = (invoice.allowancesCharges ?? []).map((item): ChargeInput => {
    const cents = toCents(item.amount, `${item.type} amount`);
    return { ...item, amount: new Exact(cents).dividedBy(100).toFixed(2) };
  });
  const expected = lines
    .reduce((sum, line) => sum.plus(new Exact(line.quantity).times(line.unitPrice!)), new Exact(0))
    .plus(charges.reduce((sum, item) => sum.plus(effect(item)), new Exact(0)));
  return { lines, charges, expected };
}

/** The total an invoice without one comes to (lines × prices, less allowances, plus charges), at cent scale. */
export function invoiceTotal(invoice: Omit<Invoice, 'total'>, order: Order): string {
  return new Exact(toCents(invoiceSums(invoice, order).expected.toFixed(), 'invoice total'))
    .dividedBy(100)
    .toFixed(2);
}

/**
 * The invoice exactly as the 810 states it: lines default to the order's lines, prices to the order line's
 * (DESIGN §4), terms to the order's; the total and allowance/charge amounts at cent scale ("5" → "5.00"),
 * as TDS and SAC carry them. Throws `invoice.unknown_line`, `invoice.price_missing`,
 * `invoice.amount_precision` or `invoice.total_mismatch` (permanent: our data, not the partner's).
 */
export function resolveInvoice(invoice: Invoice, order: Order): Invoice {
  const { lines, charges, expected } = invoiceSums(invoice, order);
  if (!expected.equals(invoice.total)) {
    throw permanent(
      'invoice.total_mismatch',
      `invoice ${invoice.invoiceNumber} total ${invoice.total} is not the sum of its lines with allowances and charges (${expected.toFixed()})`,
      { details: { total: invoice.total, expected: expected.toFixed() } },
    );
  }
  const total = new Exact(toCents(invoice.total, 'invoice total')).dividedBy(100).toFixed(2);
  const terms = invoice.terms ?? order.terms;
  const resolved: Invoice = {
    invoiceNumber: invoice.invoiceNumber,
    orderId: invoice.orderId,
    invoiceDate: invoice.invoiceDate,
    lines,
    total,
  };
  if (terms && Object.values(terms).some((value) => value !== undefined)) resolved.terms = terms;
  if (charges.length > 0) resolved.allowancesCharges = charges;
  return resolved;
}

function itemLine(line: InvoiceLine, orderLine: OrderLine, mapping: Resolved810Mapping): SegmentData[] {
  // IT1-01 assigned identification (the order's line number, unless the partner wants it empty), IT1-02
  // quantity invoiced, IT1-03 unit of measure, IT1-04 unit price, IT1-05 basis of unit price (not sent),
  // IT1-06/07 … product/service ID qualifier/ID pairs (235)
  const it1: SegmentData = [
    'IT1',
    mapping.lineNumbers ? line.lineNumber : '',
    line.quantity,
    orderLine.uom,
    line.unitPrice ?? '',
    '',
    ...itemIdPairs(orderLine.items, mapping.items),
  ];
  return [it1, ...descriptionSegments(orderLine.description, mapping.descriptions)];
}

/**
 * The segments of an X12 810 invoice between ST and SE, for `writeInterchange` in a GS01 "IN" group.
 * Checks `invoice.total` against the lines, allowances and charges first (see {@link resolveInvoice}).
 */
export function encode810(input: Encode810Input): SegmentData[] {
  const { order, version } = input;
  if (version !== '004010' && version !== '005010') {
    throw permanent('invoice.version', `810 version ${String(version)} is not supported`);
  }
  const mapping = input.mapping ?? defaultOutboundMapping('810');
  const invoice = resolveInvoice(input.invoice, order);
  const lines = invoice.lines ?? [];
  const body: SegmentData[] = [
    // BIG-01 invoice date, BIG-02 invoice number, BIG-03 PO date, BIG-04 PO number
    ['BIG', x12Date(invoice.invoiceDate), invoice.invoiceNumber, x12Date(order.poDate), order.poNumber],
  ];
  // CUR-01 SE selling party, CUR-02 currency of the amounts
  if (mapping.currency) body.push(['CUR', 'SE', order.currency]);
  // REF (default DP department, IA vendor number): echoed from the order
  body.push(...referenceSegments(order.references, mapping.references));
  body.push(...partyLoops(order.parties, mapping.parties));
  const terms = invoice.terms;
  if (terms) {
    // ITD-01 01 basic, ITD-02 3 invoice date, ITD-03 discount %, ITD-05 discount days, ITD-07 net days,
    // ITD-12 description
    const days = (value: number | undefined) => (value === undefined ? '' : String(value));
    body.push([
      'ITD',
      '01',
      '3',
      terms.discountPercent ?? '',
      '',
      days(terms.discountDays),
      '',
      days(terms.netDays),
      '',
      '',
      '',
      '',
      terms.description ?? '',
    ]);
  }
  // DTM-01 011 shipped, DTM-02 date
  if (input.shipDate !== undefined) body.push(['DTM', '011', x12Date(input.shipDate)]);
  // FOB-01 shipment method of payment (146: PP prepaid, CC collect …), as the order stated it
  const fob = order.references.fob;
  if (mapping.fob && typeof fob === 'string' && fob !== '') body.push(['FOB', fob]);
  const byNumber = new Map(order.lines.map((line) => [line.lineNumber, line]));
  for (const line of lines) body.push(...itemLine(line, byNumber.get(line.lineNumber)!, mapping));
  // TDS-01 total invoice amount (N2: implied two decimals), after allowances and charges
  body.push(['TDS', toCents(invoice.total, 'invoice total')]);
  for (const item of invoice.allowancesCharges ?? []) {
    // SAC-01 A allowance / C charge, SAC-02 code (1300), SAC-05 amount (N2), SAC-15 description
    const sac = ['SAC', item.type === 'allowance' ? 'A' : 'C', item.code ?? UNCODED_ALLOWANCE_CHARGE];
    body.push([
      ...sac,
      '',
      '',
      toCents(item.amount, `${item.type} amount`),
      ...blank(9),
      item.description ?? '',
    ]);
  }
  // CTT-01 number of IT1 segments, CTT-02 hash total of IT1-02 quantities
  const hash = lines.reduce((sum, line) => sum.plus(line.quantity), new Exact(0));
  body.push(
    mapping.hashTotal ? ['CTT', String(lines.length), hash.toFixed()] : ['CTT', String(lines.length)],
  );
  return body;
}

function blank(count: number): string[] {
  return Array.from({ length: count }, () => '');
}
