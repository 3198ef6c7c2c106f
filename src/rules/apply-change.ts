import { DecimalSum } from '../core/decimal-sum.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { ErrorCode } from '../core/error-codes.ts';
import type { ItemIds, Order, OrderLine } from '../core/order.ts';
import { compareDecimal, plus } from './decimal-math.ts';
import { structuralChecks } from './structural-checks.ts';

/** What a change order does to one line (X12 860 POC-02, as the 860 mapping reads it). */
export type LineChange = NonNullable<OrderLine['change']>;

/** One line a change touched: what the buyer asked for, the line before and after (absent: none). */
export interface ChangedLine {
  lineNumber: string;
  change: LineChange;
  before?: OrderLine;
  after?: OrderLine;
}

/** A change order merged into the live order. */
export interface AppliedChange {
  /** The live order as the change leaves it (its id, purpose, PO date and source stay the original's). */
  order: Order;
  /** Every line the change touched, in the order they stand on the order (deleted lines where they stood). */
  lines: ChangedLine[];
  /** The whole order is cancelled (860 BCH-01 01). */
  cancelled: boolean;
  /** What the change asks that the live order cannot take as asked: held for a person, nothing applied. */
  problems: Diagnostic[];
}

/** Named references that describe the change order itself, not the order it changes. */
const CHANGE_ONLY_REFERENCES = new Set(['raw', 'changeSequence']);

/**
 * Applies a change order (an 860, or an order re-sent as its replacement) to the live order it changes. Pure.
 *
 * - Purpose `cancel` (860 BCH-01 01 cancellation): the whole order is cancelled; every line is reported
 *   deleted and the lines themselves are kept as they were (what was cancelled).
 * - Purpose `replace` (BCH-01 04 change, 05 replace) whose lines carry no change code: a full replacement
 *   (BCH-01 05 restating the order, or a spreadsheet re-sent): the change's lines are the order's lines;
 *   lines it no longer has are deleted, new numbers added, lines that differ replaced.
 * - Otherwise each line with a change code (POC-02) changes the line of its number (POC-01); a line without
 *   one (POC-02 NC, concurrent item, no change) is restated and left as it is:
 *   - `add` (AI add additional item): a new line; a number the order has already is a problem.
 *   - `delete` (DI delete item): the line goes.
 *   - `quantity_increase` / `quantity_decrease` (QI / QD): POC-03 is the quantity ordered as of this change
 *     (X12 POC03 "quantity ordered"; from 007020 "Current Order Quantity … includes any prior Quantity
 *     Increases or Quantity Decreases"), not the difference: POC-04 is the quantity left to receive, and
 *     C063 carries an increase or decrease as a difference only with POC-02 QC. So the line takes POC-03,
 *     which must be above (QI) or below (QD) its quantity; anything else is a problem, as it would be
 *     read the other way by a partner who sends the difference. A decrease to nothing deletes the line.
 *   - `price_change` (PC): the line takes POC-06; the quantity stays.
 *   - `change` (CA changes to line items, CT change of dates): what the POC states (quantity, unit, price,
 *     item numbers when it names any, description, pack, store quantities) replaces the line's; what it
 *     does not state stays.
 *   - `replace` (RZ replace all values): the line is the POC's, all of it.
 *   A change, deletion or price change of a line number the order does not have is a problem.
 *
 * The change's header values replace the order's when it carries them: dates, parties (ship-to …), terms,
 * carrier, references (but not the change's own sequence number); its notes are added. Totals are
 * recomputed. The merged order is checked structurally (a quantity changed under store quantities that no
 * longer add up …): its errors are problems too. With problems, `order` is still the merge as far as it
 * went, for a person to see; nothing should be applied.
 */
