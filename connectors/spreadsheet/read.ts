import { readCsv } from './read-csv.ts';
import { empty, tooLarge } from './read-errors.ts';
import { detectFormat } from './read-format.ts';
import { readXlsx } from './read-xlsx.ts';
import {
  DEFAULT_SPREADSHEET_LIMITS,
  type Sheet,
  type SpreadsheetFile,
  type SpreadsheetLimits,
} from './sheet.ts';

/** How a spreadsheet is read. */
export interface ReadSpreadsheetOptions {
  /** The one XLSX sheet to read (a partner's setting); a CSV is one sheet, so it is ignored there. */
  sheet?: string;
  limits?: SpreadsheetLimits;
}

/**
 * The sheets of a spreadsheet file, CSV or XLSX (told apart by its bytes, {@link detectFormat}).
 *
 * The promise settles once the file as a whole has been checked — size, format, for an XLSX its archive
 * against the limits and its list of sheets — and gives the sheets: a CSV's one sheet, an XLSX's `sheet` or
 * else its visible sheets in tab order (take `[0]` for the one Excel opens on). No row has been read then:
 * each sheet's `rows` parse the file as they are iterated, a row at a time, so a 100,000-row file is never
 * held whole (the bytes themselves are, as the caller passes them), and sheets may be read in any order or not
 * at all. Stopping early is fine.
 *
 * Rows hold only cells with values: rows without one are left out, their numbers kept (see `keptRows`).
 *
 * @throws GatewayError (kind `partner_rejectable`, told to the sender) `file.empty`, `file.too_large`,
 *   `file.legacy_xls`, `file.encrypted`, `file.unreadable`, `file.zip_bomb`, `file.too_many_sheets`,
 *   `file.sheet_not_found`; and while rows are iterated `file.too_many_rows`, `file.empty` (a sheet with no
 *   value), `file.unreadable` (a damaged sheet, a CSV quote never closed)
 */
export async function readSpreadsheet(
  file: SpreadsheetFile,
  options: ReadSpreadsheetOptions = {},
): Promise<Sheet[]> {
  const limits = options.limits ?? DEFAULT_SPREADSHEET_LIMITS;
  if (file.bytes.length === 0) throw empty('the file');
  if (file.bytes.length > limits.maxBytes) throw tooLarge(file.bytes.length, limits.maxBytes);
  if (detectFormat(file) === 'csv') return [readCsv(file.bytes, limits.maxRows)];
  return readXlsx(file.bytes, { sheet: options.sheet, limits });
}
