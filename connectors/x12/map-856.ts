import { Decimal } from 'decimal.js';
import { append } from '../../src/core/append.ts';
import { type Diagnostic, hasErrors } from '../../src/core/diagnostic.ts';
import { Shipment } from '../../src/core/documents.ts';
import type { ItemIds } from '../../src/core/order.ts';
import { defaultOrderMapping } from '../../src/mapping/default-order-mapping.ts';
import type { Segment, TransactionSet } from '../../src/x12/types.ts';
import { Findings } from './map-diagnostics.ts';
import { element, mandatory, readDate, readQuantity } from './map-values.ts';
import { isValidSscc } from './sscc.ts';

export interface ShipNoticeMapResult {
  /** Only when no error was found. */
  shipment?: Shipment;
  /** BSN-02, the sender's shipment identification (the canonical Shipment has no field for it). */
  shipmentId?: string;
  diagnostics: Diagnostic[];
}

interface Node {
  hl: Segment;
  id: string;
  level: string;
  parent?: Node;
  children: Node[];
  segments: Segment[];
}
type PackLine = Shipment['packs'][number]['lines'][number];

const RANK: Record<string, number> = { S: 0, O: 1, T: 2, P: 3, I: 4 };

/** Item ID qualifier (235) → item field, from the built-in inbound table (UP, UK, EN, IN/BP/CB, VN/VP …, SK). */
const ITEM_FIELDS: ReadonlyMap<string, keyof ItemIds> = new Map(
  Object.entries(defaultOrderMapping('850').items).flatMap(([field, qualifiers]) =>
    (qualifiers ?? []).map((qualifier) => [qualifier, field as keyof ItemIds] as const),
  ),
);

/** Builds the HL tree, checking HL-01 ids, HL-02 parents and the one shipment level. */
function buildTree(findings: Findings, hls: Node[]): void {
  const byId = new Map<string, Node>();
  hls.forEach((node, index) => {
    if (byId.has(node.id))
      findings.error('x12.mapping.856_hl_duplicate_id', `HL01 ${node.id} repeated`, node.hl, 1);
    const parentId = element(node.hl, 2);
    if (parentId !== undefined) {
      node.parent = byId.get(parentId);
      if (!node.parent) {
        findings.error(
          'x12.mapping.856_hl_parent_unknown',
          `HL02 ${parentId} names no earlier HL`,
          node.hl,
          2,
        );
      }
    } else if (index > 0) {
      // a flat hierarchy: the parent is the nearest earlier level of a higher rank (S > O > T > P > I)
      const rank = RANK[node.level] ?? 5;
      node.parent = hls
        .slice(0, index)
        .reverse()
        .find((other) => (RANK[other.level] ?? 5) < rank);
      findings.warning(
        'x12.mapping.856_hl_parent_missing',
        `HL ${node.id} (${node.level}) has no HL02: parent taken as HL ${node.parent?.id ?? '(none)'}`,
        node.hl,
        2,
      );
    }
    node.parent?.children.push(node);
    if (!byId.has(node.id)) byId.set(node.id, node);
    if (RANK[node.level] === undefined)
      findings.unmapped(`HL03 level ${node.level} is not S, O, T, P or I`, node.hl, 3);
  });
  const shipments = hls.filter((node) => node.level === 'S');
  if (hls[0]?.level !== 'S' || shipments.length !== 1) {
    findings.error(
      'x12.mapping.856_hl_structure',
      'an 856 has one shipment level (HL03 S), first',
      hls[0]?.hl ?? 'HL',
    );
  }
  for (const node of hls) {
    const code = element(node.hl, 4);
    const has = node.children.length > 0;
    if (code !== undefined && (code === '1') !== has) {
      findings.warning(
        'x12.mapping.856_hl_child_code',
        `HL ${node.id}: HL04 ${code} but ${has ? node.children.length : 'no'} child levels follow`,
        node.hl,
        4,
      );
    }
  }
}

const ancestor = (node: Node, level: string): Node | undefined => {
  for (let up = node.parent; up; up = up.parent) if (up.level === level) return up;
  return undefined;
};
const descendants = (node: Node): Node[] => node.children.flatMap((child) => [child, ...descendants(child)]);

