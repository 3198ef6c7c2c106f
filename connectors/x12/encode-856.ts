import { Decimal } from 'decimal.js';
import { Shipment } from '../../src/core/documents.ts';
import { permanent } from '../../src/core/errors.ts';
import type { ItemIds, Order, OrderLine } from '../../src/core/order.ts';
import { defaultOutboundMapping } from '../../src/mapping/default-outbound-mapping.ts';
import type { Resolved856Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import {
  appendItemIdPairs,
  descriptionSegments,
  hasItemIds,
  partyLoop,
  partyLoops,
  referenceSegments,
  x12Date,
} from './outbound-segments.ts';

/** The HL levels an 856 is built with: shipment, order, (tare,) (pack,) item. */
export type HierarchyShape = 'SOI' | 'SOPI' | 'SOTPI';

export interface Encode856Input {
  shipment: Shipment;
  /** The orders `shipment.orderIds` names (by `Order.id`): UOMs, item IDs, ordered quantities, parties. */
  orders: Order[];
  shape: HierarchyShape;
  /** GS08 of the group the set goes into; the segments written here are the same in 004010 and 005010. */
  version: '004010' | '005010';
  /** BSN02 shipment identification (AN 2/30), e.g. the supplier's delivery or bill of lading number. */
  shipmentId: string;
  /** BSN03 the day the notice was made, YYYY-MM-DD; default the ship date. */
  noticeDate?: string;
  /** BSN04 HHMM or HHMMSS the notice was made (the encoder is pure: it reads no clock). */
  noticeTime: string;
  /**
   * The partner's 856 choices: item qualifiers, shipment-level N1 loops, order-level REFs, PID and PO4 at
   * item level, BSN-01/05, TD1-01, CTT-02; default the built-in. `shape` above is already the chosen one.
   */
  mapping?: Resolved856Mapping;
}

/**
 * BSN05 hierarchical structure code (X12 element 1005, 004010 code list, e.g.
 * https://stedi.com/edi/x12-004010/element/1005): 0001 "Shipment, Order, Packaging, Item", 0004
 * "Shipment, Order, Item". Tare and pack are both packaging levels, so S-O-T-P-I (the VICS "pick and pack"
 * structure) is written as 0001 too.
 */
export const HIERARCHY_CODES: Record<HierarchyShape, string> = { SOI: '0004', SOPI: '0001', SOTPI: '0001' };

/**
 * GS1 mod-10 check digit of the first 17 digits of an SSCC-18 (GS1 General Specifications, "Check digit
 * calculation": weights 3, 1, 3 … from the rightmost digit, the check digit brings the sum to a multiple of 10).
 */
export function ssccCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw permanent(
      'shipment.sscc_invalid',
      `"${first17}" is not the 17 digits an SSCC check digit is made of`,
    );
  }
  let sum = 0;
  // with 17 digits the leftmost one, like the rightmost, has weight 3
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** Whether `value` is 18 digits ending in the right GS1 check digit. */
export function isValidSscc(value: string): boolean {
  return /^\d{18}$/.test(value) && ssccCheckDigit(value.slice(0, 17)) === value[17];
}

interface PlacedLine {
  order: Order;
  orderLine: OrderLine;
  quantity: string;
  /**
   * The pack line's item IDs, else the order line's (DESIGN §4), as given: empty values are skipped where
   * they are read (LIN pairs, the item ID check) and dropped only in {@link resolveShipment}'s answer.
   */
  items: ItemIds;
}
interface PlacedPack {
  sscc: string;
  tare?: string;
  lines: PlacedLine[];
}
interface Placed {
  orders: Order[];
  packs: PlacedPack[];
  /** Per order, the packs holding any of its lines, each once, in shipment order. */
  packsOf: Map<Order, PlacedPack[]>;
}

function refuse(code: string, message: string, details?: unknown): never {
  throw permanent(`shipment.${code}`, message, details === undefined ? undefined : { details });
}

// ---------- exact quantity sums ----------

/** Exact sums: decimal.js rounds to 20 significant digits by default. */
const Exact = Decimal.clone({ precision: 200 });

/**
 * An exact sum of quantity strings. Shipped quantities are nearly always whole numbers, and adding those as
 * JS numbers is exact while every addend and the total stay safe integers, at a fraction of decimal.js's
 * cost; the first fraction (or a huge value) moves the sum to Decimal for good.
 */
type Sum = number | Decimal;

/** A whole number of at most 15 digits in canonical form: Number() reads it exactly. */
const SMALL_INTEGER = /^(?:0|[1-9]\d{0,14})$/;

function plus(sum: Sum, quantity: string): Sum {
  if (typeof sum !== 'number') return sum.plus(quantity);
  if (SMALL_INTEGER.test(quantity)) {
    const total = sum + Number(quantity);
    if (total <= Number.MAX_SAFE_INTEGER) return total;
  }
  return new Exact(sum).plus(quantity);
}

/** The sum as a decimal string (what Decimal#toFixed() writes: no exponent, no trailing zeros). */
const sumText = (sum: Sum): string => (typeof sum === 'number' ? String(sum) : sum.toFixed());

