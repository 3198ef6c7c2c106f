import { Decimal } from 'decimal.js';
import { type Diagnostic, hasErrors } from '../../src/core/diagnostic.ts';
import { Acknowledgment } from '../../src/core/documents.ts';
import type { ItemIds } from '../../src/core/order.ts';
import type { Segment, TransactionSet } from '../../src/x12/types.ts';
import { Findings } from './map-diagnostics.ts';
import { element, mandatory, normalizeDecimal, pad, readDate } from './map-values.ts';

type AckStatus = Acknowledgment['status'];
type LineStatus = Acknowledgment['lines'][number]['status'];

/**
 * BAK02 acknowledgment type (X12 element 587). NA (no acknowledgment needed), AE (exception detail only),
 * AH (hold) and ZZ say nothing about the outcome: the status is then derived from the lines.
 */
const HEADER_STATUS: Record<string, AckStatus | 'from-lines'> = {
  AC: 'accepted_with_changes',
  AD: 'accepted',
  AK: 'accepted',
  AP: 'accepted',
  AT: 'accepted',
  RD: 'rejected',
  RF: 'rejected',
  RJ: 'rejected',
  RO: 'rejected',
  AE: 'from-lines',
  AH: 'from-lines',
  NA: 'from-lines',
  ZZ: 'from-lines',
};

/** ACK01 line item status (X12 element 668); codes finer than the canonical status keep their meaning as `reason`. */
const LINE_STATUS: Record<string, { status: LineStatus; reason?: string }> = {
  IA: { status: 'accepted' },
  AC: { status: 'accepted', reason: 'item accepted and shipped' },
  AR: { status: 'accepted', reason: 'item accepted and released for shipment' },
  DR: { status: 'accepted', reason: 'item accepted, date rescheduled' },
  IC: { status: 'accepted', reason: 'item accepted, changes made' },
  IE: { status: 'accepted', reason: 'item accepted, price pending' },
  SP: { status: 'accepted', reason: 'item accepted, schedule date pending' },
  IB: { status: 'backordered' },
  BP: { status: 'backordered', reason: 'partial shipment, balance backordered' },
  // a hold delays the line like a backorder; the reason says which it is
  IH: { status: 'backordered', reason: 'item on hold' },
  IW: { status: 'backordered', reason: 'item on hold, waiver required' },
  IP: { status: 'price_changed' },
  IQ: { status: 'quantity_changed' },
  IR: { status: 'rejected' },
  IS: { status: 'substituted' },
  ID: { status: 'rejected', reason: 'item deleted' },
  R1: { status: 'rejected', reason: 'not a contract item' },
  R2: { status: 'rejected', reason: 'invalid item product number' },
  R3: { status: 'rejected', reason: 'invalid unit of issue' },
  R4: { status: 'rejected', reason: 'contract item not available' },
  R5: { status: 'rejected', reason: 'reorder item as a just-in-time order' },
  R6: { status: 'rejected', reason: 'reorder item as an extended delivery order' },
  R7: { status: 'rejected', reason: 'reorder item as a drop shipment' },
  R8: { status: 'rejected', reason: 'reorder item as a surge order' },
};

/**
 * ACK-07/08 … qualifiers (235) naming a substitute, per canonical item field: what our 855 writes
 * (line-ack.ts: VP our SKU, UP/EN/UK its GTIN, VN, IN) and their usual neighbours.
 */
const SUBSTITUTE_FIELDS: Readonly<Record<string, keyof ItemIds>> = {
  VP: 'sku',
  SK: 'sku',
  UP: 'gtin',
  EN: 'gtin',
  UK: 'gtin',
  VN: 'vendorItem',
  VA: 'vendorItem',
  VC: 'vendorItem',
  IN: 'buyerItem',
  BP: 'buyerItem',
  CB: 'buyerItem',
};

/** The substitute's IDs from ACK-07/08 … ACK-27/28 (the first of each field wins); unknown qualifiers are reported. */
function substituteItems(findings: Findings, ack: Segment, lineNumber: string): ItemIds | undefined {
  const items: ItemIds = {};
  for (let n = 7; n < ack.elements.length; n += 2) {
    const qualifier = element(ack, n);
    const value = element(ack, n + 1);
    if (qualifier === undefined || value === undefined) continue;
    const field = SUBSTITUTE_FIELDS[qualifier];
    if (field === undefined) {
      findings.add(
        'info',
        'x12.unmapped_element',
        `line ${lineNumber}: substitute ID qualifier ${qualifier} (${value}) has no place in the acknowledgment`,
        ack,
        n,
      );
    } else items[field] ??= value;
  }
  return Object.keys(items).length > 0 ? items : undefined;
}

interface LineDraft {
  po1: Segment;
  acks: Segment[];
}

/** An acknowledgment only when no error was found; the diagnostics either way. */
export interface AcknowledgmentMapResult {
  acknowledgment?: Acknowledgment;
  diagnostics: Diagnostic[];
}

