import { textOf } from '../../../connectors/spreadsheet/decode-row.ts';
import { normalizeLabel } from '../../../connectors/spreadsheet/default-mapping.ts';
import { readSpreadsheet } from '../../../connectors/spreadsheet/read.ts';
import type { Sheet, SheetRow } from '../../../connectors/spreadsheet/sheet.ts';
import { columnLetter, findTable } from '../../../connectors/spreadsheet/table-find.ts';
import { tableSpec } from '../../../connectors/spreadsheet/table-spec.ts';
import type { SpreadsheetField } from '../../mapping/spreadsheet-mapping.schema.ts';

/** One column of a sample's header row, with the field the built-in default would read it as. */
export interface DetectedColumn {
  /** 0-based. */
  index: number;
  /** As Excel names it: A, B … AA. */
  letter: string;
  /** The header as written (empty for a column without one). */
  header: string;
  /** The canonical field the default mapping's headers name it, if any (a bare "Item" column: sku). */
  suggested?: SpreadsheetField;
}

/** What the column matcher shows of a sample: the header row it found, the columns, and the first rows. */
export interface DetectedColumns {
  /** The sheet read (an XLSX's first visible sheet); undefined for CSV. */
  sheet?: string;
  /** The header row as Excel numbers it. */
  headerRow: number;
  /** Whether the default mapping found an order table there (else the likeliest header row is shown). */
  tableFound: boolean;
  columns: DetectedColumn[];
  /** The first data rows under the header, each cell as text ('' when empty), as wide as `columns`. */
  rows: { row: number; cells: string[] }[];
}

/** Rows read from the sample: the table finder looks at the first 40 filled rows, then a few data rows. */
const SCAN_ROWS = 40;
const SAMPLE_ROWS = 5;

/**
 * Reads a sample order form (CSV or XLSX, told by its bytes) the way the spreadsheet connector finds its order
 * table (the same header finder, with the built-in default's headers in six languages) and returns the header
 * row, every column with the field the default would read it as, and the first rows: what a person needs to
 * match the partner's columns to canonical fields. Reads at most a few dozen rows of the first sheet.
 *
 * @throws the reader's `file.*` GatewayErrors for an unreadable file (see `readSpreadsheet`)
 */
export async function detectColumns(bytes: Uint8Array, filename?: string): Promise<DetectedColumns> {
  const [sheet] = await readSpreadsheet({ bytes, ...(filename ? { filename } : {}) });
  const scanned: SheetRow[] = [];
  if (sheet)
    for await (const row of sheet.rows) {
      if (row.cells.every((cell) => textOf(cell) === undefined)) continue;
      scanned.push(row);
      if (scanned.length >= SCAN_ROWS + SAMPLE_ROWS) break;
    }
  const spec = tableSpec();
  const table = await findTable(bufferedSheet(sheet, scanned), spec);
  const headerAt = table
    ? scanned.findIndex((row) => row.row === table.headerRow)
    : likelyHeader(scanned, spec.headers);
  const header = scanned[headerAt];
  const width = Math.max(
    0,
    ...scanned.slice(headerAt, headerAt + 1 + SAMPLE_ROWS).map((r) => r.cells.length),
  );
  const known = new Map(table?.columns.map((column) => [column.index, column.field]));
  const columns: DetectedColumn[] = [];
  for (let index = 0; index < width; index++) {
    const text = header ? (textOf(header.cells[index] ?? null) ?? '') : '';
    const field = table ? known.get(index) : spec.headers.get(normalizeLabel(text))?.field;
    // a bare "Item" column is read by the mapping's `identifier`, our SKU by default
    const suggested = field === 'item' ? 'sku' : field;
    columns.push({ index, letter: columnLetter(index), header: text, ...(suggested ? { suggested } : {}) });
  }
  return {
    ...(sheet?.name !== undefined ? { sheet: sheet.name } : {}),
    headerRow: header?.row ?? 1,
    tableFound: table !== undefined,
    columns,
    rows: scanned.slice(headerAt + 1, headerAt + 1 + SAMPLE_ROWS).map((row) => ({
      row: row.row,
      cells: columns.map((column) => textOf(row.cells[column.index] ?? null) ?? ''),
    })),
  };
}

/**
 * Where the header probably is when the default finds no order table (the partner's headers are all its
 * own): the row naming the most known headers, else the first of the widest rows (a title row is narrow).
 */
function likelyHeader(rows: readonly SheetRow[], known: ReadonlyMap<string, unknown>): number {
  let best = 0;
  let bestScore = [-1, -1];
  for (const [at, row] of rows.entries()) {
    const texts = row.cells
      .map((cell) => (typeof cell === 'string' ? cell.trim() : ''))
      .filter((t) => t !== '');
    const score = [texts.filter((text) => known.has(normalizeLabel(text))).length, texts.length];
    if (score[0]! > bestScore[0]! || (score[0] === bestScore[0] && score[1]! > bestScore[1]!)) {
      best = at;
      bestScore = score;
    }
  }
  return best;
}

/** The rows already read, as a sheet the table finder can scan. */
function bufferedSheet(sheet: Sheet | undefined, rows: readonly SheetRow[]): Sheet {
  return {
    ...(sheet?.name !== undefined ? { name: sheet.name } : {}),
    rows: (async function* () {
      yield* rows;
    })(),
  };
}
