import { Decimal } from 'decimal.js';
import { DecimalSum } from '../../src/core/decimal-sum.ts';
import { type Diagnostic, hasErrors } from '../../src/core/diagnostic.ts';
import { toGatewayErrorShape } from '../../src/core/errors.ts';
import type { Order } from '../../src/core/order.ts';
import type { ResolvedSpreadsheetMapping } from '../../src/mapping/spreadsheet-mapping.schema.ts';
import { type FileHeader, OrderRows } from './decode-order.ts';
import { type Place, problemAt, RowReader, textOf } from './decode-row.ts';
import { type ColumnField, isChangeWord } from './default-mapping.ts';
import type { Sheet } from './sheet.ts';
import { findTable, type Table, type TableColumn } from './table-find.ts';
import type { FoundLabel } from './table-labels.ts';
import { tableSpec } from './table-spec.ts';
import { parseDate } from './values-date.ts';
import { parseNumber } from './values-number.ts';

/** What {@link decodeSpreadsheet} needs besides the sheets: who sent the file, how to read it, ids and clock. */
export interface DecodeSpreadsheetOptions {
  /** The file's name (attachment or upload), named in every problem. */
  fileName?: string;
  partnerId: string;
  channel: 'email' | 'csv';
  /** The partner's active spreadsheet mapping, or undefined for the built-in default. */
  mapping?: { version: number; mapping: ResolvedSpreadsheetMapping };
  settings: { defaultCurrency: string; badRows: 'reject-file' | 'accept-good-rows' };
  messageId: string;
  newId(): string;
  now(): Date;
  /** SHA-256 (hex) of the file's bytes: names an order the file gives no PO number, the same on every re-send. */
  fileSha256: string;
}

/** Orders and problems of one file, and which mapping read it. */
export interface SpreadsheetDecodeResult {
  orders: Order[];
  problems: Diagnostic[];
  mapping: { version: number } | 'default';
  /** Set when no sheet holds an order table: the file is not an order form the gateway can read. */
  unusable?: true;
}

/**
 * Sheets to canonical orders. Each sheet's order table is found (the mapping's `sheet` only, when it names
 * one), its rows read into lines and grouped into orders by their PO number: a row with an empty PO cell
 * belongs to the order above it, a file without any PO number gets `SS-<yyyymmdd of its order date>-<first
 * 8 hex of the file's SHA-256>` (`SS-<8 hex>` without a date), so a re-sent file names the same order.
 * Bad rows follow `settings.badRows`: `reject-file` gives no order when any row (or label) has an error;
 * `accept-good-rows` gives the orders of the good rows. A label error rejects every order, which it would
 * otherwise carry wrong. Rows are streamed: only the lines read are held.
 */
export async function decodeSpreadsheet(
  sheets: Iterable<Sheet> | AsyncIterable<Sheet>,
  options: DecodeSpreadsheetOptions,
): Promise<SpreadsheetDecodeResult> {
  const mapping = options.mapping?.mapping;
  const spec = tableSpec(mapping);
  const state: ReadState = { mapping, groups: new Map(), problems: [], fallbackPo: GENERATED };
  let file: FileHeader | undefined;
  let labelErrors = false;
  let tables = 0;
  for await (const sheet of sheets) {
    if (mapping?.sheet !== undefined && sheet.name !== mapping.sheet) continue;
    const table = await emptyIsNoTable(findTable(sheet, spec));
    if (!table) continue;
    tables++;
    const place: Place = {
      ...(options.fileName ? { file: options.fileName } : {}),
      ...(table.sheet ? { sheet: table.sheet } : {}),
    };
    // the labels above the first table are the file's: a workbook states its order once
    if (file === undefined) {
      const labelProblems: Diagnostic[] = [];
      file = fileHeader(table.labels, mapping, place, labelProblems);
      state.problems.push(...labelProblems);
      labelErrors = hasErrors(labelProblems);
      if (file.poNumber !== undefined) state.fallbackPo = file.poNumber;
    }
    await readTable(table, place, state);
  }
  const { problems } = state;
  const used = { mapping: options.mapping ? { version: options.mapping.version } : ('default' as const) };
  if (tables === 0) {
    problems.push({
      severity: 'error',
      code: 'file.no_header',
      message:
        'no sheet has a header row naming a quantity and an item column (Qty, Menge, Quantité … and SKU, Item, Artikelnummer, EAN …)',
      ...(options.fileName ? { file: options.fileName } : {}),
    });
    return { orders: [], problems, ...used, unusable: true };
  }
  const orders: Order[] = [];
  const context = {
    ...options,
    today: options.now().toISOString().slice(0, 10),
    defaultCurrency: options.settings.defaultCurrency,
  };
  // the rows' problems first, in the order of the file, then what is said of the file as a whole
  const aboutFile: Diagnostic[] = [];
  for (const group of state.groups.values()) {
    if (group.poNumber === GENERATED)
      group.poNumber = generatedPo(file?.poDate ?? group.firstDate, options, aboutFile);
    const order = group.build(file ?? { notes: [] }, context, problems);
    if (order) orders.push(order);
  }
  problems.push(...aboutFile);
  const rejectAll = labelErrors || (options.settings.badRows === 'reject-file' && hasErrors(problems));
  return { orders: rejectAll ? [] : orders, problems, ...used };
}

