import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { ChangeAcknowledgment } from '../../src/core/documents.ts';
import { permanent } from '../../src/core/errors.ts';
import { type OrderLine, OrderLine as OrderLineSchema } from '../../src/core/order.ts';
import { DateString } from '../../src/core/primitives.ts';
import { defaultOutboundMapping } from '../../src/mapping/default-outbound-mapping.ts';
import type { Resolved865Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import { AcknowledgedOrder, lineProblem } from './encode-855.ts';
import { ackSegment } from './line-ack.ts';
import {
  descriptionSegments,
  itemIdPairs,
  partyLoops,
  referenceSegments,
  x12Date,
} from './outbound-segments.ts';

/**
 * What an 865 needs of the order changed: the live order as the change left it (its PO number and date,
 * dates, parties, references, and its lines, from which each POC restates the line). A cancelled order may
 * have no lines left.
 */
export const ChangedOrder = AcknowledgedOrder.extend({ lines: z.array(OrderLineSchema) });
export type ChangedOrder = z.input<typeof ChangedOrder>;

export const Encode865Input = z.object({
  acknowledgment: ChangeAcknowledgment,
  order: ChangedOrder,
  /** BCA-10, the day the supplier acknowledges the change (YYYY-MM-DD). */
  ackDate: DateString,
  version: z.enum(['004010', '005010']),
});
export type Encode865Input = z.input<typeof Encode865Input> & {
  /** The partner's 865 choices (item qualifiers, N1 loops, REFs, PID, DTM*068, CTT-02); default the built-in. */
  mapping?: Resolved865Mapping;
};

type Line = ChangeAcknowledgment['lines'][number];

/**
 * POC-02 change or response type code (670) per canonical change: the first code the built-in 860 mapping
 * reads into it, so a buyer reads back the change it asked for. NC (concurrent item, no change) for a line
 * answered without being changed.
 */
const POC02: Readonly<Record<NonNullable<OrderLine['change']>, string>> = {
  add: 'AI',
  delete: 'DI',
  quantity_increase: 'QI',
  quantity_decrease: 'QD',
  price_change: 'PC',
  change: 'CA',
  replace: 'RZ',
};

function invalid(message: string, details?: unknown): never {
  throw permanent('x12.865.invalid', message, details === undefined ? undefined : { details });
}

/** A deletion taken: ACK-01 ID (item deleted) rather than IA, and nothing left to acknowledge. */
const deletionTaken = (line: Line) => line.change === 'delete' && line.status === 'accepted';

/**
 * BCA-02 acknowledgment type (587), read as its code list defines it: AD acknowledge with detail, no change
 * (every change taken as asked); AC with detail and change (the supplier answers some line otherwise); RD
 * reject with detail (every change refused, each POC saying so). Without POC detail (a cancellation
 * answered as a whole) AK acknowledge, no detail or change, and RJ rejected, no detail.
 */
function bca02(ack: ChangeAcknowledgment): string {
  const detail = ack.lines.length > 0;
  if (ack.status === 'accepted') return detail ? 'AD' : 'AK';
  if (ack.status === 'rejected') return detail ? 'RD' : 'RJ';
  return 'AC';
}

/**
 * Throws `x12.865.invalid` when the change acknowledgment cannot honestly be written as one 865: a line
 * answered twice; a line the live order does not have that is neither refused nor a deletion taken (an
 * accepted or changed line is on the order the change left); a line whose ACK-01 code hides or lacks a change
 * (as for the 855: IA at another quantity or price, IP without the price, IS without the substitute); AD
 * with a line not taken as asked, or RD with a line kept. AC fits any mix.
 */
function checkConsistent(input: z.output<typeof Encode865Input>): Map<string, OrderLine> {
  const { acknowledgment: ack, order } = input;
  const onOrder = new Map(order.lines.map((line) => [line.lineNumber, line]));
  const seen = new Set<string>();
  for (const line of ack.lines) {
    if (seen.has(line.lineNumber)) invalid(`line ${line.lineNumber} is acknowledged twice`);
    seen.add(line.lineNumber);
    const orderLine = onOrder.get(line.lineNumber);
    if (!orderLine && line.status !== 'rejected' && !deletionTaken(line)) {
      invalid(
        `line ${line.lineNumber} is ${line.status} but order ${order.poNumber} does not have it: only a refused change or a deletion taken may be answered for a line the order no longer has`,
      );
    }
    // a deletion taken leaves nothing to compare with the line as it was
    const problem = lineProblem(line, deletionTaken(line) ? undefined : orderLine);
    if (problem) invalid(`line ${line.lineNumber}: ${problem}`);
    if (ack.status === 'accepted' && line.status !== 'accepted') {
      invalid(`status accepted (BCA02 AD) but line ${line.lineNumber} is ${line.status}`);
    }
    if (ack.status === 'rejected' && line.status !== 'rejected') {
      invalid(`status rejected (BCA02 RD) but line ${line.lineNumber} is ${line.status}`);
    }
  }
  return onOrder;
}

/**
 * POC-01 assigned identification (the PO line number), POC-02 change or response type code, POC-03 quantity
 * ordered, POC-04 quantity left to receive, POC-05 unit of measure (C001-01), POC-06 unit price, POC-07 basis
 * of unit price (left empty: per POC-05 unit), POC-08/09 … POC-26/27 product/service ID pairs. The line as
 * the change left it on the order; POC-04 equals POC-03 because a change is applied only while nothing of
 * the order has shipped (C030405: POC-03 comes with POC-04 and POC-05). A line the order does not have is
 * named by POC-01/02 alone (and POC-06 when the answer names a price).
 */
function pocSegment(line: Line, orderLine: OrderLine | undefined, mapping: Resolved865Mapping): SegmentData {
  const code = line.change === undefined ? 'NC' : POC02[line.change];
  const price = line.unitPrice ?? orderLine?.unitPrice ?? '';
  if (!orderLine) return ['POC', line.lineNumber, code, '', '', '', price];
  return [
    'POC',
    line.lineNumber,
    code,
    orderLine.quantity,
    orderLine.quantity,
    orderLine.uom,
    price,
    '',
    ...itemIdPairs(orderLine.items, mapping.items),
  ];
}

/**
 * The body (between ST and SE) of an X12 865 Purchase Order Change Acknowledgment/Request - Seller Initiated
 * answering a change order applied to `order`; wrap it with `writeInterchange` (GS01 "CA"). BCA, REF,
 * DTM*068, N1 loops (heading), then per answered line POC (+ PID) and ACK (detail: the POC loop's ACK loop),
 * then CTT; the segments are the same in 004010 and 005010. Which REFs, N1 loops and item qualifiers, and
 * whether PID, DTM*068 and CTT-02 are sent, is the partner's 865 mapping (default: as the 855's).
 *
 * BCA-01 00 original, BCA-02 the acknowledgment type (see bca02), BCA-03 PO number, BCA-04 release number,
 * BCA-05 the buyer's change order sequence number, BCA-06 PO date, BCA-08 contract number, BCA-09 the
 * seller's order number (the ERP's), BCA-10 the acknowledgment date. POC restates the line as the change left
 * it with the change the buyer asked for in POC-02; ACK says what the supplier does with it, as in the 855
 * (line-ack.ts), except that a deletion taken is ACK-01 ID (item deleted) with nothing left, and a refused
 * change ACK-01 IR without a quantity (the line keeps the one POC-03 restates). `reason` has no element and is
 * not sent.
 *
 * Pure. Throws a permanent `x12.865.invalid` error for input that fails the schema or contradicts itself.
 */
export function encode865(input: Encode865Input): SegmentData[] {
  const parsed = Encode865Input.safeParse(input);
  if (!parsed.success) invalid('865 input does not match the schema', parsed.error.issues);
  const { acknowledgment: ack, order, ackDate } = parsed.data;
  const onOrder = checkConsistent(parsed.data);
  const mapping = input.mapping ?? defaultOutboundMapping('865');
  const { references } = order;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');

  const body: SegmentData[] = [
    [
      'BCA',
      '00',
      bca02(ack),
      order.poNumber,
      text(references.release),
      ack.changeSequence ?? '',
      x12Date(order.poDate),
      '',
      text(references.contract),
      ack.erpOrderNumber ?? '',
      x12Date(ackDate),
    ],
  ];
  // REF: the buyer's own routing keys, so their system files the answer where the order came from
  body.push(...referenceSegments(references, mapping.references));
  const shipDate = mapping.scheduleDate ? order.dates.requestedShip : undefined;
  // DTM*068 current schedule ship, unless nothing of the change is taken
  if (shipDate && ack.status !== 'rejected' && ack.lines.length > 0) {
    body.push(['DTM', '068', x12Date(shipDate)]);
  }
  body.push(...partyLoops(order.parties, mapping.parties));

  let hashTotal = new Decimal(0);
  for (const line of ack.lines) {
    const orderLine = onOrder.get(line.lineNumber);
    body.push(pocSegment(line, orderLine, mapping));
    body.push(...descriptionSegments(orderLine?.description, mapping.descriptions));
    // CTT-02 hash total: the sum of POC-03 quantities
    if (orderLine) hashTotal = hashTotal.plus(orderLine.quantity);
    if (deletionTaken(line)) {
      // ACK-01 ID item deleted; ACK-02/03 nothing left of it, when its unit is known (P0203)
      body.push(orderLine ? ['ACK', 'ID', '0', orderLine.uom] : ['ACK', 'ID']);
    } else if (line.status === 'rejected') {
      // ACK-01 IR: the change is refused, the line stays as POC restates it; no ACK-02/03 (P0203 lets both
      // go), as a 0 there would read as the line cancelled
      body.push(ackSegment(line, undefined, undefined));
    } else body.push(ackSegment(line, orderLine?.uom, shipDate));
  }
  // CTT-01 number of POC segments, CTT-02 hash total
  if (ack.lines.length > 0) {
    const ctt: SegmentData = ['CTT', String(ack.lines.length)];
    body.push(mapping.hashTotal ? [...ctt, hashTotal.toFixed()] : ctt);
  }
  return body;
}