function exceeds(sum: Sum, quantity: string): boolean {
  return typeof sum === 'number' && SMALL_INTEGER.test(quantity)
    ? sum > Number(quantity)
    : new Exact(sum).gt(quantity);
}

// ---------- placing pack lines ----------

function nonEmpty(items: ItemIds): ItemIds {
  return Object.fromEntries(Object.entries(items).filter(([, value]) => value !== undefined && value !== ''));
}

type PackLine = Shipment['packs'][number]['lines'][number];
interface Candidate {
  order: Order;
  orderLine: OrderLine;
}

/** The shipment's order lines by line number: built once, rather than every order scanned per pack line. */
function indexLines(orders: Order[]): Map<string, Candidate[]> {
  const index = new Map<string, Candidate[]>();
  for (const order of orders) {
    for (const orderLine of order.lines) {
      // several when orders (or one order's lines) share a number: kept in order, as the pack line is matched
      const same = index.get(orderLine.lineNumber);
      if (same === undefined) index.set(orderLine.lineNumber, [{ order, orderLine }]);
      else same.push({ order, orderLine });
    }
  }
  return index;
}

/** The order line a pack line names: by line number, among several orders also by the item IDs it gives. */
function findLine(
  index: Map<string, Candidate[]>,
  orders: Order[],
  line: PackLine,
  problems: string[],
): Candidate | undefined {
  const byNumber = index.get(line.lineNumber) ?? [];
  if (byNumber.length === 1) return byNumber[0];
  const given = Object.entries(nonEmpty(line.items ?? {}));
  const matches =
    byNumber.length > 1 && given.length > 0
      ? byNumber.filter(({ orderLine }) =>
          given.every(([field, value]) => orderLine.items[field as keyof ItemIds] === value),
        )
      : byNumber;
  if (matches.length === 1) return matches[0]!;
  problems.push(
    matches.length === 0
      ? `line ${line.lineNumber} is not a line of order ${orders.map((o) => o.poNumber).join(' or ')}`
      : `line ${line.lineNumber} is a line of orders ${matches.map((m) => m.order.poNumber).join(' and ')}: give its item IDs`,
  );
  return undefined;
}

/** Refuses a wrong check digit (packs and tares) and a pack SSCC used twice or also as a tare. */
function checkSsccs(packs: Shipment['packs']): void {
  const bad = new Set<string>();
  const tares = new Set<string>();
  for (const { sscc, tare } of packs) {
    if (!isValidSscc(sscc)) bad.add(sscc);
    if (tare !== undefined) {
      if (!isValidSscc(tare)) bad.add(tare);
      tares.add(tare);
    }
  }
  if (bad.size > 0)
    refuse('sscc_invalid', `SSCC check digit wrong: ${[...bad].join(', ')}`, { ssccs: [...bad] });
  const seen = new Set<string>();
  const reused = new Set<string>();
  for (const { sscc } of packs) {
    if (seen.has(sscc) || tares.has(sscc)) reused.add(sscc);
    seen.add(sscc);
  }
  if (reused.size > 0) refuse('sscc_duplicate', `SSCC used twice: ${[...reused].join(', ')}`);
}

/** The orders `orderIds` names, in its order. */
function findOrders(orderIds: string[], given: Order[]): Order[] {
  if (new Set(orderIds).size !== orderIds.length) refuse('invalid', 'an order id is listed twice');
  const orders = orderIds.map((id) => given.find((order) => order.id === id));
  const missing = orderIds.filter((_, i) => orders[i] === undefined);
  if (missing.length > 0) refuse('unknown_order', `orders not given: ${missing.join(', ')}`, { missing });
  return orders as Order[];
}

/** Ties every pack line to its order line; refuses, listing them all, lines that name none or several. */
function placeLines(packs: Shipment['packs'], orders: Order[]): PlacedPack[] {
  const index = indexLines(orders);
  const problems: string[] = [];
  const placed = packs.map((pack): PlacedPack => {
    const lines: PlacedLine[] = [];
    for (const line of pack.lines) {
      const found = findLine(index, orders, line, problems);
      if (found === undefined) continue;
      // DESIGN §4: a pack line's items default to the order line's
      const items = line.items ?? found.orderLine.items;
      lines.push({ order: found.order, orderLine: found.orderLine, quantity: line.quantity, items });
    }
    return { sscc: pack.sscc, ...(pack.tare !== undefined && { tare: pack.tare }), lines };
  });
  if (problems.length > 0) refuse('unknown_line', problems.join('; '), problems);
  return placed;
}

/**
 * Refuses more shipped of an order's line number, summed over all packs, than ordered. Lines are tallied by
 * order and line number (one order's lines sharing a number count together), and the total is compared
 * with the quantity of the order line the last of them matched.
 */
