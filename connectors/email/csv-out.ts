/** One cell of a CSV we write: text, or nothing. */
export type CsvCell = string | undefined;

/** A plain decimal number (`24`, `-4.75`): Excel reads it as a number, never as a formula. */
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** Characters that make a spreadsheet program read a cell as a formula (or run one, DDE). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell made safe against CSV injection, by the OWASP rule ("CSV Injection"): a cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return is prefixed with a single quote, so Excel and LibreOffice show it as
 * text instead of evaluating it (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3+cmd|' /C calc'!A0`). Item numbers and
 * reasons come from partners' own files, so any cell can be hostile. A plain decimal such as `-4.75` stays as it
 * is: it is a number, not a formula, and our amounts are decimal strings written as they are.
 */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) && !DECIMAL.test(value) ? `'${value}` : value;
}

/** RFC 4180 §2: a field holding a comma, quote or line break is quoted, its quotes doubled. */
function quoted(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const BOM = '\uFEFF';

/**
 * A CSV file as we send it: RFC 4180 (comma, CRLF after every record, quoting), UTF-8 with a byte-order mark
 * so Excel opens accents and umlauts right, every cell escaped by {@link safeCell}.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): Uint8Array {
  const line = (cells: readonly CsvCell[]) => cells.map((c) => quoted(safeCell(c ?? ''))).join(',');
  const text = [header, ...rows].map((cells) => `${line(cells)}\r\n`).join('');
  return new TextEncoder().encode(BOM + text);
}