/** The SSCC of MAN*GM segments at a level; a 20-digit value is read as GS1 AI (00) plus the SSCC-18. */
function ssccs(findings: Findings, node: Node): string[] {
  return node.segments
    .filter((segment) => segment.tag === 'MAN' && element(segment, 1) === 'GM')
    .flatMap((segment) => {
      const raw = element(segment, 2) ?? '';
      const sscc = /^00\d{18}$/.test(raw) ? raw.slice(2) : raw;
      if (isValidSscc(sscc)) return [sscc];
      findings.error(
        'x12.mapping.856_sscc_invalid',
        `MAN02 "${raw}" is not an SSCC-18 with a valid check digit`,
        segment,
        2,
      );
      return [];
    });
}

/** LIN item IDs and SN1 line number and units shipped of an item level (or of a pack level under one). */
function readLine(findings: Findings, item: Node, quantityFrom: Node, count: number): PackLine | undefined {
  const lin = item.segments.find((segment) => segment.tag === 'LIN');
  const sn1 = quantityFrom.segments.find((segment) => segment.tag === 'SN1');
  const items: ItemIds = {};
  // LIN-02/03, 04/05 … product/service ID qualifier/ID pairs
  for (let n = 2; lin && n < lin.elements.length; n += 2) {
    const qualifier = element(lin, n);
    const value = element(lin, n + 1);
    if (qualifier === undefined || value === undefined) continue;
    const field = ITEM_FIELDS.get(qualifier);
    if (field === undefined || items[field] !== undefined) {
      findings.add('info', 'x12.unmapped_element', `LIN ${qualifier} ${value} has no item field`, lin, n);
    } else items[field] = value;
  }
  if (!sn1) {
    findings.error(
      'x12.mapping.quantity_missing',
      `HL ${quantityFrom.id}: no SN1 units shipped`,
      quantityFrom.hl,
    );
    return undefined;
  }
  // SN1-01 assigned identification (the order line number), SN1-02 number of units shipped
  let lineNumber = element(sn1, 1) ?? (lin && element(lin, 1));
  if (lineNumber === undefined) {
    lineNumber = String(count);
    findings.warning(
      'x12.mapping.line_number_assigned',
      `SN101 and LIN01 missing: line ${lineNumber}`,
      sn1,
      1,
    );
  }
  const quantity = readQuantity(findings, sn1, 2) ?? mandatory(findings, sn1, 2, 'number of units shipped');
  if (quantity === undefined) return undefined;
  return { lineNumber, quantity, ...(Object.keys(items).length > 0 && { items }) };
}

/** Packs from the pack levels; goods outside any pack go in the single carton their order level names. */
function readPacks(findings: Findings, hls: Node[]): Map<string, Shipment['packs'][number]> {
  const packs = new Map<string, Shipment['packs'][number]>();
  const cartons = new Map<Node, string[]>();
  // each level's MAN*GM read (and reported) once, however many packs or items below ask for it
  const cartonsOf = (node: Node) => cartons.get(node) ?? cartons.set(node, ssccs(findings, node)).get(node)!;
  let count = 0;
  const add = (sscc: string, tare: string | undefined, lines: PackLine[]) => {
    const pack = packs.get(sscc) ?? { sscc, ...(tare !== undefined && { tare }), lines: [] };
    append(pack.lines, lines);
    packs.set(sscc, pack);
  };
  const line = (item: Node, quantityFrom: Node) => readLine(findings, item, quantityFrom, ++count);
  const loose: Node[] = [];
  for (const node of hls) {
    if (node.level === 'P') {
      const [sscc] = cartonsOf(node);
      if (sscc === undefined) {
        findings.error(
          'x12.mapping.856_pack_sscc_missing',
          `pack level HL ${node.id} has no MAN*GM SSCC`,
          node.hl,
        );
        continue;
      }
      const tareLevel = ancestor(node, 'T');
      const tare = tareLevel && cartonsOf(tareLevel)[0];
      // S-O-P-I: the items below; S-O-I-P: the item above, with the pack's own SN1
      const items = descendants(node).filter((n) => n.level === 'I' && ancestor(n, 'P') === node);
      const above = ancestor(node, 'I');
      const lines =
        items.length > 0 ? items.map((item) => line(item, item)) : above ? [line(above, node)] : [];
      if (lines.length === 0) {
        findings.error('x12.mapping.856_no_packs', `pack level HL ${node.id} holds no item level`, node.hl);
      } else
        add(
          sscc,
          tare,
          lines.filter((l): l is PackLine => l !== undefined),
        );
    } else if (
      node.level === 'I' &&
      !ancestor(node, 'P') &&
      !descendants(node).some((n) => n.level === 'P')
    ) {
      loose.push(node);
    }
  }
  const unpacked: Node[] = [];
  for (const item of loose) {
    const order = ancestor(item, 'O');
    const named = order ? cartonsOf(order) : [];
    if (named.length !== 1) unpacked.push(item);
    else {
      const read = line(item, item);
      if (read) add(named[0]!, undefined, [read]);
    }
  }
  if (unpacked.length > 0) {
    findings.error(
      'x12.mapping.856_no_packs',
      `item levels HL ${unpacked.map((item) => item.id).join(', ')} are in no pack level and their order level names no single carton (MAN*GM): the canonical shipment needs the SSCC of every pack`,
      unpacked[0]!.hl,
    );
  }
  return packs;
}