export function applyChange(original: Order, change: Order): AppliedChange {
  const header = mergeHeader(original, change);
  if (change.purpose === 'cancel') {
    return {
      order: withLines(header, original.lines),
      lines: original.lines.map((before) => ({ lineNumber: before.lineNumber, change: 'delete', before })),
      cancelled: true,
      problems: [],
    };
  }
  const problems: Diagnostic[] = [];
  const problem = (code: ErrorCode, message: string, line?: string) =>
    problems.push({
      severity: 'error',
      code,
      message,
      ...(change.source.control ? { transaction: change.source.control.transaction } : {}),
      ...(line !== undefined ? { line } : {}),
    });
  const coded = change.lines.filter((l) => l.change !== undefined);
  const { lines, touched } =
    coded.length === 0 ? replaceAll(original.lines, change.lines) : edit(original.lines, coded, problem);
  const order = withLines(header, lines);
  for (const d of structuralChecks(order))
    if (d.severity === 'error') problem(d.code, `after the change: ${d.message}`);
  return { order, lines: touched, cancelled: false, problems };
}

/** A full replacement: the change's lines are the order's; the differences are reported. */
function replaceAll(before: readonly OrderLine[], after: readonly OrderLine[]) {
  const lines = after.map(plain);
  const old = new Map(before.map((l) => [l.lineNumber, l]));
  const kept = new Set(lines.map((l) => l.lineNumber));
  const touched: ChangedLine[] = [];
  for (const line of lines) {
    const was = old.get(line.lineNumber);
    if (was === undefined) touched.push({ lineNumber: line.lineNumber, change: 'add', after: line });
    else if (!sameLine(was, line))
      touched.push({ lineNumber: line.lineNumber, change: 'replace', before: was, after: line });
  }
  for (const was of before)
    if (!kept.has(was.lineNumber))
      touched.push({ lineNumber: was.lineNumber, change: 'delete', before: was });
  return { lines, touched };
}

