import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { Acknowledgment } from '../../src/core/documents.ts';
import { permanent } from '../../src/core/errors.ts';
import { Order, OrderLine } from '../../src/core/order.ts';
import { DateString } from '../../src/core/primitives.ts';
import { defaultOutboundMapping } from '../../src/mapping/default-outbound-mapping.ts';
import type { Resolved855Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import { ackSegment, substituteIdPairs } from './line-ack.ts';
import {
  descriptionSegments,
  itemIdPairs,
  partyLoops,
  referenceSegments,
  x12Date,
} from './outbound-segments.ts';

/**
 * What an 855 needs of the order: the PO number and date it answers, the dates, parties and references it
 * echoes, and the lines as ordered. A whole canonical Order fits; so does an excerpt of it.
 */
export const AcknowledgedOrder = z.object({
  poNumber: Order.shape.poNumber,
  poDate: Order.shape.poDate,
  dates: Order.shape.dates.default({}),
  parties: Order.shape.parties.default({}),
  references: Order.shape.references.default({ raw: [] }),
  lines: z.array(OrderLine).min(1),
});
export type AcknowledgedOrder = z.input<typeof AcknowledgedOrder>;

export const Encode855Input = z.object({
  acknowledgment: Acknowledgment,
  order: AcknowledgedOrder,
  /** BAK09, the day the supplier acknowledges (YYYY-MM-DD). */
  ackDate: DateString,
  version: z.enum(['004010', '005010']),
});
export type Encode855Input = z.input<typeof Encode855Input> & {
  /** The partner's 855 choices (qualifiers, N1 loops, REFs, PID, DTM*068, CTT-02); default the built-in. */
  mapping?: Resolved855Mapping;
};

/** 855 BAK02 acknowledgment type (X12 element 587). */
const BAK02 = { accepted: 'AD', accepted_with_changes: 'AC', rejected: 'RJ' } as const;

function invalid(message: string, details?: unknown): never {
  throw permanent('x12.855.invalid', message, details === undefined ? undefined : { details });
}

/**
 * Throws `x12.855.invalid` when the acknowledgment cannot honestly be written as one 855: a line the order
 * does not have or answered twice; a line whose ACK-01 code hides or lacks what changed (lineProblem); BAK02
 * AD with a line not accepted as ordered, or RJ with a line kept. AC fits any mix of outcomes.
 */
function checkConsistent(input: z.output<typeof Encode855Input>): Map<string, OrderLine> {
  const { acknowledgment: ack, order } = input;
  const ordered = new Map(order.lines.map((line) => [line.lineNumber, line]));
  const seen = new Set<string>();
  for (const line of ack.lines) {
    const orderLine = ordered.get(line.lineNumber);
    if (!orderLine) invalid(`acknowledged line ${line.lineNumber} is not a line of order ${order.poNumber}`);
    if (seen.has(line.lineNumber)) invalid(`line ${line.lineNumber} is acknowledged twice`);
    seen.add(line.lineNumber);
    const problem = lineProblem(line, orderLine);
    if (problem) invalid(`line ${line.lineNumber}: ${problem}`);
    // BAK02 AD promises every line accepted as ordered; RJ rejects the whole order
    if (ack.status === 'accepted' && line.status !== 'accepted') {
      invalid(`status accepted (BAK02 AD) but line ${line.lineNumber} is not accepted as ordered`);
    }
    if (ack.status === 'rejected' && line.status !== 'rejected') {
      invalid(`status rejected (BAK02 RJ) but line ${line.lineNumber} is ${line.status}`);
    }
  }
  return ordered;
}

/**
 * Why one acknowledged line contradicts its ACK-01 code, or undefined when it does not: IA says "as ordered",
 * so it keeps the order's quantity and price; IP needs the new price (PO1-04); IS needs the substitute's IDs
 * (ACK-07 …). A line whose quantity changed (IQ) or that is backordered (IB) may come at a new price as well:
 * ACK-01 has one code per line, and PO1-04 carries the acknowledged price. `ordered` is the order's line,
 * absent when the order no longer has it (nothing to compare).
 */
export function lineProblem(
  line: Acknowledgment['lines'][number],
  ordered: { quantity: string; unitPrice?: string | undefined } | undefined,
): string | undefined {
  const { status, unitPrice } = line;
  if (status === 'accepted' && ordered) {
    if (!new Decimal(line.quantity).eq(ordered.quantity)) {
      return `accepted (IA) with quantity ${line.quantity}, but ${ordered.quantity} was ordered (IQ)`;
    }
    if (
      ordered.unitPrice !== undefined &&
      unitPrice !== undefined &&
      !new Decimal(unitPrice).eq(ordered.unitPrice)
    ) {
      return `accepted (IA) at ${unitPrice}, but the order's price is ${ordered.unitPrice} (IP)`;
    }
  }
  if (status === 'price_changed' && unitPrice === undefined) {
    return 'price changed (IP) without the new unit price';
  }
  if (status === 'substituted' && substituteIdPairs(line.items).length === 0) {
    return "substituted (IS) without the substitute's SKU or GTIN";
  }
  return undefined;
}

/**
 * The body (between ST and SE) of an X12 855 Purchase Order Acknowledgment answering `order`; wrap it with
 * `writeInterchange` (GS01 "PR"). BAK, REF, DTM*068, N1 loops, then PO1 (+ PID) + ACK per acknowledged line,
 * then CTT; which REFs, N1 loops and item qualifiers, and whether PID, DTM*068 and CTT-02 are sent, is the
 * partner's 855 mapping (default: REF DP/IA, N1*ST, no PID). The segments are the same in 004010 and 005010.
 *
 * PO1 restates the line as ordered (quantity, UOM, item IDs), except PO1-04, which carries the
 * acknowledged price (the new one for IP, and for IQ or IB when the line says so, else the order's); ACK carries the outcome (IA, IP, IQ, IB, IR,
 * IS), the acknowledged quantity (the new one for IQ, the backordered one for IB, 0 for IR) and, for IS, the
 * substitute's IDs (VP our SKU, UP/EN/UK its GTIN). BAK-08 is the ERP's order number when recorded.
 * `reason` has no element in ACK and is not sent.
 *
 * Pure. Throws a permanent `x12.855.invalid` error for input that fails the schema or contradicts itself
 * (see checkConsistent: an unknown line, a line acknowledged twice, a line whose code hides a change, BAK02
 * AD with a changed line, RJ with a line kept).
 */
export function encode855(input: Encode855Input): SegmentData[] {
  const parsed = Encode855Input.safeParse(input);
  if (!parsed.success) invalid('855 input does not match the schema', parsed.error.issues);
  const { acknowledgment: ack, order, ackDate } = parsed.data;
  const ordered = checkConsistent(parsed.data);
  const mapping = input.mapping ?? defaultOutboundMapping('855');

  const body: SegmentData[] = [
    // BAK-01 00 original, BAK-02 acknowledgment type, BAK-03 PO number, BAK-04 PO date, BAK-05 release,
    // BAK-06 request reference, BAK-07 contract number (none of them ours to fill), BAK-08 reference
    // identification: the seller's order number (the ERP's, once recorded), BAK-09 acknowledgment date
    [
      'BAK',
      '00',
      BAK02[ack.status],
      order.poNumber,
      x12Date(order.poDate),
      '',
      '',
      '',
      ack.erpOrderNumber ?? '',
      x12Date(ackDate),
    ],
  ];
  // REF: the buyer's own routing keys, so their system files the answer where the order came from
  body.push(...referenceSegments(order.references, mapping.references));
  const shipDate = mapping.scheduleDate ? order.dates.requestedShip : undefined;
  // DTM*068 current schedule ship: the supplier plans to ship on the requested day
  if (shipDate && ack.status !== 'rejected') body.push(['DTM', '068', x12Date(shipDate)]);
  body.push(...partyLoops(order.parties, mapping.parties));

  let hashTotal = new Decimal(0);
  for (const line of ack.lines) {
    const orderLine = ordered.get(line.lineNumber)!;
    // PO1-04 the acknowledged price: the new one of an IP line (or of an IQ or IB line that also got one),
    // else the order's
    const price = line.unitPrice ?? orderLine.unitPrice ?? '';
    // PO1-01 line number, PO1-02 quantity ordered, PO1-03 UOM, PO1-04 unit price, PO1-05 basis (left
    // empty: the price is per PO1-03 unit), PO1-06/07 … product ID qualifier/ID pairs
    body.push([
      'PO1',
      line.lineNumber,
      orderLine.quantity,
      orderLine.uom,
      price,
      '',
      ...itemIdPairs(orderLine.items, mapping.items),
    ]);
    body.push(...descriptionSegments(orderLine.description, mapping.descriptions));
    // CTT-02 hash total: the sum of PO1-02 quantities
    hashTotal = hashTotal.plus(orderLine.quantity);
    // ACK (line-ack.ts): the line's outcome, its acknowledged quantity, the ship date, a substitute's IDs
    body.push(ackSegment(line, orderLine.uom, shipDate));
  }
  // CTT-01 number of PO1 segments, CTT-02 hash total
  const ctt: SegmentData = ['CTT', String(ack.lines.length)];
  body.push(mapping.hashTotal ? [...ctt, hashTotal.toFixed()] : ctt);
  return body;
}
