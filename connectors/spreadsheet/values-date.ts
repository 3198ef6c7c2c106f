import type { Cell } from './sheet.ts';

/** The order of day, month and year in dates written with `/` or `-`: the partner mapping's `locale.dateOrder`. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** A date read from a cell, as `YYYY-MM-DD`, or why it could not be read. */
export type DateValue =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'invalid' | 'ambiguous' };

const DAY_MS = 86_400_000;
/**
 * Excel's 1900 date system: serial 1 is 1900-01-01, but Excel (after Lotus 1-2-3) counts a 29 February 1900
 * that never was, serial 60. Serials from 61 on are therefore one day ahead: day 0 is 1899-12-30 for them and
 * 1899-12-31 for 1 to 59.
 */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_BEFORE_LEAP_BUG = Date.UTC(1899, 11, 31);
/** Serial of 9999-12-31, the last day Excel knows. */
const EXCEL_LAST_SERIAL = 2_958_465;

/**
 * Reads a date as spreadsheets hold it: a date cell, an Excel serial number (1900 system), ISO `2026-12-03`
 * (also `2026/12/03`, `20261203`, and a time after it), `03.12.2026` (dots are day-first everywhere they
 * are used), or `03/12/2026` / `03-12-2026` read by `order`. Without an order, a date whose day and month
 * could swap (both ≤ 12 and different) is `ambiguous`, not guessed; `13/12/2026` is read day-first whatever
 * the order, since no month is 13 — unless the order says month-first, which makes it `invalid`.
 */
export function parseDate(cell: Cell, order?: DateOrder): DateValue {
  if (cell === null || cell === '') return { ok: false, reason: 'empty' };
  if (cell instanceof Date) {
    // XLSX readers give a date cell as midnight UTC of the day Excel shows (no time zone in the file)
    return Number.isNaN(cell.getTime()) ? invalid() : ok(cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') return excelSerial(cell);
  if (typeof cell !== 'string') return invalid();
  const text = cell.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(text);
  if (iso) return calendar(iso[1]!, iso[2]!, iso[3]!);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return calendar(compact[1]!, compact[2]!, compact[3]!);
  const parts = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (!parts) return invalid();
  const [, a = '', separator, b = '', written = ''] = parts;
  // a two-digit year is this century's: orders are not placed for 1926
  const year = written.length === 2 ? `20${written}` : written;
  if (separator === '.') return calendar(year, b, a);
  const first = Number(a);
  const second = Number(b);
  if (order === 'dmy') return calendar(year, b, a);
  if (order === 'mdy') return calendar(year, a, b);
  // no order (or ymd, which a date ending in its year does not follow): only the values can tell
  if (first > 12 && second <= 12) return calendar(year, b, a);
  if (second > 12 && first <= 12) return calendar(year, a, b);
  if (first === second) return calendar(year, a, b);
  return first > 12 ? invalid() : { ok: false, reason: 'ambiguous' };
}

/** An Excel serial day number of the 1900 system; a fraction (the time of day) is dropped. */
export function excelSerial(serial: number): DateValue {
  const day = Math.floor(serial);
  if (!Number.isFinite(serial) || day < 1 || day > EXCEL_LAST_SERIAL || day === 60) return invalid();
  const epoch = day < 60 ? EXCEL_EPOCH_BEFORE_LEAP_BUG : EXCEL_EPOCH;
  return ok(new Date(epoch + day * DAY_MS).toISOString().slice(0, 10));
}

function calendar(year: string, month: string, day: string): DateValue {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC rolls 2026-02-30 over into March; a real date comes back unchanged
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return invalid();
  return ok(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`);
}

const ok = (value: string): DateValue => ({ ok: true, value });
const invalid = (): DateValue => ({ ok: false, reason: 'invalid' });
