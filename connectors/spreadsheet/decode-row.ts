import { Decimal } from 'decimal.js';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import type { ItemIds, OrderLine } from '../../src/core/order.ts';
import type { ResolvedSpreadsheetMapping } from '../../src/mapping/spreadsheet-mapping.schema.ts';
import type { ColumnField } from './default-mapping.ts';
import type { Cell, SheetRow } from './sheet.ts';
import { isEmpty, type TableColumn } from './table-find.ts';
import { type DateValue, parseDate } from './values-date.ts';
import { type GtinKind, parseGtin } from './values-item.ts';
import { type NumberValue, parseNumber } from './values-number.ts';
import { normalizeUnit, unitNeedsWholeNumbers } from './values-unit.ts';

/** Where a finding is: the file and sheet, for {@link problemAt}. */
export interface Place {
  file?: string;
  sheet?: string;
}

/** A finding about one cell (or row) of a sheet, named as the sender sees it: file, sheet, row, header. */
export function problemAt(
  place: Place,
  row: number,
  column: string | undefined,
  code: ErrorCode,
  message: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return {
    severity,
    code,
    message,
    ...(place.file !== undefined ? { file: place.file } : {}),
    ...(place.sheet !== undefined ? { sheet: place.sheet } : {}),
    row,
    ...(column !== undefined ? { column } : {}),
  };
}

/** The order-level values a row may carry (the first row of an order gives them to it). */
export interface RowHeader {
  poNumber?: string;
  poDate?: string;
  requestedDelivery?: string;
  shipTo?: string;
  currency?: string;
  notes?: string;
}

/** One data row read: its line (absent when it has errors), its order-level values, and what was wrong. */
export interface RowRead {
  row: number;
  header: RowHeader;
  /** The line number the sheet gives, if it has a column for it. */
  lineNumber?: string;
  /** Its `lineNumber` is left empty: the order it joins numbers it (the sheet's number, else its place). */
  line?: OrderLine;
  /** The currencies a price's symbol may mean, checked against the order's once it is known. */
  priceCurrencies?: readonly string[];
  /** The quantity as written (before cases become eaches), for the totals row. */
  writtenQuantity?: string;
  problems: Diagnostic[];
}

const ITEM_COLUMNS: readonly (keyof ItemIds)[] = ['sku', 'buyerItem', 'vendorItem', 'gtin', 'ean', 'upc'];
const GTIN_COLUMNS: Readonly<Partial<Record<keyof ItemIds, GtinKind>>> = {
  gtin: 'gtin',
  ean: 'ean',
  upc: 'upc',
};

/** A column's index in the row, -1 when the table has no such column. */
type Indexes = Readonly<Record<ColumnField, number>>;

const ALL_FIELDS: readonly ColumnField[] = [
  'poNumber',
  'poDate',
  'requestedDelivery',
  'shipTo',
  'currency',
  'notes',
  'lineNumber',
  'quantity',
  'uom',
  'unitPrice',
  'packSize',
  'description',
  ...ITEM_COLUMNS,
  'item',
];
/** Distinct unit texts remembered per table; an order form uses a handful. */
const UNIT_CACHE_SIZE = 256;

/**
 * The reader of a table's data rows: {@link RowReader.read} reads one row into an order line, or undefined
 * when the row names neither a quantity nor an item (a spacer or a section heading: not an order line). Every
 * problem names the row and the header of its column. Made once per table, since it runs for every row of
 * a 100,000-row sheet: the columns are looked up once, no closure is made per row, and units are normalized
 * once per distinct text.
 */
export class RowReader {
  readonly #columns: ReadonlyMap<ColumnField, TableColumn>;
  readonly #at: Indexes;
  readonly #mapping: ResolvedSpreadsheetMapping | undefined;
  readonly #place: Place;
  readonly #units = new Map<string, string>();
  /** The columns that make a row an order line when any of them holds a value. */
  readonly #lineColumns: readonly number[];

  constructor(
    columns: ReadonlyMap<ColumnField, TableColumn>,
    mapping: ResolvedSpreadsheetMapping | undefined,
    place: Place,
  ) {
    this.#columns = columns;
    this.#mapping = mapping;
    this.#place = place;
    const at = {} as Record<ColumnField, number>;
    for (const field of ALL_FIELDS) at[field] = columns.get(field)?.index ?? -1;
    this.#at = at;
    this.#lineColumns = (['quantity', ...ITEM_COLUMNS, 'item'] as const)
      .map((field) => at[field])
      .filter((index) => index >= 0);
  }