function checkQuantities(packs: PlacedPack[]): void {
  interface Tally {
    line: PlacedLine;
    total: Sum;
  }
  // per order, per line number; `tallies` keeps the order they were first shipped in, for the message
  const byOrder = new Map<Order, Map<string, Tally>>();
  const tallies: Tally[] = [];
  for (const pack of packs) {
    for (const line of pack.lines) {
      let ofOrder = byOrder.get(line.order);
      if (ofOrder === undefined) {
        ofOrder = new Map();
        byOrder.set(line.order, ofOrder);
      }
      const tally = ofOrder.get(line.orderLine.lineNumber);
      if (tally === undefined) {
        const first = { line, total: plus(0, line.quantity) };
        ofOrder.set(line.orderLine.lineNumber, first);
        tallies.push(first);
      } else {
        tally.line = line;
        tally.total = plus(tally.total, line.quantity);
      }
    }
  }
  const over = tallies
    .filter(({ line, total }) => exceeds(total, line.orderLine.quantity))
    .map(({ line, total }) => ({
      poNumber: line.order.poNumber,
      lineNumber: line.orderLine.lineNumber,
      ordered: line.orderLine.quantity,
      shipped: sumText(total),
    }));
  if (over.length > 0) {
    const list = over.map(
      (o) => `${o.poNumber} line ${o.lineNumber}: ${o.shipped} shipped, ${o.ordered} ordered`,
    );
    refuse('over_shipped', `more shipped than ordered: ${list.join('; ')}`, over);
  }
}

/** Refuses lines the mapping has no item ID to write for: LIN-02/03 (the first ID pair) are mandatory. */
function checkItemIds(packs: PlacedPack[], mapping: Resolved856Mapping): void {
  const noIds: string[] = [];
  for (const pack of packs) {
    for (const line of pack.lines) {
      if (!hasItemIds(line.items, mapping.items)) noIds.push(line.orderLine.lineNumber);
    }
  }
  if (noIds.length > 0) refuse('item_ids_missing', `no item IDs for LIN: line ${noIds.join(', ')}`);
}

/** Per order, the packs holding any of its lines, each once, in shipment order: one pass over the lines. */
function groupByOrder(packs: PlacedPack[]): Map<Order, PlacedPack[]> {
  const packsOf = new Map<Order, PlacedPack[]>();
  for (const pack of packs) {
    for (const { order } of pack.lines) {
      const mine = packsOf.get(order);
      if (mine === undefined) packsOf.set(order, [pack]);
      else if (mine.at(-1) !== pack) mine.push(pack);
    }
  }
  return packsOf;
}

/**
 * Checks the input and ties every pack line to its order line; throws a permanent `shipment.*` error. The
 * shipment is validated against its schema here, once; everything after works on the parsed copy.
 */
function place(input: Encode856Input, mapping: Resolved856Mapping): Placed {
  const parsed = Shipment.safeParse(input.shipment);
  if (!parsed.success) refuse('invalid', 'shipment does not match the schema', parsed.error.issues);
  const shipment = parsed.data;
  if (!Object.hasOwn(HIERARCHY_CODES, input.shape))
    refuse('invalid', `hierarchy ${String(input.shape)} is not supported`);
  if (input.version !== '004010' && input.version !== '005010') {
    refuse('invalid', `856 version ${String(input.version)} is not supported`);
  }
  if (!/^\d{4}(\d{2})?$/.test(input.noticeTime)) refuse('invalid', 'BSN04 time must be HHMM or HHMMSS');
  if (input.shipmentId.length < 2 || input.shipmentId.length > 30) {
    refuse('invalid', 'BSN02 shipment identification must have 2 to 30 characters');
  }
  // TD504 is a transportation method code (X12 91: M motor, A air, U parcel …), as the 850 mapper reads it
  if ((shipment.carrier?.method?.length ?? 0) > 2) refuse('invalid', 'carrier.method must be an X12 91 code');
  checkSsccs(shipment.packs);
  const orders = findOrders(shipment.orderIds, input.orders);
  const packs = placeLines(shipment.packs, orders);
  checkQuantities(packs);
  checkItemIds(packs, mapping);
  if (input.shape !== 'SOI') {
    // orders are compared by object: each comes from a distinct id of orderIds
    const mixed = packs.filter((pack) => pack.lines.some((line) => line.order !== pack.lines[0]!.order));
    if (mixed.length > 0) {
      refuse('mixed_pack', `a pack sits under one order level: ${mixed.map((p) => p.sscc).join(', ')}`);
    }
  }
  const untared = packs.filter((pack) => pack.tare === undefined);
  if (input.shape === 'SOTPI' && untared.length > 0) {
    refuse(
      'tare_missing',
      `S-O-T-P-I needs the tare of every pack: ${untared.map((p) => p.sscc).join(', ')}`,
    );
  }
  return { orders, packs, packsOf: groupByOrder(packs) };
}

/** Packs grouped by tare, tares in the order they first appear, packs in shipment order within each. */
function byTare(packs: PlacedPack[]): Map<string, PlacedPack[]> {
  const tares = new Map<string, PlacedPack[]>();
  for (const pack of packs) {
    const same = tares.get(pack.tare!);
    if (same === undefined) tares.set(pack.tare!, [pack]);
    else same.push(pack);
  }
  return tares;
}

// ---------- writing the HL tree ----------

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