/**
 * Maps an X12 856 Ship Notice/Manifest (002001 … 005010; S-O-P-I, S-O-T-P-I, S-O-I and other HL trees) to a
 * canonical Shipment. Pure and never throws.
 *
 * - `orderIds` are the PRF-01 purchase order numbers, as sent: an inbound 856 answers orders by the buyer's
 *   PO number, so a caller that knows the order ids looks them up by partner and PO number.
 * - Packs come from the pack levels (MAN*GM SSCC-18, a tare from the MAN*GM of a tare level above); a
 *   carton listed twice (under two orders) is one pack. An S-O-I notice has no pack level: its items go in
 *   the one carton their order level names with MAN*GM, and when there is none (or several) no shipment is
 *   made, with an `x12.mapping.856_no_packs` error. We do not invent an SSCC: a canonical pack is a real
 *   labelled carton, and a made-up one would match nothing on the receiving dock.
 * - Pack line items are the LIN IDs as sent (the canonical default "the order line's" needs the order).
 */
export function mapShipNotice(set: TransactionSet): ShipNoticeMapResult {
  const findings = new Findings(set.controlNumber);
  if (set.type !== '856') {
    findings.error('x12.mapping.wrong_document', `transaction set ${set.type} is not an 856`);
    return { diagnostics: findings.diagnostics };
  }
  let bsn: Segment | undefined;
  let ctt: Segment | undefined;
  const header: Segment[] = [];
  const hls: Node[] = [];
  for (const segment of set.segments) {
    const { tag } = segment;
    if (tag === 'ST' || tag === 'SE') continue;
    if (tag === 'BSN' && !bsn && hls.length === 0) bsn = segment;
    else if (tag === 'HL' && !ctt) {
      const id = mandatory(findings, segment, 1, 'hierarchical ID number') ?? `#${hls.length + 1}`;
      const level = mandatory(findings, segment, 3, 'hierarchical level code') ?? '';
      hls.push({ hl: segment, id, level, children: [], segments: [] });
    } else if (tag === 'CTT' && !ctt) ctt = segment;
    else if (hls.length > 0 && !ctt) hls.at(-1)!.segments.push(segment);
    else header.push(segment);
  }
  if (!bsn) findings.segmentError('3', 'BSN segment missing', 'BSN');
  if (hls.length === 0) findings.segmentError('3', 'HL segment missing', 'HL');
  buildTree(findings, hls);
  const top = hls[0];
  const shipmentSegments = [...header, ...(top?.segments ?? [])];
  const used = new Set<Segment>();
  const find = (tag: string, qualifier?: string) => {
    const found = shipmentSegments.find(
      (s) => s.tag === tag && (qualifier === undefined || element(s, 1) === qualifier),
    );
    if (found) used.add(found);
    return found;
  };

  // DTM-01 011 shipped, DTM-02 date; else BSN-03, the day the notice was made
  const dtm = find('DTM', '011');
  let shipDate = dtm && readDate(findings, dtm, 2);
  if (!dtm && bsn) {
    shipDate = readDate(findings, bsn, 3);
    findings.warning('x12.mapping.856_ship_date_assumed', 'no DTM*011: ship date taken from BSN03', bsn, 3);
  }
  // TD5-02 2 with TD5-03 a SCAC, TD5-04 transportation method code
  const td5 = find('TD5');
  const scac = td5 && element(td5, 2) === '2' ? element(td5, 3) : undefined;
  const method = td5 && element(td5, 4);
  const cn = find('REF', 'CN');
  const trackingNumber = cn && element(cn, 2);
  const prfs = hls.flatMap((node) => node.segments.filter((s) => s.tag === 'PRF'));
  for (const prf of prfs) used.add(prf);
  // PRF-01 purchase order number, at the order level (or the item level in S-I notices)
  const orderIds = [...new Set(prfs.flatMap((prf) => element(prf, 1) ?? []))];
  if (orderIds.length === 0)
    findings.error('x12.mapping.856_no_orders', 'no PRF01 purchase order number', 'PRF');
  const packs = readPacks(findings, hls);
  checkTotals(findings, ctt, hls);
  for (const segment of [...shipmentSegments, ...hls.slice(1).flatMap((node) => node.segments)]) {
    if (!used.has(segment) && !['MAN', 'LIN', 'SN1'].includes(segment.tag)) {
      findings.add('info', 'x12.unmapped_segment', `${segment.tag} has no place in a Shipment`, segment);
    }
  }
  const result: ShipNoticeMapResult = { diagnostics: findings.diagnostics };
  const shipmentId = bsn && element(bsn, 2);
  if (shipmentId !== undefined) result.shipmentId = shipmentId;
  if (packs.size === 0 && !hasErrors(findings.diagnostics)) {
    findings.error('x12.mapping.856_no_packs', 'the 856 lists no packs', 'HL');
  }
  if (hasErrors(findings.diagnostics)) return result;
  const carrier = { ...(scac !== undefined && { scac }), ...(method !== undefined && { method }) };
  const parsed = Shipment.safeParse({
    orderIds,
    shipDate,
    ...(Object.keys(carrier).length > 0 && { carrier }),
    ...(trackingNumber !== undefined && { trackingNumber }),
    packs: [...packs.values()],
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      findings.error('x12.mapping.invalid_shipment', `shipment ${issue.path.join('.')}: ${issue.message}`);
    }
    return result;
  }
  return { ...result, shipment: parsed.data };
}