/** What reading the tables of a file builds up. */
interface ReadState {
  mapping: ResolvedSpreadsheetMapping | undefined;
  /** The rows of each order, by PO number, in the order first seen. */
  groups: Map<string, OrderRows>;
  problems: Diagnostic[];
  /** The order of rows before any PO cell: the label's PO, else the one generated for the file. */
  fallbackPo: string;
}

/** Reads a table's rows into the orders of `state`: a row with an empty PO cell joins the order above it. */
async function readTable(table: Table, place: Place, state: ReadState): Promise<void> {
  const columns = new Map<ColumnField, TableColumn>(table.columns.map((c) => [c.field, c]));
  const reader = new RowReader(columns, state.mapping, place);
  let current = state.fallbackPo;
  let group: OrderRows | undefined;
  let lines = 0;
  const written = new DecimalSum();
  for await (const row of table.rows) {
    const read = reader.read(row);
    if (!read) continue;
    lines++;
    if (read.writtenQuantity !== undefined) written.add(read.writtenQuantity);
    if (read.header.poNumber !== undefined) current = read.header.poNumber;
    if (group?.poNumber !== current) {
      group = state.groups.get(current);
      if (!group) {
        group = new OrderRows(current);
        state.groups.set(current, group);
      }
    }
    group.add(read, place);
  }
  if (lines === 0)
    state.problems.push(
      problemAt(
        place,
        table.headerRow,
        undefined,
        'row.no_lines',
        'no row under the header names a quantity or an item',
      ),
    );
  checkTotals(table, columns, written, state.mapping, place, state.problems);
}

/**
 * A sheet without a single value (the reader throws `file.empty` as it iterates one) holds no table: beside
 * the order sheet of a workbook, an empty tab is no reason to refuse the file.
 */
async function emptyIsNoTable(finding: Promise<Table | undefined>): Promise<Table | undefined> {
  try {
    return await finding;
  } catch (error) {
    if (toGatewayErrorShape(error).code === 'file.empty') return undefined;
    throw error;
  }
}

/** The group key of rows before any PO number in a file that has none: replaced by the generated PO. */
const GENERATED = '\u0000generated';

function generatedPo(
  date: string | undefined,
  options: DecodeSpreadsheetOptions,
  problems: Diagnostic[],
): string {
  const po = `SS-${date ? `${date.replaceAll('-', '')}-` : ''}${options.fileSha256.slice(0, 8)}`;
  problems.push({
    severity: 'warning',
    code: 'file.po_generated',
    message: `the file names no PO number: the order is numbered ${po}`,
    ...(options.fileName ? { file: options.fileName } : {}),
  });
  return po;
}

/** The totals row's quantity against the sum of the quantities above it, as written (a warning). */
function checkTotals(
  table: Table,
  columns: ReadonlyMap<ColumnField, TableColumn>,
  written: DecimalSum,
  mapping: ResolvedSpreadsheetMapping | undefined,
  place: Place,
  problems: Diagnostic[],
) {
  const column = columns.get('quantity');
  if (!table.totals || !column) return;
  const stated = parseNumber(table.totals.cells[column.index] ?? null, mapping?.locale.decimal);
  if (stated.ok && !new Decimal(stated.value).eq(written.toFixed()))
    problems.push(
      problemAt(
        place,
        table.totals.row,
        column.header,
        'file.totals_mismatch',
        `the total says ${stated.value}, the rows add up to ${written.toFixed()}`,
        'warning',
      ),
    );
}

/** The order-level values of the labels above the first table, with the mapping's defaults under them. */
function fileHeader(
  labels: readonly FoundLabel[],
  mapping: ResolvedSpreadsheetMapping | undefined,
  place: Place,
  problems: Diagnostic[],
): FileHeader {
  const header: FileHeader = { notes: [] };
  const shipTo = mapping?.defaults?.shipTo;
  if (shipTo !== undefined) header.shipTo = shipTo;
  const currency = mapping?.defaults?.currency;
  if (currency !== undefined) header.currency = currency;
  for (const label of labels) {
    const text = textOf(label.value);
    if (text === undefined) continue;
    if (label.field === 'poDate' || label.field === 'requestedDelivery') {
      const date = parseDate(label.value, mapping?.locale.dateOrder);
      if (date.ok) header[label.field] = date.value;
      else
        problems.push(
          problemAt(
            place,
            label.row,
            label.label,
            date.reason === 'ambiguous' ? 'row.date_ambiguous' : 'row.date_invalid',
            date.reason === 'ambiguous'
              ? `${label.label} ${text} reads day-first or month-first: the partner's mapping needs a date order`
              : `${label.label} ${text} is not a date`,
          ),
        );
    } else if (label.field === 'purpose') {
      // a change of an order sent before: the file's order replaces it whole; any other purpose is an order
      if (isChangeWord(text)) header.purpose = 'replace';
    } else if (label.field === 'notes') header.notes.push(text);
    else if (label.field === 'currency') {
      // an ISO 4217 code only; anything else ("Euro", "€") leaves the currency to the prices and defaults
      if (/^[A-Za-z]{3}$/.test(text)) header.currency = text.toUpperCase();
    } else header[label.field] = text;
  }
  return header;
}
