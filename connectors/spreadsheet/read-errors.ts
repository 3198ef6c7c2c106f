import { type GatewayError, partnerRejectable } from '../../src/core/errors.ts';

/**
 * The `file.*` problems the spreadsheet readers throw, each with a message a sender who is not technical can act
 * on: it says what is wrong with the file and what to send instead. One place, so the wording stays consistent
 * between CSV and XLSX and every code is written here as a literal (the registry's drift test looks for it).
 */

/** The file cannot be read as CSV or XLSX (damaged, truncated, another format). */
export const unreadable = (why: string, cause?: unknown): GatewayError =>
  partnerRejectable(
    'file.unreadable',
    `the file could not be read as a spreadsheet (${why}): save it again as .xlsx or .csv and send it again`,
    { cause },
  );

/** The file, or the chosen sheet, holds nothing. */
export const empty = (what: string): GatewayError =>
  partnerRejectable('file.empty', `${what} is empty: there is no order in it to read`);

/** Bigger than {@link SpreadsheetLimits.maxBytes}. */
export const tooLarge = (bytes: number, maxBytes: number): GatewayError =>
  partnerRejectable(
    'file.too_large',
    `the file is too large (${megabytes(bytes)}; at most ${megabytes(maxBytes)} is accepted): split the order into smaller files`,
    { details: { bytes, maxBytes } },
  );

/** More rows than {@link SpreadsheetLimits.maxRows}. */
export const tooManyRows = (sheet: string, maxRows: number): GatewayError =>
  partnerRejectable(
    'file.too_many_rows',
    `${sheet} has more than ${maxRows} rows, more than one file may hold: split the orders into smaller files`,
    { details: { maxRows } },
  );

/** More sheets than {@link SpreadsheetLimits.maxSheets}. */
export const tooManySheets = (sheets: number, maxSheets: number): GatewayError =>
  partnerRejectable(
    'file.too_many_sheets',
    `the workbook has ${sheets} sheets, more than the ${maxSheets} accepted: send the order sheets in a workbook of their own`,
    { details: { sheets, maxSheets } },
  );

/** An XLSX that would unpack to too much data. */
export const zipBomb = (why: string): GatewayError =>
  partnerRejectable(
    'file.zip_bomb',
    `the workbook unpacks to far more data than a spreadsheet holds (${why}), so it was not opened: save it again in Excel and send it again`,
  );

/** An Excel 97-2003 workbook. */
export const legacyXls = (): GatewayError =>
  partnerRejectable(
    'file.legacy_xls',
    'this is an old Excel 97-2003 file (.xls): save it as .xlsx or .csv and send it again',
  );

/** A password-protected (encrypted) OOXML workbook. */
export const encrypted = (): GatewayError =>
  partnerRejectable(
    'file.encrypted',
    'this workbook is protected with a password, so it cannot be opened: remove the password (File › Info › Protect Workbook) and send it again',
  );

/** The sheet asked for is not in the workbook. */
export const sheetNotFound = (wanted: string, names: readonly string[]): GatewayError =>
  partnerRejectable(
    'file.sheet_not_found',
    `the workbook has no sheet named "${wanted}" (its sheets: ${names.map((n) => `"${n}"`).join(', ') || 'none'}): rename the order sheet to "${wanted}" and send it again`,
    { details: { wanted, names } },
  );

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