  read({ row, cells }: SheetRow): RowRead | undefined {
    if (this.#lineColumns.every((index) => isEmpty(cells[index]))) return undefined;
    const at = this.#at;
    const mapping = this.#mapping;
    const locale = mapping?.locale;
    const problems: Diagnostic[] = [];

    // quantity, in the unit written, then (cases → eaches) multiplied by the pack size
    const quantityCell = cellAt(cells, at.quantity);
    const quantityValue = parseNumber(quantityCell, locale?.decimal);
    if (!quantityValue.ok && quantityValue.reason === 'empty')
      this.#fail(problems, row, 'quantity', 'row.quantity_invalid', 'the quantity is missing');
    const written = this.#number(
      problems,
      row,
      'quantity',
      quantityCell,
      quantityValue,
      'the quantity',
      'row.quantity_invalid',
    );
    const uomText = textOf(cellAt(cells, at.uom)) ?? mapping?.defaults?.uom;
    let uom = uomText === undefined ? 'EA' : this.#unit(uomText);
    let quantity = written;
    if (written !== undefined && !isPositive(written)) {
      this.#fail(
        problems,
        row,
        'quantity',
        'row.quantity_invalid',
        `the quantity ${written} is not more than zero`,
      );
      quantity = undefined;
    } else if (written !== undefined && unitNeedsWholeNumbers(uom) && !isWhole(written)) {
      this.#fail(
        problems,
        row,
        'quantity',
        'row.quantity_not_whole',
        `the quantity ${written} is not whole, and ${uom} counts pieces`,
      );
      quantity = undefined;
    }
    const transform = mapping?.transforms?.quantity;
    let pack: OrderLine['pack'];
    if (transform && quantity !== undefined) {
      const packCell = cellAt(cells, at.packSize);
      const size = transform.packSize ?? packSizeOf(packCell, locale?.decimal);
      if (size === undefined) {
        this.#fail(
          problems,
          row,
          'packSize',
          'row.pack_size_invalid',
          `the pack size ${show(packCell)} is not a positive whole number`,
        );
        quantity = undefined;
      } else {
        quantity = new Decimal(quantity).times(size).toFixed();
        uom = normalizeUnit(transform.uom);
        pack = { innerPack: String(size) };
      }
    }

    const priceCell = cellAt(cells, at.unitPrice);
    const priceValue = parseNumber(priceCell, locale?.decimal);
    let unitPrice = this.#number(
      problems,
      row,
      'unitPrice',
      priceCell,
      priceValue,
      'the unit price',
      'row.price_invalid',
    );
    if (unitPrice?.startsWith('-')) {
      // canonical decimals never write -0, so a minus is a negative price
      this.#fail(problems, row, 'unitPrice', 'row.price_invalid', `the unit price ${unitPrice} is negative`);
      unitPrice = undefined;
    }

    const items: ItemIds = {};
    let hasItem = false;
    let gtinInvalid = false;
    // a bare "Item" column holds what the mapping says; an explicit column of that kind wins
    for (let i = 0; i <= ITEM_COLUMNS.length; i++) {
      const column: ColumnField = i < ITEM_COLUMNS.length ? ITEM_COLUMNS[i]! : 'item';
      const field: keyof ItemIds =
        i < ITEM_COLUMNS.length ? ITEM_COLUMNS[i]! : (mapping?.identifier ?? 'sku');
      const value = cellAt(cells, at[column]);
      if (isEmpty(value) || items[field] !== undefined) continue;
      const kind = GTIN_COLUMNS[field];
      if (kind === undefined) {
        items[field] = textOf(value);
        hasItem = true;
        continue;
      }
      const gtin = parseGtin(value, kind);
      if (gtin.ok) {
        items[field] = gtin.value;
        hasItem = true;
      } else {
        gtinInvalid = true;
        this.#fail(problems, row, column, 'row.gtin_invalid', `the ${field.toUpperCase()} ${gtin.detail}`);
      }
    }
    if (!hasItem && !gtinInvalid)
      this.#fail(
        problems,
        row,
        'item',
        'row.item_missing',
        'the row names no item: no SKU, item number or GTIN',
      );

    const header: RowHeader = {};
    const po = textOf(cellAt(cells, at.poNumber));
    if (po !== undefined) header.poNumber = po;
    if (at.poDate >= 0) {
      const poDate = this.#date(problems, row, 'poDate', cellAt(cells, at.poDate), 'the order date');
      if (poDate !== undefined) header.poDate = poDate;
    }
    if (at.requestedDelivery >= 0) {
      const delivery = this.#date(
        problems,
        row,
        'requestedDelivery',
        cellAt(cells, at.requestedDelivery),
        'the delivery date',
      );
      if (delivery !== undefined) header.requestedDelivery = delivery;
    }
    const shipTo = textOf(cellAt(cells, at.shipTo));
    if (shipTo !== undefined) header.shipTo = shipTo;
    const currency = textOf(cellAt(cells, at.currency));
    // a currency cell counts when it holds an ISO 4217 code; else the prices' symbols and defaults decide
    if (currency !== undefined && /^[A-Za-z]{3}$/.test(currency)) header.currency = currency.toUpperCase();
    const notes = textOf(cellAt(cells, at.notes));
    if (notes !== undefined) header.notes = notes;

    const lineNumber = textOf(cellAt(cells, at.lineNumber));
    const description = textOf(cellAt(cells, at.description));
    const read: RowRead = {
      row,
      header,
      ...(lineNumber !== undefined ? { lineNumber } : {}),
      ...(written !== undefined ? { writtenQuantity: written } : {}),
      ...(priceValue.ok && priceValue.currencies ? { priceCurrencies: priceValue.currencies } : {}),
      problems,
    };
    if (problems.length === 0 && quantity !== undefined) {
      // built field by field in the order spreads would give, without a spread per row
      const line = { lineNumber: '', quantity, uom } as OrderLine;
      if (unitPrice !== undefined) line.unitPrice = unitPrice;
      line.items = items;
      if (description !== undefined) line.description = description;
      if (pack) line.pack = pack;
      read.line = line;
    }
    return read;
  }

  #unit(written: string): string {
    let unit = this.#units.get(written);
    if (unit === undefined) {
      unit = normalizeUnit(written);
      if (this.#units.size < UNIT_CACHE_SIZE) this.#units.set(written, unit);
    }
    return unit;
  }

  #fail(problems: Diagnostic[], row: number, field: ColumnField, code: ErrorCode, message: string): void {
    problems.push(problemAt(this.#place, row, this.#columns.get(field)?.header, code, message));
  }

  #number(
    problems: Diagnostic[],
    row: number,
    field: ColumnField,
    cell: Cell,
    value: NumberValue,
    what: string,
    code: ErrorCode,
  ): string | undefined {
    if (value.ok) return value.value;
    if (value.reason === 'ambiguous')
      this.#fail(
        problems,
        row,
        field,
        'row.number_ambiguous',
        `${what} ${show(cell)} reads two ways: the partner's mapping needs a decimal mark`,
      );
    else if (value.reason === 'invalid')
      this.#fail(problems, row, field, code, `${what} ${show(cell)} is not a number`);
    return undefined;
  }

  #date(
    problems: Diagnostic[],
    row: number,
    field: ColumnField,
    cell: Cell,
    what: string,
  ): string | undefined {
    const value: DateValue = parseDate(cell, this.#mapping?.locale.dateOrder);
    if (value.ok) return value.value;
    if (value.reason === 'ambiguous')
      this.#fail(
        problems,
        row,
        field,
        'row.date_ambiguous',
        `${what} ${show(cell)} reads day-first or month-first: the partner's mapping needs a date order`,
      );
    else if (value.reason === 'invalid')
      this.#fail(problems, row, field, 'row.date_invalid', `${what} ${show(cell)} is not a date`);
    return undefined;
  }
}