function decimalAt(findings: Findings, segment: Segment, n: number): string | undefined {
  const value = element(segment, n);
  if (value === undefined) return undefined;
  const normalized = normalizeDecimal(value);
  if (normalized === undefined) {
    findings.elementError('6', `${segment.tag}${pad(n)} "${value}" is not a number`, segment, n);
  }
  return normalized;
}

/** The ACK that says most about a line: the first that is not a plain acceptance, else the first. */
function pickAck(findings: Findings, line: LineDraft, lineNumber: string): Segment | undefined {
  const known = (ack: Segment) => LINE_STATUS[element(ack, 1) ?? ''];
  const chosen = line.acks.find((ack) => known(ack)?.status !== 'accepted') ?? line.acks[0];
  for (const ack of line.acks) {
    if (ack === chosen) continue;
    findings.warning(
      'x12.mapping.855_extra_ack',
      `line ${lineNumber}: ACK ${element(ack, 1) ?? ''} ${element(ack, 2) ?? ''} not kept, the canonical line has one status (kept ACK ${element(chosen!, 1) ?? ''})`,
      ack,
    );
  }
  return chosen;
}

function mapLine(findings: Findings, line: LineDraft, lineNumber: string, header: AckStatus | 'from-lines') {
  const { po1 } = line;
  // 855 PO1-02 quantity ordered, PO1-04 unit price
  const ordered = decimalAt(findings, po1, 2);
  const price = decimalAt(findings, po1, 4);
  const ack = pickAck(findings, line, lineNumber);
  let status: LineStatus = header === 'rejected' ? 'rejected' : 'accepted';
  let reason: string | undefined;
  let quantity: string | undefined;
  let items: ItemIds | undefined;
  if (ack) {
    // ACK-01 line item status code, ACK-02 quantity
    const code = mandatory(findings, ack, 1, 'line item status code');
    const known = code === undefined ? undefined : LINE_STATUS[code];
    if (known) {
      status = known.status;
      if (known.reason) reason = `${code}: ${known.reason}`;
    } else if (code !== undefined) {
      findings.warning(
        'x12.mapping.855_unknown_status',
        `ACK01 "${code}" is not a known line item status: line ${lineNumber} taken as ${status}`,
        ack,
        1,
      );
    }
    quantity = decimalAt(findings, ack, 2);
    // ACK-07/08 … product/service ID pairs: the item sent instead of the one ordered
    if (status === 'substituted') items = substituteItems(findings, ack, lineNumber);
  }
  // without ACK-02 a rejected line keeps nothing and any other keeps what was ordered
  quantity ??= status === 'rejected' ? '0' : ordered;
  if (quantity === undefined) {
    findings.error(
      'x12.mapping.quantity_missing',
      `line ${lineNumber}: no quantity in PO102 or ACK02`,
      po1,
      2,
    );
  }
  const result: Acknowledgment['lines'][number] = { lineNumber, status, quantity: quantity ?? '0' };
  // PO1-04 is the acknowledged price; it is the line's news only when ACK01 says the price changed
  if (status === 'price_changed' && price !== undefined) result.unitPrice = price;
  if (items !== undefined) result.items = items;
  if (reason !== undefined) result.reason = reason;
  return { line: result, ordered };
}

function fromLines(lines: Acknowledgment['lines']): AckStatus {
  if (lines.length > 0 && lines.every((line) => line.status === 'rejected')) return 'rejected';
  return lines.every((line) => line.status === 'accepted') ? 'accepted' : 'accepted_with_changes';
}

function checkTotals(findings: Findings, ctt: Segment, lines: Acknowledgment['lines'], ordered: Decimal) {
  const count = element(ctt, 1);
  if (count !== undefined && count !== String(lines.length)) {
    findings.warning(
      'x12.mapping.line_count',
      `CTT01 says ${count} lines, the set has ${lines.length} PO1`,
      ctt,
      1,
    );
  }
  const hash = element(ctt, 2);
  if (hash === undefined || normalizeDecimal(hash) === undefined) return;
  // CTT-02 is the sum of PO1-02; some suppliers sum the acknowledged quantities (ACK-02) instead
  const acknowledged = lines.reduce((sum, line) => sum.plus(line.quantity), new Decimal(0));
  if (!new Decimal(hash).eq(ordered) && !new Decimal(hash).eq(acknowledged)) {
    findings.warning(
      'x12.mapping.hash_total',
      `CTT02 ${hash} is neither the ordered (${ordered.toFixed()}) nor the acknowledged (${acknowledged.toFixed()}) quantity total`,
      ctt,
      2,
    );
  }
}

