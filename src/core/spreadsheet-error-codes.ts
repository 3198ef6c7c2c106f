/**
 * The spreadsheet part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces):
 * what reading a CSV/XLSX file can find wrong, about the whole file (`file.*`) or one row (`row.*`). Every one
 * is told to the sender (a mail reply, the upload door's answer) with the file, sheet, row and column. Pure
 * data, so the registry can import it without a cycle.
 */

/** A file that yields no order at all: the sender is told what to do instead. */
export const SPREADSHEET_FILE_REJECTS = {
  'file.unreadable': 'the file is neither a CSV nor an XLSX workbook that can be read (damaged, another format)',
  'file.no_header': 'no row of the sheet looks like a header: no known column names (quantity, item) were found',
} as const;

/** A row that cannot become an order line: named with its row number and column. */
export const SPREADSHEET_ROW_REJECTS = {
  'row.quantity_invalid': 'the quantity is missing, not a number, zero or negative',
  'row.item_missing': 'the row names no item (no SKU, buyer item number or GTIN)',
  'row.price_invalid': 'the unit price is not a number or is negative',
} as const;

/** Findings told to the sender that reject nothing. */
export const SPREADSHEET_WARNINGS = {} as const;
