import type { Shipment } from '../../src/core/documents.ts';
import type { Order, OrderLine } from '../../src/core/order.ts';
import { defaultOutboundMapping } from '../../src/mapping/default-outbound-mapping.ts';
import type { Resolved856Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import {
  appendItemIdPairs,
  descriptionSegments,
  partyLoop,
  partyLoops,
  referenceSegments,
  x12Date,
} from './outbound-segments.ts';
import {
  byTare,
  type Encode856Input,
  HIERARCHY_CODES,
  type HierarchyShape,
  nonEmpty,
  type PlacedLine,
  type PlacedPack,
  place,
  plus,
  type Sum,
  sumText,
} from './place-856.ts';

/** The 856 encoder: the checked placement of `place-856.ts` written out as the partner's HL tree. */

/** An HL written, whose HL-04 waits for its children. */
interface OpenLevel {
  id: string;
  hl: string[];
  /** The number of HL written when it was opened. */
  before: number;
}

/**
 * The body being written: the HL tree straight into the segment list, depth first (every parent precedes its
 * children), with the HL count and the SN1-02 units kept for CTT as the segments go out.
 */
class NoticeBody {
  readonly segments: SegmentData[] = [];
  private hls = 0;
  private units: Sum = 0;

  constructor(private readonly mapping: Resolved856Mapping) {}

  /** HL-01 id, HL-02 parent id, HL-03 level code; HL-04 (child levels follow) is settled by {@link close}. */
  open(code: 'S' | 'O' | 'T' | 'P', parent: string): OpenLevel {
    const hl = this.hl(code, parent);
    return { id: hl[1]!, hl, before: this.hls };
  }

  /** The HL of the next level, with HL-04 0 (no child levels follow) unless the partner leaves HL-04 out. */
  private hl(code: 'S' | 'O' | 'T' | 'P' | 'I', parent: string): string[] {
    const id = String(++this.hls);
    const hl = this.mapping.hlChildCodes ? ['HL', id, parent, code, '0'] : ['HL', id, parent, code];
    this.segments.push(hl);
    return hl;
  }

  /** HL-04 1 when child levels were written under the level, else 0. */
  close(level: OpenLevel): void {
    if (this.mapping.hlChildCodes && this.hls > level.before) level.hl[4] = '1';
  }

  push(...segments: SegmentData[]): void {
    for (const segment of segments) this.segments.push(segment);
  }

  /** A tare or pack level, with its carton's label. */
  carton(code: 'T' | 'P', parent: string, sscc: string): OpenLevel {
    const level = this.open(code, parent);
    this.segments.push(cartonLabel(sscc));
    return level;
  }

  /** An item level (no children): LIN, SN1, PO4, PID. */
  item(parent: string, line: PlacedLine, quantity: string): void {
    const { lineNumber, uom, pack, description } = line.orderLine;
    const { mapping } = this;
    this.hl('I', parent);
    // LIN-01 assigned identification, LIN-02/03 … product/service ID qualifier/ID pairs (235); SN1-01
    // assigned identification (the order's line number), SN1-02 units shipped, SN1-03 unit of measure.
    // LIN-01 and SN1-01 are optional: some guides leave them empty and match lines by item ID.
    const assigned = mapping.lineNumbers ? lineNumber : '';
    this.segments.push(appendItemIdPairs(['LIN', assigned], line.items, mapping.items));
    this.segments.push(['SN1', assigned, quantity, uom]);
    this.units = plus(this.units, quantity);
    // PO4-01 pack (inner units per outer pack), PO4-02 size, PO4-03 unit of measure of the size
    if (mapping.itemPack && pack && (pack.innerPack ?? pack.size) !== undefined) {
      this.segments.push(['PO4', pack.innerPack ?? '', pack.size ?? '', pack.uom ?? '']);
    }
    if (mapping.descriptions) this.push(...descriptionSegments(description, true));
  }

  /** CTT-01 number of HL segments, CTT-02 hash total of SN1-02 units shipped. */
  totals(): void {
    const count = String(this.hls);
    this.segments.push(this.mapping.hashTotal ? ['CTT', count, sumText(this.units)] : ['CTT', count]);
  }
}

/**
 * MAN-01 GM "SSCC-18 and Application Identifier" (X12 88), so MAN-02 is the GS1 application identifier 00
 * followed by the 18 digits, as printed under the carton's barcode: `MAN*GM*00` + SSCC (VICS 856 guides).
 */
const cartonLabel = (sscc: string): SegmentData => ['MAN', 'GM', `00${sscc}`];

/** A pack level with its item levels; outside S-O-I a pack holds one order's lines (place refuses others). */
function writePack(body: NoticeBody, parent: string, pack: PlacedPack): void {
  const level = body.carton('P', parent, pack.sscc);
  for (const line of pack.lines) body.item(level.id, line, line.quantity);
  body.close(level);
}

/** S-O-I: one item level per order line, in the order's line order, its quantity summed over the packs. */
function writeOrderItems(body: NoticeBody, parent: string, order: Order, mine: PlacedPack[]): void {
  const shipped = new Map<OrderLine, { first: PlacedLine; total: Sum }>();
  for (const pack of mine) {
    for (const line of pack.lines) {
      if (line.order !== order) continue;
      const entry = shipped.get(line.orderLine);
      if (entry === undefined) shipped.set(line.orderLine, { first: line, total: plus(0, line.quantity) });
      else entry.total = plus(entry.total, line.quantity);
    }
  }
  for (const orderLine of order.lines) {
    const entry = shipped.get(orderLine);
    if (entry !== undefined) body.item(parent, entry.first, sumText(entry.total));
  }
}

/** The levels under an order level: packs (S-O-P-I), tares with their packs (S-O-T-P-I) or items (S-O-I). */
function writeOrderChildren(
  body: NoticeBody,
  parent: string,
  order: Order,
  mine: PlacedPack[],
  shape: HierarchyShape,
): void {
  if (shape === 'SOPI') {
    for (const pack of mine) writePack(body, parent, pack);
  } else if (shape === 'SOTPI') {
    for (const [tare, packs] of byTare(mine)) {
      const level = body.carton('T', parent, tare);
      for (const pack of packs) writePack(body, level.id, pack);
      body.close(level);
    }
  } else {
    writeOrderItems(body, parent, order, mine);
  }
}

/**
 * The shipment as the 856 states it: every pack line with its item IDs (the order line's unless given),
 * packs in the order the hierarchy lists them (per order, per tare), tares only in S-O-T-P-I. What
 * map-856 reads back, `orderIds` aside (it gives the PO numbers). Throws like {@link encode856}.
 */
export function resolveShipment(input: Encode856Input): Shipment {
  const { orders, packs, packsOf } = place(input, input.mapping ?? defaultOutboundMapping('856'));
  const listed =
    input.shape === 'SOI'
      ? packs
      : orders.flatMap((order) => listedPacks(packsOf.get(order) ?? [], input.shape));
  return {
    ...input.shipment,
    packs: [...new Set(listed)].map((pack) => ({
      sscc: pack.sscc,
      ...(input.shape === 'SOTPI' && { tare: pack.tare! }),
      lines: pack.lines.map((line) => ({
        lineNumber: line.orderLine.lineNumber,
        quantity: line.quantity,
        items: nonEmpty(line.items),
      })),
    })),
  };
}

function listedPacks(mine: PlacedPack[], shape: HierarchyShape): PlacedPack[] {
  return shape === 'SOTPI' ? [...byTare(mine).values()].flat() : mine;
}

/**
 * The segments of an X12 856 Ship Notice/Manifest between ST and SE, for `writeInterchange` in a GS01 "SH"
 * group: BSN, the HL tree (shipment: TD1, TD5, REF*CN, DTM*011, N1 loops; order: PRF, REF, MAN*GM in
 * S-O-I; tare and pack: MAN*GM; item: LIN, SN1, PO4, PID), CTT, as the partner's 856 mapping chooses
 * (default: N1 ST/SF, no order REF, no PO4/PID). Pure. Throws a permanent `shipment.*` error (`invalid`, `sscc_invalid`,
 * `sscc_duplicate`, `unknown_order`, `unknown_line`, `over_shipped`, `item_ids_missing`, `mixed_pack`,
 * `tare_missing`) rather than write a notice that misstates the shipment.
 */
export function encode856(input: Encode856Input): SegmentData[] {
  const { shipment, shape } = input;
  const mapping = input.mapping ?? defaultOutboundMapping('856');
  const { orders, packs, packsOf } = place(input, mapping);
  const body = new NoticeBody(mapping);
  // BSN-01 purpose (default 00 original), BSN-02 shipment id, BSN-03 date, BSN-04 time, BSN-05
  // hierarchical structure code
  body.push([
    'BSN',
    mapping.purpose,
    input.shipmentId,
    x12Date(input.noticeDate ?? shipment.shipDate),
    input.noticeTime,
    mapping.structureCode ?? HIERARCHY_CODES[shape],
  ]);
  const top = body.open('S', '');
  // TD1-01 packaging code, TD1-02 lading quantity: the number of packs
  body.push(['TD1', mapping.packagingCode, String(packs.length)]);
  const { scac, method } = shipment.carrier ?? {};
  // TD5-02 2 (SCAC) with TD5-03 the carrier's SCAC (P0203), TD5-04 transportation method
  if (scac !== undefined || method !== undefined) {
    body.push(['TD5', '', scac === undefined ? '' : '2', scac ?? '', method ?? '']);
  }
  // REF-01 CN carrier's reference (PRO/tracking) number
  if (shipment.trackingNumber !== undefined) body.push(['REF', 'CN', shipment.trackingNumber]);
  // DTM-01 011 shipped
  body.push(['DTM', '011', x12Date(shipment.shipDate)]);
  // shipment-level parties (default ST ship-to, SF ship-from): each role from the first order that has it
  const parties: Order['parties'] = {};
  for (const { role } of mapping.parties)
    parties[role] ??= orders.find((o) => o.parties[role])?.parties[role];
  body.push(...partyLoops(parties, mapping.parties));
  const shipToCode = mapping.parties.find((loop) => loop.role === 'shipTo')?.code;

  for (const order of orders) {
    const mine = packsOf.get(order) ?? [];
    const level = body.open('O', top.id);
    // PRF-01 purchase order number, PRF-04 purchase order date
    body.push(['PRF', order.poNumber, '', '', x12Date(order.poDate)]);
    body.push(...referenceSegments(order.references, mapping.references));
    // an order shipped elsewhere than the shipment's ship-to names its own (N1 is allowed at every level);
    // the order the shipment's ship-to came from is that very object, no need to compare its JSON
    const own = order.parties.shipTo;
    if (shipToCode && own && own !== parties.shipTo && JSON.stringify(own) !== JSON.stringify(parties.shipTo))
      body.push(...partyLoop(shipToCode, own));
    if (shape === 'SOI' && mapping.orderCartons) {
      // no pack level: the cartons holding the order's goods are listed at the order level
      for (const pack of mine) body.push(cartonLabel(pack.sscc));
    }
    writeOrderChildren(body, level.id, order, mine, shape);
    body.close(level);
  }
  body.close(top);
  body.totals();
  return body.segments;
}
