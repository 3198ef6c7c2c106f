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
  line?: Omit<OrderLine, 'lineNumber'>;
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

/**
 * Reads one data row into an order line, or undefined when the row names neither a quantity nor an item (a
 * spacer or a section heading: not an order line). Every problem names the row and the header of its column.
 */
export function readRow(
  { row, cells }: SheetRow,
  columns: ReadonlyMap<ColumnField, TableColumn>,
  mapping: ResolvedSpreadsheetMapping | undefined,
  place: Place,
): RowRead | undefined {
  const cell = (field: ColumnField): Cell => {
    const column = columns.get(field);
    return column === undefined ? null : (cells[column.index] ?? null);
  };
  const itemFields: ColumnField[] = [...ITEM_COLUMNS, 'item'];
  if (isEmpty(cell('quantity')) && itemFields.every((f) => isEmpty(cell(f)))) return undefined;
  const problems: Diagnostic[] = [];
  const fail = (field: ColumnField, code: ErrorCode, message: string) =>
    problems.push(problemAt(place, row, columns.get(field)?.header, code, message));
  const locale = mapping?.locale;

  const number = (
    field: ColumnField,
    value: NumberValue,
    what: string,
    code: ErrorCode,
  ): string | undefined => {
    if (value.ok) return value.value;
    if (value.reason === 'ambiguous')
      fail(
        field,
        'row.number_ambiguous',
        `${what} ${show(cell(field))} reads two ways: the partner's mapping needs a decimal mark`,
      );
    else if (value.reason === 'invalid') fail(field, code, `${what} ${show(cell(field))} is not a number`);
    return undefined;
  };
  const date = (field: ColumnField, value: DateValue, what: string): string | undefined => {
    if (value.ok) return value.value;
    if (value.reason === 'ambiguous')
      fail(
        field,
        'row.date_ambiguous',
        `${what} ${show(cell(field))} reads day-first or month-first: the partner's mapping needs a date order`,
      );
    else if (value.reason === 'invalid')
      fail(field, 'row.date_invalid', `${what} ${show(cell(field))} is not a date`);
    return undefined;
  };

  // quantity, in the unit written, then (cases → eaches) multiplied by the pack size
  const quantityValue = parseNumber(cell('quantity'), locale?.decimal);
  if (!quantityValue.ok && quantityValue.reason === 'empty')
    fail('quantity', 'row.quantity_invalid', 'the quantity is missing');
  const written = number('quantity', quantityValue, 'the quantity', 'row.quantity_invalid');
  let uom = textOf(cell('uom')) ?? mapping?.defaults?.uom;
  uom = uom === undefined ? 'EA' : normalizeUnit(uom);
  let quantity = written;
  if (written !== undefined && new Decimal(written).lte(0)) {
    fail('quantity', 'row.quantity_invalid', `the quantity ${written} is not more than zero`);
    quantity = undefined;
  } else if (written !== undefined && unitNeedsWholeNumbers(uom) && !new Decimal(written).isInteger()) {
    fail(
      'quantity',
      'row.quantity_not_whole',
      `the quantity ${written} is not whole, and ${uom} counts pieces`,
    );
    quantity = undefined;
  }
  const transform = mapping?.transforms?.quantity;
  let pack: OrderLine['pack'];
  if (transform && quantity !== undefined) {
    const size = transform.packSize ?? packSizeOf(cell('packSize'), locale?.decimal);
    if (size === undefined) {
      fail(
        'packSize',
        'row.pack_size_invalid',
        `the pack size ${show(cell('packSize'))} is not a positive whole number`,
      );
      quantity = undefined;
    } else {
      quantity = new Decimal(quantity).times(size).toFixed();
      uom = normalizeUnit(transform.uom);
      pack = { innerPack: String(size) };
    }
  }

  const priceValue = parseNumber(cell('unitPrice'), locale?.decimal);
  let unitPrice = number('unitPrice', priceValue, 'the unit price', 'row.price_invalid');
  if (unitPrice !== undefined && new Decimal(unitPrice).isNegative()) {
    fail('unitPrice', 'row.price_invalid', `the unit price ${unitPrice} is negative`);
    unitPrice = undefined;
  }

  const items: ItemIds = {};
  for (const field of ITEM_COLUMNS) readItem(field, field);
  // a bare "Item" column holds what the mapping says; an explicit column of that kind wins
  readItem('item', mapping?.identifier ?? 'sku');
  function readItem(column: ColumnField, field: keyof ItemIds) {
    const value = cell(column);
    if (isEmpty(value) || items[field] !== undefined) return;
    const kind = GTIN_COLUMNS[field];
    if (kind === undefined) {
      items[field] = textOf(value);
      return;
    }
    const gtin = parseGtin(value, kind);
    if (gtin.ok) items[field] = gtin.value;
    else fail(column, 'row.gtin_invalid', `the ${field.toUpperCase()} ${gtin.detail}`);
  }
  if (Object.keys(items).length === 0 && !problems.some((p) => p.code === 'row.gtin_invalid'))
    fail('item', 'row.item_missing', 'the row names no item: no SKU, item number or GTIN');

  const header: RowHeader = {};
  const po = textOf(cell('poNumber'));
  if (po !== undefined) header.poNumber = po;
  const poDate = date('poDate', parseDate(cell('poDate'), locale?.dateOrder), 'the order date');
  if (poDate !== undefined) header.poDate = poDate;
  const delivery = date(
    'requestedDelivery',
    parseDate(cell('requestedDelivery'), locale?.dateOrder),
    'the delivery date',
  );
  if (delivery !== undefined) header.requestedDelivery = delivery;
  for (const field of ['shipTo', 'currency', 'notes'] as const) {
    const text = textOf(cell(field));
    if (text === undefined) continue;
    // a currency cell counts when it holds an ISO 4217 code; else the prices' symbols and defaults decide
    if (field !== 'currency') header[field] = text;
    else if (/^[A-Za-z]{3}$/.test(text)) header.currency = text.toUpperCase();
  }

  const lineNumber = textOf(cell('lineNumber'));
  const description = textOf(cell('description'));
  const read: RowRead = {
    row,
    header,
    ...(lineNumber !== undefined ? { lineNumber } : {}),
    ...(written !== undefined ? { writtenQuantity: written } : {}),
    ...(priceValue.ok && priceValue.currencies ? { priceCurrencies: priceValue.currencies } : {}),
    problems,
  };
  if (problems.length === 0 && quantity !== undefined)
    read.line = {
      quantity,
      uom,
      ...(unitPrice !== undefined ? { unitPrice } : {}),
      items,
      ...(description !== undefined ? { description } : {}),
      ...(pack ? { pack } : {}),
    };
  return read;
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