/**
 * Maps an X12 855 Purchase Order Acknowledgment (003010 … 005010) to a canonical Acknowledgment. Status
 * from BAK02, the seller's order number from BAK08, each PO1 line's status and quantity from its ACK (a PO1
 * without ACK is taken as BAK02 says: accepted as ordered, or rejected), and an IS line's substitute from
 * the ACK's product ID pairs. Header data the canonical Acknowledgment has no place for (REF, DTM,
 * N1 loops, PID, SCH …) is reported as `info`. Pure and never throws.
 *
 * `orderId` is BAK03, the buyer's PO number: an inbound 855 answers a purchase order we sent and
 * references it only by that number, so a caller that knows the order's id must look it up by PO number.
 */
export function mapPurchaseOrderAcknowledgment(set: TransactionSet): AcknowledgmentMapResult {
  const findings = new Findings(set.controlNumber);
  if (set.type !== '855') {
    findings.error('x12.mapping.wrong_document', `the 855 mapper was given transaction set ${set.type}`);
    return { diagnostics: findings.diagnostics };
  }
  let bak: Segment | undefined;
  let ctt: Segment | undefined;
  const drafts: LineDraft[] = [];
  for (const segment of set.segments) {
    const { tag } = segment;
    const current = drafts.at(-1);
    if (tag === 'ST' || tag === 'SE') continue;
    if (tag === 'BAK') {
      if (bak) findings.segmentError('5', 'BAK may appear once', segment);
      else bak = segment;
    } else if (tag === 'PO1' && !ctt) drafts.push({ po1: segment, acks: [] });
    else if (tag === 'ACK' && current && !ctt) current.acks.push(segment);
    else if (tag === 'CTT' && !ctt) ctt = segment;
    else findings.add('info', 'x12.unmapped_segment', `${tag} has no place in an Acknowledgment`, segment);
  }
  if (!bak) {
    findings.segmentError('3', 'BAK segment missing', 'BAK');
    return { diagnostics: findings.diagnostics };
  }
  // BAK-02 acknowledgment type, BAK-03 purchase order number, BAK-04 purchase order date
  const code = mandatory(findings, bak, 2, 'acknowledgment type');
  const poNumber = mandatory(findings, bak, 3, 'purchase order number');
  readDate(findings, bak, 4);
  let header = code === undefined ? 'from-lines' : (HEADER_STATUS[code] ?? 'from-lines');
  if (code !== undefined && HEADER_STATUS[code] === undefined) {
    findings.warning(
      'x12.mapping.855_unknown_status',
      `BAK02 "${code}" is not a known acknowledgment type: status taken from the lines`,
      bak,
      2,
    );
  }

  const lines: Acknowledgment['lines'] = [];
  const seen = new Set<string>();
  let orderedTotal = new Decimal(0);
  drafts.forEach((draft, index) => {
    let lineNumber = element(draft.po1, 1);
    if (lineNumber === undefined) {
      lineNumber = String(index + 1);
      findings.warning(
        'x12.mapping.line_number_assigned',
        `PO101 missing: line number ${lineNumber} assigned`,
        draft.po1,
        1,
      );
    } else if (seen.has(lineNumber)) {
      findings.warning(
        'x12.mapping.duplicate_line_number',
        `PO101 line number ${lineNumber} repeated`,
        draft.po1,
        1,
      );
    }
    seen.add(lineNumber);
    const { line, ordered } = mapLine(findings, draft, lineNumber, header);
    if (ordered !== undefined) orderedTotal = orderedTotal.plus(ordered);
    lines.push(line);
  });
  if (ctt) checkTotals(findings, ctt, lines, orderedTotal);

  if (header === 'from-lines') header = fromLines(lines);
  else if (header !== 'accepted_with_changes' && lines.some((line) => line.status !== header)) {
    // AD/AT promise every line accepted, RJ/RD every line rejected; AC fits any mix
    findings.warning(
      'x12.mapping.855_status_mismatch',
      `BAK02 ${code} says ${header} but not every line is ${header}: BAK02 is kept`,
      bak,
      2,
    );
  }
  if (hasErrors(findings.diagnostics) || poNumber === undefined) return { diagnostics: findings.diagnostics };
  // BAK-08 reference identification: the seller's order number
  const sellerOrder = element(bak, 8)?.trim();
  const erpOrderNumber = sellerOrder !== undefined && sellerOrder.length <= 30 ? sellerOrder : undefined;
  if (sellerOrder !== undefined && erpOrderNumber === undefined) {
    findings.add(
      'info',
      'x12.unmapped_element',
      `BAK08 "${sellerOrder}" is longer than an order number here`,
      bak,
      8,
    );
  }
  const parsed = Acknowledgment.safeParse({
    orderId: poNumber,
    status: header,
    ...(erpOrderNumber ? { erpOrderNumber } : {}),
    lines,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      findings.error(
        'x12.mapping.invalid_acknowledgment',
        `acknowledgment ${issue.path.join('.')}: ${issue.message}`,
      );
    }
    return { diagnostics: findings.diagnostics };
  }
  return { acknowledgment: parsed.data, diagnostics: findings.diagnostics };
}
