import { Decimal } from 'decimal.js';
import { Shipment } from '../../src/core/documents.ts';
import { permanent } from '../../src/core/errors.ts';
import type { ItemIds, Order, OrderLine } from '../../src/core/order.ts';
import { defaultOutboundMapping } from '../../src/mapping/default-outbound-mapping.ts';
import type { Resolved856Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import {
  descriptionSegments,
  hasItemIds,
  itemIdPairs,
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
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (i % 2 === 0 ? 3 : 1);
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
  items: ItemIds;
}
interface PlacedPack {
  sscc: string;
  tare?: string;
  lines: PlacedLine[];
}

function refuse(code: string, message: string, details?: unknown): never {
  throw permanent(`shipment.${code}`, message, details === undefined ? undefined : { details });
}

/** Exact sums: decimal.js rounds to 20 significant digits by default. */
const Exact = Decimal.clone({ precision: 200 });

const key = (line: PlacedLine) => `${line.order.id}\u0000${line.orderLine.lineNumber}`;

function nonEmpty(items: ItemIds): ItemIds {
  return Object.fromEntries(Object.entries(items).filter(([, value]) => value !== undefined && value !== ''));
}

/** The order line a pack line names: by line number, among several orders also by the item IDs it gives. */
function findLine(orders: Order[], line: Shipment['packs'][number]['lines'][number], problems: string[]) {
  const byNumber = orders.flatMap((order) =>
    order.lines.filter((l) => l.lineNumber === line.lineNumber).map((orderLine) => ({ order, orderLine })),
  );
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

/** Checks the input and ties every pack line to its order line; throws a permanent `shipment.*` error. */
function place(input: Encode856Input, mapping: Resolved856Mapping): { orders: Order[]; packs: PlacedPack[] } {
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
  const ssccs = shipment.packs.flatMap((pack) => [
    pack.sscc,
    ...(pack.tare === undefined ? [] : [pack.tare]),
  ]);
  const bad = [...new Set(ssccs.filter((sscc) => !isValidSscc(sscc)))];
  if (bad.length > 0) refuse('sscc_invalid', `SSCC check digit wrong: ${bad.join(', ')}`, { ssccs: bad });
  const packSsccs = shipment.packs.map((pack) => pack.sscc);
  const tares = new Set(shipment.packs.flatMap((pack) => (pack.tare === undefined ? [] : [pack.tare])));
  const reused = packSsccs.filter((sscc, i) => packSsccs.indexOf(sscc) !== i || tares.has(sscc));
  if (reused.length > 0) refuse('sscc_duplicate', `SSCC used twice: ${[...new Set(reused)].join(', ')}`);

  if (new Set(shipment.orderIds).size !== shipment.orderIds.length)
    refuse('invalid', 'an order id is listed twice');
  const orders = shipment.orderIds.map((id) => input.orders.find((order) => order.id === id));
  const missing = shipment.orderIds.filter((_, i) => orders[i] === undefined);
  if (missing.length > 0) refuse('unknown_order', `orders not given: ${missing.join(', ')}`, { missing });
  const known = orders as Order[];

  const problems: string[] = [];
  const packs = shipment.packs.map((pack): PlacedPack => {
    const lines = pack.lines.flatMap((line): PlacedLine[] => {
      const found = findLine(known, line, problems);
      if (!found) return [];
      // DESIGN §4: a pack line's items default to the order line's
      const items = nonEmpty(line.items ?? found.orderLine.items);
      return [{ ...found, quantity: line.quantity, items }];
    });
    return { sscc: pack.sscc, ...(pack.tare !== undefined && { tare: pack.tare }), lines };
  });
  if (problems.length > 0) refuse('unknown_line', problems.join('; '), problems);

  const shipped = new Map<string, { line: PlacedLine; total: Decimal }>();
  for (const line of packs.flatMap((pack) => pack.lines)) {
    const entry = shipped.get(key(line)) ?? { line, total: new Exact(0) };
    shipped.set(key(line), { line, total: entry.total.plus(line.quantity) });
  }
  const over = [...shipped.values()]
    .filter(({ line, total }) => total.gt(line.orderLine.quantity))
    .map(({ line, total }) => ({
      poNumber: line.order.poNumber,
      lineNumber: line.orderLine.lineNumber,
      ordered: line.orderLine.quantity,
      shipped: total.toFixed(),
    }));
  if (over.length > 0) {
    const list = over.map(
      (o) => `${o.poNumber} line ${o.lineNumber}: ${o.shipped} shipped, ${o.ordered} ordered`,
    );
    refuse('over_shipped', `more shipped than ordered: ${list.join('; ')}`, over);
  }
  const noIds = packs.flatMap((p) => p.lines).filter((line) => !hasItemIds(line.items, mapping.items));
  if (noIds.length > 0) {
    // LIN-02/03 (the first qualifier/ID pair) are mandatory
    refuse(
      'item_ids_missing',
      `no item IDs for LIN: line ${noIds.map((l) => l.orderLine.lineNumber).join(', ')}`,
    );
  }
  if (input.shape !== 'SOI') {
    const mixed = packs.filter((pack) => new Set(pack.lines.map((line) => line.order.id)).size > 1);
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
  return { orders: known, packs };
}

interface Level {
  code: 'S' | 'O' | 'T' | 'P' | 'I';
  segments: SegmentData[];
  children: Level[];
}

function itemLevel(line: PlacedLine, quantity: string, mapping: Resolved856Mapping): Level {
  const { lineNumber, uom, pack, description } = line.orderLine;
  // LIN-01 assigned identification, LIN-02/03 … product/service ID qualifier/ID pairs (235); SN1-01
  // assigned identification (the order's line number), SN1-02 units shipped, SN1-03 unit of measure
  const segments: SegmentData[] = [
    ['LIN', lineNumber, ...itemIdPairs(line.items, mapping.items)],
    ['SN1', lineNumber, quantity, uom],
  ];
  // PO4-01 pack (inner units per outer pack), PO4-02 size, PO4-03 unit of measure of the size
  if (mapping.itemPack && pack && (pack.innerPack ?? pack.size) !== undefined) {
    segments.push(['PO4', pack.innerPack ?? '', pack.size ?? '', pack.uom ?? '']);
  }
  segments.push(...descriptionSegments(description, mapping.descriptions));
  return { code: 'I', segments, children: [] };
}

const manLevel = (code: 'T' | 'P', sscc: string, children: Level[]): Level => ({
  code,
  // MAN-01 GM: SSCC-18 and application identifier, MAN-02 the 18 digits
  segments: [['MAN', 'GM', sscc]],
  children,
});

function packLevel(pack: PlacedPack, order: Order, mapping: Resolved856Mapping): Level {
  const lines = pack.lines.filter((line) => line.order === order);
  return manLevel(
    'P',
    pack.sscc,
    lines.map((line) => itemLevel(line, line.quantity, mapping)),
  );
}

function orderChildren(
  order: Order,
  packs: PlacedPack[],
  shape: HierarchyShape,
  mapping: Resolved856Mapping,
): Level[] {
  const mine = packs.filter((pack) => pack.lines.some((line) => line.order === order));
  if (shape === 'SOPI') return mine.map((pack) => packLevel(pack, order, mapping));
  if (shape === 'SOTPI') {
    const tares = [...new Set(mine.map((pack) => pack.tare!))];
    return tares.map((tare) =>
      manLevel(
        'T',
        tare,
        mine.filter((pack) => pack.tare === tare).map((pack) => packLevel(pack, order, mapping)),
      ),
    );
  }
  // S-O-I: one item level per order line, its quantity summed over the packs
  const lines = mine.flatMap((pack) => pack.lines.filter((line) => line.order === order));
  return order.lines.flatMap((orderLine) => {
    const of = lines.filter((line) => line.orderLine === orderLine);
    if (of.length === 0) return [];
    const total = of.reduce((sum, line) => sum.plus(line.quantity), new Exact(0));
    return [itemLevel(of[0]!, total.toFixed(), mapping)];
  });
}

/** Writes the tree depth first, so every parent precedes its children; returns the number of HL written. */
function flatten(level: Level, parent: string, out: SegmentData[], count = { hl: 0 }): number {
  const id = String(++count.hl);
  // HL-01 id, HL-02 parent id, HL-03 level code, HL-04 1 when child levels follow, else 0
  out.push(['HL', id, parent, level.code, level.children.length > 0 ? '1' : '0'], ...level.segments);
  for (const child of level.children) flatten(child, id, out, count);
  return count.hl;
}

/**
 * The shipment as the 856 states it: every pack line with its item IDs (the order line's unless given),
 * packs in the order the hierarchy lists them (per order, per tare), tares only in S-O-T-P-I. What
 * map-856 reads back, `orderIds` aside (it gives the PO numbers). Throws like {@link encode856}.
 */
export function resolveShipment(input: Encode856Input): Shipment {
  const { orders, packs } = place(input, input.mapping ?? defaultOutboundMapping('856'));
  const listed =
    input.shape === 'SOI' ? packs : orders.flatMap((order) => listedPacks(order, packs, input.shape));
  return {
    ...input.shipment,
    packs: [...new Set(listed)].map((pack) => ({
      sscc: pack.sscc,
      ...(input.shape === 'SOTPI' && { tare: pack.tare! }),
      lines: pack.lines.map((line) => ({
        lineNumber: line.orderLine.lineNumber,
        quantity: line.quantity,
        items: line.items,
      })),
    })),
  };
}

function listedPacks(order: Order, packs: PlacedPack[], shape: HierarchyShape): PlacedPack[] {
  const mine = packs.filter((pack) => pack.lines.some((line) => line.order === order));
  if (shape !== 'SOTPI') return mine;
  return [...new Set(mine.map((pack) => pack.tare))].flatMap((tare) => mine.filter((p) => p.tare === tare));
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
  const { orders, packs } = place(input, mapping);
  const shipmentSegments: SegmentData[] = [
    // TD1-01 packaging code, TD1-02 lading quantity: the number of packs
    ['TD1', mapping.packagingCode, String(packs.length)],
  ];
  const { scac, method } = shipment.carrier ?? {};
  // TD5-02 2 (SCAC) with TD5-03 the carrier's SCAC (P0203), TD5-04 transportation method
  if (scac !== undefined || method !== undefined) {
    shipmentSegments.push(['TD5', '', scac === undefined ? '' : '2', scac ?? '', method ?? '']);
  }
  // REF-01 CN carrier's reference (PRO/tracking) number
  if (shipment.trackingNumber !== undefined) shipmentSegments.push(['REF', 'CN', shipment.trackingNumber]);
  // DTM-01 011 shipped
  shipmentSegments.push(['DTM', '011', x12Date(shipment.shipDate)]);
  // shipment-level parties (default ST ship-to, SF ship-from): each role from the first order that has it
  const parties: Order['parties'] = {};
  for (const { role } of mapping.parties)
    parties[role] ??= orders.find((o) => o.parties[role])?.parties[role];
  shipmentSegments.push(...partyLoops(parties, mapping.parties));
  const shipToCode = mapping.parties.find((loop) => loop.role === 'shipTo')?.code;

  const orderLevels = orders.map((order): Level => {
    // PRF-01 purchase order number, PRF-04 purchase order date
    const segments: SegmentData[] = [['PRF', order.poNumber, '', '', x12Date(order.poDate)]];
    segments.push(...referenceSegments(order.references, mapping.references));
    // an order shipped elsewhere than the shipment's ship-to names its own (N1 is allowed at every level)
    const own = order.parties.shipTo;
    if (shipToCode && own && JSON.stringify(own) !== JSON.stringify(parties.shipTo))
      segments.push(...partyLoop(shipToCode, own));
    if (shape === 'SOI' && mapping.orderCartons) {
      // no pack level: the cartons holding the order's goods are listed at the order level
      const ssccs = packs.filter((p) => p.lines.some((line) => line.order === order)).map((p) => p.sscc);
      segments.push(...ssccs.map((sscc): SegmentData => ['MAN', 'GM', sscc]));
    }
    return { code: 'O', segments, children: orderChildren(order, packs, shape, mapping) };
  });
  const body: SegmentData[] = [
    // BSN-01 purpose (default 00 original), BSN-02 shipment id, BSN-03 date, BSN-04 time, BSN-05
    // hierarchical structure code
    [
      'BSN',
      mapping.purpose,
      input.shipmentId,
      x12Date(input.noticeDate ?? shipment.shipDate),
      input.noticeTime,
      mapping.structureCode ?? HIERARCHY_CODES[shape],
    ],
  ];
  const hls = flatten({ code: 'S', segments: shipmentSegments, children: orderLevels }, '', body);
  const units = body
    .filter((segment) => segment[0] === 'SN1')
    .reduce((sum, segment) => sum.plus(segment[2] as string), new Exact(0));
  // CTT-01 number of HL segments, CTT-02 hash total of SN1-02 units shipped
  body.push(mapping.hashTotal ? ['CTT', String(hls), units.toFixed()] : ['CTT', String(hls)]);
  return body;
}