function cellAt(cells: readonly Cell[], index: number): Cell {
  return index < 0 ? null : (cells[index] ?? null);
}

/** Whether a canonical decimal string ({@link parseNumber}'s) is more than zero, without a `Decimal`. */
function isPositive(value: string): boolean {
  return !value.startsWith('-') && /[1-9]/.test(value);
}

/** Whether a canonical decimal string is a whole number (`12`, `12.00`). */
function isWhole(value: string): boolean {
  const point = value.indexOf('.');
  return point < 0 || /^0*$/.test(value.slice(point + 1));
}

function packSizeOf(cell: Cell, decimal: ',' | '.' | undefined): number | undefined {
  const value = parseNumber(cell, decimal);
  if (!value.ok) return undefined;
  const size = new Decimal(value.value);
  return size.isInteger() && size.gt(0) && size.lte(Number.MAX_SAFE_INTEGER) ? size.toNumber() : undefined;
}

/** A cell as text: trimmed, a whole number without `.0`, undefined when empty. */
export function textOf(cell: Cell): string | undefined {
  if (cell === null) return undefined;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const text = String(cell).trim();
  return text === '' ? undefined : text;
}

/** A cell as a message shows it: quoted text, or the value. */
export function show(cell: Cell): string {
  if (cell === null) return '(empty)';
  return typeof cell === 'string'
    ? `"${cell.trim()}"`
    : String(cell instanceof Date ? cell.toISOString() : cell);
}
