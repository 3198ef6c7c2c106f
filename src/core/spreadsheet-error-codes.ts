/**
 * The spreadsheet part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces):
 * what reading a CSV/XLSX file can find wrong, about the whole file (`file.*`) or one row (`row.*`). Every one
 * is told to the sender (a mail reply, the upload door's answer) with the file, sheet, row and column. Pure
 * data, so the registry can import it without a cycle.
 */

/** A file that yields no order at all: the sender is told what to do instead. */
export const SPREADSHEET_FILE_REJECTS = {
  'file.unreadable':
    'the file is neither a CSV nor an XLSX workbook that can be read (damaged, another format)',
  'file.no_header':
    'no row of the sheet looks like a header: no known column names (quantity, item) were found',
  'file.empty': 'the file, or the sheet read from it, holds no data at all',
  'file.too_large': 'the file is larger than the gateway accepts for one spreadsheet',
  'file.too_many_rows': 'the sheet has more rows than the gateway reads from one sheet',
  'file.too_many_sheets': 'the workbook has more sheets than the gateway accepts',
  'file.zip_bomb': 'the XLSX unpacks to far more data than it holds (a zip bomb, or a damaged size record)',
  'file.legacy_xls': 'an old Excel 97-2003 workbook (.xls), which is not read: send .xlsx or .csv instead',
  'file.encrypted': 'a password-protected workbook, which cannot be opened: send it without a password',
  'file.sheet_not_found': 'the workbook has no sheet of the name configured for the partner',
} as const;

/** A row that cannot become an order line: named with its row number and column. */
export const SPREADSHEET_ROW_REJECTS = {
  'row.quantity_invalid': 'the quantity is missing, not a number, zero or negative',
  'row.item_missing': 'the row names no item (no SKU, buyer item number or GTIN)',
  'row.price_invalid': 'the unit price is not a number or is negative',
  'row.gtin_invalid':
    'a GTIN, EAN or UPC has a wrong length or check digit (GS1 mod-10), or lost digits to scientific notation',
  'row.quantity_not_whole':
    'the quantity has a fraction but its unit counts pieces (EA, CS …), not weight, length or volume',
  'row.number_ambiguous':
    "a number such as 1,234 reads two ways and the partner's spreadsheet mapping names no decimal separator",
  'row.date_invalid': 'a date the gateway cannot read (2026-12-03, 03.12.2026, 03/12/2026 or an Excel date)',
  'row.date_ambiguous':
    "a date such as 03/04/2026 reads day-first or month-first and the partner's mapping names no date order",
  'row.currency_mismatch': "a price is written in another currency than the order's",
  'row.pack_size_invalid':
    'the pack size the quantity is multiplied by is missing, not a whole number or not positive',
  'row.line_number_duplicate': 'two rows of one order carry the same line number',
  'row.no_lines': 'the table has a header but no row below it names a quantity or an item',
} as const;

/** Findings told to the sender that reject nothing. */
export const SPREADSHEET_WARNINGS = {
  'file.totals_mismatch': "the totals row's quantity differs from the sum of the quantities above it",
  'file.po_generated':
    'the file names no PO number: the gateway numbered the order SS-… from the file itself (stable across re-sends)',
} as const;