/** Line by line: each coded line of the change applied to the line of its number. */
function edit(
  before: readonly OrderLine[],
  coded: readonly OrderLine[],
  problem: (code: ErrorCode, message: string, line?: string) => void,
) {
  // the order's lines by number, in their order; a deleted line leaves its place empty (undefined)
  const lines = new Map<string, OrderLine | undefined>(before.map((l) => [l.lineNumber, l]));
  const touched = new Map<string, ChangedLine>();
  const record = (lineNumber: string, change: LineChange, after: OrderLine | undefined) => {
    const first = touched.get(lineNumber);
    // a line changed twice reports the change asked last, against the line as it stood before the change
    const was = first ? first.before : lines.get(lineNumber);
    lines.set(lineNumber, after);
    touched.set(lineNumber, {
      lineNumber,
      change,
      ...(was !== undefined ? { before: was } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  };
  for (const c of coded) {
    const n = c.lineNumber;
    const current = lines.get(n);
    const change = c.change!;
    if (change === 'add') {
      if (current !== undefined)
        problem('order.change_line_exists', `line ${n} is added (AI) but the order has it already`, n);
      else record(n, 'add', plain(c));
      continue;
    }
    if (current === undefined) {
      problem(
        'order.change_line_unknown',
        `line ${n} is to be changed (${change}) but the order has no line ${n}`,
        n,
      );
      continue;
    }
    switch (change) {
      case 'delete':
        record(n, 'delete', undefined);
        break;
      case 'quantity_increase':
      case 'quantity_decrease': {
        const up = change === 'quantity_increase';
        const direction = compareDecimal(c.quantity, current.quantity);
        if (up ? direction <= 0 : direction >= 0) {
          problem(
            'order.change_invalid',
            `line ${n}: a quantity ${up ? 'increase (QI)' : 'decrease (QD)'} to ${c.quantity}, but the line has ${current.quantity}`,
            n,
          );
          break;
        }
        // a decrease to nothing leaves nothing of the line: it is deleted (865 ACK-01 ID)
        if (compareDecimal(c.quantity, '0') <= 0) record(n, 'delete', undefined);
        else
          record(n, change, {
            ...current,
            quantity: c.quantity,
            ...(c.destinations ? { destinations: c.destinations } : {}),
          });
        break;
      }
      case 'price_change':
        if (c.unitPrice === undefined)
          problem('order.change_invalid', `line ${n}: a price change (PC) without a unit price (POC-06)`, n);
        else record(n, change, { ...current, unitPrice: c.unitPrice });
        break;
      case 'change':
        record(n, change, {
          ...current,
          quantity: c.quantity,
          uom: c.uom,
          ...(c.unitPrice !== undefined ? { unitPrice: c.unitPrice } : {}),
          // other item numbers name another item: they replace the line's rather than mix with them
          ...(namesItem(c.items) ? { items: c.items } : {}),
          ...(c.description !== undefined ? { description: c.description } : {}),
          ...(c.pack !== undefined ? { pack: c.pack } : {}),
          ...(c.destinations !== undefined ? { destinations: c.destinations } : {}),
        });
        break;
      case 'replace':
        record(n, change, plain(c));
        break;
    }
  }
  const kept = [...lines.values()].filter((l): l is OrderLine => l !== undefined);
  // reported in the order's line order: the order's lines first, then the lines added
  const order = [...lines.keys()];
  const reported = [...touched.values()].sort(
    (a, b) => order.indexOf(a.lineNumber) - order.indexOf(b.lineNumber),
  );
  return { lines: kept, touched: reported };
}

/** The original's header with what the change carries: dates, parties, terms, carrier, references, notes. */
function mergeHeader(original: Order, change: Order): Order {
  const dates = { ...original.dates };
  for (const [key, value] of Object.entries(change.dates))
    if (value !== undefined) dates[key as keyof Order['dates']] = value;
  const parties = { ...original.parties };
  for (const [role, party] of Object.entries(change.parties))
    if (party !== undefined) parties[role as keyof Order['parties']] = party;
  const references: Order['references'] = { ...original.references, raw: [...original.references.raw] };
  for (const [name, value] of Object.entries(change.references))
    if (!CHANGE_ONLY_REFERENCES.has(name) && value !== undefined) references[name] = value;
  const rawKeys = new Set(references.raw.map((r) => `${r.qualifier}\u0001${r.value}`));
  for (const r of change.references.raw) {
    const key = `${r.qualifier}\u0001${r.value}`;
    if (!rawKeys.has(key)) {
      rawKeys.add(key);
      references.raw.push(r);
    }
  }
  const notes = [...original.notes];
  for (const note of change.notes) if (!notes.includes(note)) notes.push(note);
  return {
    ...original,
    dates,
    parties,
    ...(change.terms ? { terms: change.terms } : {}),
    ...(change.carrier ? { carrier: change.carrier } : {}),
    references,
    notes,
  };
}

/** The order with `lines`, its totals recomputed (the amount only when every line has a price). */
function withLines(order: Order, lines: readonly OrderLine[]): Order {
  let quantity = '0';
  const amount = new DecimalSum();
  let priced = lines.length > 0;
  for (const line of lines) {
    quantity = plus(quantity, line.quantity);
    if (line.unitPrice === undefined) priced = false;
    else amount.addProduct(line.quantity, line.unitPrice);
  }
  const { amount: _old, ...totals } = order.totals;
  return {
    ...order,
    lines: [...lines],
    totals: { ...totals, lineCount: lines.length, quantity, ...(priced ? { amount: amount.toFixed() } : {}) },
  };
}

/** A line as the live order keeps it: without the change code it came with. */
function plain(line: OrderLine): OrderLine {
  const { change: _change, ...rest } = line;
  return rest;
}

function namesItem(items: ItemIds): boolean {
  return Object.values(items).some((v) => v !== undefined && v !== '');
}

/** Two lines the same as far as the order goes: quantity and price by value, the rest as written. */
function sameLine(a: OrderLine, b: OrderLine): boolean {
  const pa = a.unitPrice;
  const pb = b.unitPrice;
  if (compareDecimal(a.quantity, b.quantity) !== 0) return false;
  if ((pa === undefined) !== (pb === undefined)) return false;
  if (pa !== undefined && pb !== undefined && compareDecimal(pa, pb) !== 0) return false;
  const rest = (l: OrderLine) => {
    const { quantity: _q, unitPrice: _p, change: _c, ...others } = l;
    return stable(others);
  };
  return rest(a) === rest(b);
}

/** JSON with object keys sorted at every level, so equal values written in another key order compare equal. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
