import { normalizeLabel } from '../../../connectors/spreadsheet/default-mapping.ts';
import { readSpreadsheet } from '../../../connectors/spreadsheet/read.ts';
import type { Cell, SpreadsheetFile } from '../../../connectors/spreadsheet/sheet.ts';
import { columnLetter, isEmpty } from '../../../connectors/spreadsheet/table-find.ts';
import { permanent, toGatewayErrorShape } from '../../core/errors.ts';
import { importInvalid } from './products.ts';

/** A column a master-data import reads: the field it feeds and the header texts that name it. */
export interface ImportColumn<F extends string> {
  field: F;
  /** Header texts, compared as the order table finder compares them (case, accents, blanks and dots aside). */
  headers: readonly string[];
  /** A file without this column is refused. */
  required?: boolean;
}

/** One data row: its number as the sender sees it, and its cells by field (empty cells left out). */
export interface ImportRow<F extends string> {
  row: number;
  cells: Partial<Record<F, Cell>>;
}

/** A master-data table read from a file: its rows, and each field's header as the file writes it. */
export interface ImportTable<F extends string> {
  headerRow: number;
  /** The header the file gives each field's column (for problems: "row 7, column Pack size"). */
  headers: Partial<Record<F, string>>;
  rows: ImportRow<F>[];
}

/** Rows read looking for the header (titles and notes may come first). */
const HEADER_SCAN_ROWS = 40;

/**
 * Reads a master-data table (products, stock counts) from a CSV or XLSX file with the spreadsheet connector's
 * reader (format told by the bytes; XLSX: the first visible sheet): the header is the first of the first
 * {@link HEADER_SCAN_ROWS} rows naming the first (key) column and one more; blank rows are skipped. Refused:
 * a file that cannot be read, or without such a header (`product.import_unreadable`), a header without a
 * required column (`product.import_invalid`, naming the header row).
 */
export async function readImportTable<F extends string>(
  file: SpreadsheetFile,
  columns: readonly ImportColumn<F>[],
  what: string,
): Promise<ImportTable<F>> {
  try {
    const [sheet] = await readSpreadsheet(file);
    if (sheet === undefined)
      throw permanent('product.import_unreadable', 'the workbook has no visible sheet');
    const known = new Map<string, F>();
    for (const column of columns)
      for (const text of column.headers) known.set(normalizeLabel(text), column.field);
    const key = columns[0]!.field;
    let header: { row: number; index: Map<number, F>; headers: Partial<Record<F, string>> } | undefined;
    let scanned = 0;
    const rows: ImportRow<F>[] = [];
    for await (const { row, cells } of sheet.rows) {
      if (cells.every((cell) => isEmpty(cell))) continue;
      if (header === undefined) {
        header = headerOf(row, cells, known, key);
        if (header === undefined && ++scanned >= HEADER_SCAN_ROWS) break;
        continue;
      }
      const byField: Partial<Record<F, Cell>> = {};
      for (const [i, field] of header.index) {
        const cell = cells[i];
        if (cell !== undefined && !isEmpty(cell)) byField[field] = cell;
      }
      rows.push({ row, cells: byField });
    }
    if (header === undefined)
      throw permanent(
        'product.import_unreadable',
        `no row of the file names the ${what} columns: the header needs "${columns[0]!.headers[0]}" and at least one of ${columns
          .slice(1)
          .map((c) => `"${c.headers[0]}"`)
          .join(', ')}`,
      );
    const missing = columns.filter((c) => c.required && header.headers[c.field] === undefined);
    if (missing.length > 0)
      throw importInvalid(
        missing.map((c) => ({
          row: header.row,
          column: c.headers[0],
          message: `no "${c.headers[0]}" column`,
        })),
        what,
      );
    return { headerRow: header.row, headers: header.headers, rows };
  } catch (error) {
    const shape = toGatewayErrorShape(error);
    // the reader's own refusals (file.unreadable, file.too_large …) are the sender's: say so, keep its words
    if (!shape.code.startsWith('file.')) throw error;
    throw permanent('product.import_unreadable', shape.message, {
      details: [{ code: shape.code, message: shape.message }],
      cause: error,
    });
  }
}

/** The fields a row names by its texts, when it names the key and one more: the header. */
function headerOf<F extends string>(
  row: number,
  cells: readonly Cell[],
  known: ReadonlyMap<string, F>,
  key: F,
): { row: number; index: Map<number, F>; headers: Partial<Record<F, string>> } | undefined {
  const index = new Map<number, F>();
  const headers: Partial<Record<F, string>> = {};
  for (const [i, cell] of cells.entries()) {
    if (typeof cell !== 'string') continue;
    const field = known.get(normalizeLabel(cell));
    // the leftmost column of a field wins
    if (field === undefined || headers[field] !== undefined) continue;
    index.set(i, field);
    headers[field] = cell.trim() || columnLetter(i);
  }
  return headers[key] !== undefined && index.size >= 2 ? { row, index, headers } : undefined;
}
