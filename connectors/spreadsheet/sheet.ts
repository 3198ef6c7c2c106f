/**
 * What the spreadsheet readers (CSV, XLSX) hand the table finder: sheets of rows of plain cell values, streamed,
 * so a 100,000-row file is never held whole. The contract between `read-*.ts` and `table-*.ts`.
 */

/**
 * One cell's value as the file holds it: CSV cells are always text; XLSX cells are text, a number (as stored,
 * never a formula evaluated: a formula cell gives its cached result), a boolean, a Date (a cell formatted as
 * a date), or null when empty.
 */
export type Cell = string | number | boolean | Date | null;

/** One row: `row` is the 1-based number the sender sees in Excel (CSV: the record's number); `cells[0]` is A. */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

/** One sheet: its name (XLSX) and its visible rows in order (hidden rows left out, merged ranges filled). */
export interface Sheet {
  /** The sheet's name in the workbook; undefined for CSV. */
  name?: string;
  rows: AsyncIterable<SheetRow>;
}

/** A spreadsheet file as it arrived (an upload, a mail attachment, a file on disk). */
export interface SpreadsheetFile {
  bytes: Uint8Array;
  filename?: string;
  contentType?: string;
}

/** Limits that keep a hostile or broken file from exhausting the process; each breach is a clear `file.*` problem. */
export interface SpreadsheetLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most data rows read from one sheet. */
  maxRows: number;
  /** Most sheets in one workbook. */
  maxSheets: number;
  /** Largest uncompressed size of an XLSX's parts, in bytes. */
  maxUncompressedBytes: number;
  /** Largest uncompressed-to-compressed ratio of any XLSX part (a zip bomb). */
  maxCompressionRatio: number;
}

/** The limits a gateway uses unless configured otherwise. */
export const DEFAULT_SPREADSHEET_LIMITS: SpreadsheetLimits = {
  maxBytes: 25 * 1024 * 1024,
  maxRows: 200_000,
  maxSheets: 50,
  maxUncompressedBytes: 400 * 1024 * 1024,
  maxCompressionRatio: 200,
};
