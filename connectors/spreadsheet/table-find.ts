import { type ColumnField, normalizeLabel, TOTAL_WORDS } from './default-mapping.ts';
import type { Cell, Sheet, SheetRow } from './sheet.ts';
import { type FoundLabel, readLabels } from './table-labels.ts';
import type { TableSpec } from './table-spec.ts';

/** A column of the table: the field it feeds, its 0-based index, and its header as the sender wrote it. */
export interface TableColumn {
  field: ColumnField;
  index: number;
  header: string;
}

/** An order table found in a sheet. `rows` streams its data rows once; `totals` is set when a totals row ended it. */
export interface Table {
  sheet?: string;
  headerRow: number;
  columns: TableColumn[];
  /** Order-level values written above the header (`Order no.: 4711-B`). */
  labels: FoundLabel[];
  /** The data rows: blank rows left out, ending before a totals row or at the end of the sheet. */
  rows: AsyncIterable<SheetRow>;
  /** The totals row that closed the table, once `rows` has been read to its end. */
  totals?: SheetRow;
}

/** Rows read looking for the header; title, labels and the header of a real order form fit well inside. */
const HEADER_SCAN_ROWS = 40;
const ITEM_FIELDS: readonly ColumnField[] = ['item', 'sku', 'buyerItem', 'vendorItem', 'gtin', 'ean', 'upc'];
const TOTALS = new Set(TOTAL_WORDS.map(normalizeLabel));

/**
 * Finds the order table in a sheet: among its first {@link HEADER_SCAN_ROWS} non-blank rows, the header is
 * the row naming the most known columns, at least two, one a quantity and one an item (by name, or by a
 * position the mapping fixes); the first such row wins a tie. The rows above it are read for labels only
 * (titles such as "Order form" name nothing and are passed over), and labels are looked for nowhere else.
 * Below it, blank rows are skipped and a totals row (its first filled cell "Total", "Summe", "Totaal" …) ends the
 * table: what follows a total is a footer, not an order line. Undefined when no row qualifies.
 */
export async function findTable(sheet: Sheet, spec: TableSpec): Promise<Table | undefined> {
  const iterator = sheet.rows[Symbol.asyncIterator]();
  const scanned: SheetRow[] = [];
  let best: { at: number; columns: TableColumn[]; score: number } | undefined;
  while (scanned.length < HEADER_SCAN_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    if (isBlank(next.value)) continue;
    scanned.push(next.value);
    const candidate = headerColumns(next.value, spec);
    if (candidate && (!best || candidate.score > best.score)) best = { at: scanned.length - 1, ...candidate };
  }
  if (!best) {
    await iterator.return?.();
    return undefined;
  }
  const { at, columns } = best;
  const table: Table = {
    ...(sheet.name !== undefined ? { sheet: sheet.name } : {}),
    headerRow: scanned[at]!.row,
    columns,
    labels: readLabels(scanned.slice(0, at), spec.labels),
    rows: dataRows(scanned.slice(at + 1), iterator, (totals) => {
      table.totals = totals;
    }),
  };
  return table;
}

async function* dataRows(
  buffered: readonly SheetRow[],
  rest: AsyncIterator<SheetRow>,
  onTotals: (row: SheetRow) => void,
): AsyncGenerator<SheetRow> {
  const take = (row: SheetRow): 'skip' | 'stop' | 'row' => {
    if (isBlank(row)) return 'skip';
    if (isTotals(row)) {
      onTotals(row);
      return 'stop';
    }
    return 'row';
  };
  for (const row of buffered) {
    const verdict = take(row);
    if (verdict === 'stop') return;
    if (verdict === 'row') yield row;
  }
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    const verdict = take(next.value);
    if (verdict === 'stop') {
      await rest.return?.();
      return;
    }
    if (verdict === 'row') yield next.value;
  }
}

/** The known columns of a row read as a header, or undefined when it cannot be the header. */
function headerColumns(
  row: SheetRow,
  spec: TableSpec,
): { columns: TableColumn[]; score: number } | undefined {
  const byField = new Map<ColumnField, { column: TableColumn; rank: number }>();
  for (const [index, cell] of row.cells.entries()) {
    if (typeof cell !== 'string') continue;
    const known = spec.headers.get(normalizeLabel(cell));
    if (!known) continue;
    const held = byField.get(known.field);
    // the partner's own header beats a default one for the same field; else the leftmost column wins
    if (!held || known.rank < held.rank)
      byField.set(known.field, {
        column: { field: known.field, index, header: cell.trim() },
        rank: known.rank,
      });
  }
  const score = byField.size;
  for (const [field, index] of spec.positions) {
    const cell = row.cells[index];
    const header = typeof cell === 'string' && cell.trim() !== '' ? cell.trim() : columnLetter(index);
    byField.set(field, { column: { field, index, header }, rank: 0 });
  }
  // a column claimed by a position belongs to that field alone
  const positioned = new Set(spec.positions.values());
  for (const [field, held] of byField)
    if (!spec.positions.has(field) && positioned.has(held.column.index)) byField.delete(field);
  const fields = new Set(byField.keys());
  if (score < 2 || !fields.has('quantity') || !ITEM_FIELDS.some((f) => fields.has(f))) return undefined;
  const columns = [...byField.values()].map((held) => held.column).sort((a, b) => a.index - b.index);
  return { columns, score };
}

function isTotals(row: SheetRow): boolean {
  // the first filled cell says "Total" (in any column, the item column too: no item is called Total)
  const first = row.cells.find((cell) => !isEmpty(cell));
  if (typeof first !== 'string') return false;
  if (first.length > 40) return false;
  // most first cells are item numbers, with digits: no totals word has one (checked before normalizing, and
  // without cutting the word out: this runs for every row)
  const text = first.trim();
  let end = 0;
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (code >= 48 && code <= 57) return false;
    if (code === 58 || /\s/.test(text[end]!)) break;
  }
  const word = text.slice(0, end);
  return TOTALS.has(normalizeLabel(word)) || TOTALS.has(normalizeLabel(first));
}

function isBlank(row: SheetRow): boolean {
  return row.cells.every(isEmpty);
}

/** Whether a cell holds nothing: null, or text of blanks only. */
export function isEmpty(cell: Cell | undefined): boolean {
  return cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** Excel's letter for a 0-based column index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
