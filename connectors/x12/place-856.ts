import { Decimal } from 'decimal.js';
import { Shipment } from '../../src/core/documents.ts';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import { permanent } from '../../src/core/errors.ts';
import type { ItemIds, Order, OrderLine } from '../../src/core/order.ts';
import type { Resolved856Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import { hasItemIds } from './outbound-segments.ts';
import { isValidSscc } from './sscc.ts';

/**
 * What an 856 is made of, checked: the encoder's input, and every pack line tied to the order line it ships,
 * with the refusals (`shipment.*`) for a shipment the notice would misstate.
 */

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

export interface PlacedLine {
  order: Order;
  orderLine: OrderLine;
  quantity: string;
  /**
   * The pack line's item IDs, else the order line's (DESIGN §4), as given: empty values are skipped where
   * they are read (LIN pairs, the item ID check) and dropped only in {@link resolveShipment}'s answer.
   */
  items: ItemIds;
}
export interface PlacedPack {
  sscc: string;
  tare?: string;
  lines: PlacedLine[];
}
export interface Placed {
  orders: Order[];
  packs: PlacedPack[];
  /** Per order, the packs holding any of its lines, each once, in shipment order. */
  packsOf: Map<Order, PlacedPack[]>;
}

function refuse(code: Extract<ErrorCode, `shipment.${string}`>, message: string, details?: unknown): never {
  throw permanent(code, message, details === undefined ? undefined : { details });
}

// ---------- exact quantity sums ----------

/** Exact sums: decimal.js rounds to 20 significant digits by default. */
const Exact = Decimal.clone({ precision: 200 });

/**
 * An exact sum of quantity strings. Shipped quantities are nearly always whole numbers, and adding those as
 * JS numbers is exact while every addend and the total stay safe integers, at a fraction of decimal.js's
 * cost; the first fraction (or a huge value) moves the sum to Decimal for good.
 */
export type Sum = number | Decimal;

/** A whole number of at most 15 digits in canonical form: Number() reads it exactly. */
const SMALL_INTEGER = /^(?:0|[1-9]\d{0,14})$/;

export function plus(sum: Sum, quantity: string): Sum {
  if (typeof sum !== 'number') return sum.plus(quantity);
  if (SMALL_INTEGER.test(quantity)) {
    const total = sum + Number(quantity);
    if (total <= Number.MAX_SAFE_INTEGER) return total;
  }
  return new Exact(sum).plus(quantity);
}

/** The sum as a decimal string (what Decimal#toFixed() writes: no exponent, no trailing zeros). */
export const sumText = (sum: Sum): string => (typeof sum === 'number' ? String(sum) : sum.toFixed());

function exceeds(sum: Sum, quantity: string): boolean {
  return typeof sum === 'number' && SMALL_INTEGER.test(quantity)
    ? sum > Number(quantity)
    : new Exact(sum).gt(quantity);
}

// ---------- placing pack lines ----------

export function nonEmpty(items: ItemIds): ItemIds {
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
    refuse('shipment.sscc_invalid', `SSCC check digit wrong: ${[...bad].join(', ')}`, { ssccs: [...bad] });
  const seen = new Set<string>();
  const reused = new Set<string>();
  for (const { sscc } of packs) {
    if (seen.has(sscc) || tares.has(sscc)) reused.add(sscc);
    seen.add(sscc);
  }
  if (reused.size > 0) refuse('shipment.sscc_duplicate', `SSCC used twice: ${[...reused].join(', ')}`);
}

/** The orders `orderIds` names, in its order. */
function findOrders(orderIds: string[], given: Order[]): Order[] {
  if (new Set(orderIds).size !== orderIds.length) refuse('shipment.invalid', 'an order id is listed twice');
  const orders = orderIds.map((id) => given.find((order) => order.id === id));
  const missing = orderIds.filter((_, i) => orders[i] === undefined);
  if (missing.length > 0)
    refuse('shipment.unknown_order', `orders not given: ${missing.join(', ')}`, { missing });
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
  if (problems.length > 0) refuse('shipment.unknown_line', problems.join('; '), problems);
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
    refuse('shipment.over_shipped', `more shipped than ordered: ${list.join('; ')}`, over);
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
  if (noIds.length > 0) refuse('shipment.item_ids_missing', `no item IDs for LIN: line ${noIds.join(', ')}`);
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
export function place(input: Encode856Input, mapping: Resolved856Mapping): Placed {
  const parsed = Shipment.safeParse(input.shipment);
  if (!parsed.success) refuse('shipment.invalid', 'shipment does not match the schema', parsed.error.issues);
  const shipment = parsed.data;
  if (!Object.hasOwn(HIERARCHY_CODES, input.shape))
    refuse('shipment.invalid', `hierarchy ${String(input.shape)} is not supported`);
  if (input.version !== '004010' && input.version !== '005010') {
    refuse('shipment.invalid', `856 version ${String(input.version)} is not supported`);
  }
  if (!/^\d{4}(\d{2})?$/.test(input.noticeTime))
    refuse('shipment.invalid', 'BSN04 time must be HHMM or HHMMSS');
  if (input.shipmentId.length < 2 || input.shipmentId.length > 30) {
    refuse('shipment.invalid', 'BSN02 shipment identification must have 2 to 30 characters');
  }
  // TD504 is a transportation method code (X12 91: M motor, A air, U parcel …), as the 850 mapper reads it
  if ((shipment.carrier?.method?.length ?? 0) > 2)
    refuse('shipment.invalid', 'carrier.method must be an X12 91 code');
  checkSsccs(shipment.packs);
  const orders = findOrders(shipment.orderIds, input.orders);
  const packs = placeLines(shipment.packs, orders);
  checkQuantities(packs);
  checkItemIds(packs, mapping);
  if (input.shape !== 'SOI') {
    // orders are compared by object: each comes from a distinct id of orderIds
    const mixed = packs.filter((pack) => pack.lines.some((line) => line.order !== pack.lines[0]!.order));
    if (mixed.length > 0) {
      refuse(
        'shipment.mixed_pack',
        `a pack sits under one order level: ${mixed.map((p) => p.sscc).join(', ')}`,
      );
    }
  }
  const untared = packs.filter((pack) => pack.tare === undefined);
  if (input.shape === 'SOTPI' && untared.length > 0) {
    refuse(
      'shipment.tare_missing',
      `S-O-T-P-I needs the tare of every pack: ${untared.map((p) => p.sscc).join(', ')}`,
    );
  }
  return { orders, packs, packsOf: groupByOrder(packs) };
}

/** Packs grouped by tare, tares in the order they first appear, packs in shipment order within each. */
export function byTare(packs: PlacedPack[]): Map<string, PlacedPack[]> {
  const tares = new Map<string, PlacedPack[]>();
  for (const pack of packs) {
    const same = tares.get(pack.tare!);
    if (same === undefined) tares.set(pack.tare!, [pack]);
    else same.push(pack);
  }
  return tares;
}