/** CTT-01 number of HL segments, CTT-02 hash total of the item levels' SN1-02: warnings only. */
function checkTotals(findings: Findings, ctt: Segment | undefined, hls: Node[]): void {
  if (!ctt) return;
  const count = element(ctt, 1);
  // CTT-01 counts the HL segments (VICS); some senders count the item levels
  const items = hls.filter((node) => node.level === 'I').length;
  if (count !== undefined && count !== String(hls.length) && count !== String(items)) {
    findings.warning(
      'x12.mapping.line_count',
      `CTT01 says ${count}, the set has ${hls.length} HL of which ${items} item levels`,
      ctt,
      1,
    );
  }
  const hash = element(ctt, 2);
  if (hash === undefined || !/^\d+(\.\d+)?$/.test(hash)) return;
  const units = hls
    .filter((node) => node.level === 'I')
    .flatMap((node) => node.segments.filter((s) => s.tag === 'SN1').map((s) => element(s, 2) ?? '0'))
    .filter((value) => /^\d*\.?\d+$/.test(value))
    .reduce((sum, value) => sum.plus(value), new Decimal(0));
  if (!units.eq(hash)) {
    findings.warning(
      'x12.mapping.hash_total',
      `CTT02 ${hash} is not the SN102 total ${units.toFixed()}`,
      ctt,
      2,
    );
  }
}
