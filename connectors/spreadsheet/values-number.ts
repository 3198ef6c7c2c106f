import { decimalOfNumber } from '../../src/core/primitives.ts';
import type { Cell } from './sheet.ts';

/** Which character separates a number's fraction: the partner mapping's `locale.decimal`, when it has one. */
export type DecimalMark = ',' | '.';

/**
 * A number read from a cell: a decimal string (`"1234.5"`, never a float), with the currencies a symbol or code
 * written beside it may stand for (`€` → EUR; `$` → USD, CAD … since a dollar alone names no country).
 */
export type NumberValue =
  | { ok: true; value: string; currencies?: readonly string[] }
  | { ok: false; reason: 'empty' | 'invalid' | 'ambiguous' };

/** Currency symbols and codes a price cell may carry, with the ISO 4217 codes each can mean. */
const CURRENCY_MARKS: Readonly<Record<string, readonly string[]>> = {
  '€': ['EUR'],
  '£': ['GBP'],
  $: ['USD', 'CAD', 'AUD', 'NZD', 'MXN', 'SGD', 'HKD'],
  US$: ['USD'],
  CHF: ['CHF'],
  'Fr.': ['CHF'],
  kr: ['SEK', 'NOK', 'DKK', 'ISK'],
  'kr.': ['SEK', 'NOK', 'DKK', 'ISK'],
  zł: ['PLN'],
  Kč: ['CZK'],
};
const CURRENCY_CODES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'CAD', 'AUD', 'PLN', 'CZK', 'JPY'];
const MARK = [...Object.keys(CURRENCY_MARKS), ...CURRENCY_CODES]
  .sort((a, b) => b.length - a.length)
  .map((m) => m.replace(/[.$]/g, '\\$&'))
  .join('|');
const WITH_MARK = new RegExp(`^(?:(${MARK})\\s*)?(.*?)(?:\\s*(${MARK}))?$`, 'u');

/** Blanks people and spreadsheet programs put between thousands: space, NBSP, narrow NBSP, thin space. */
const BLANKS = /[\s\u00A0\u202F\u2009]/g;
/** Swiss thousands marks (1'234.50): the ASCII apostrophe and the typographic one. */
const APOSTROPHES = /['\u2019]/g;

/**
 * Reads a number as people write it in a spreadsheet, never guessing: `1.234,50`, `1,234.50`, `1 234,50`,
 * `1'234.50`, `12,5`, `€ 12.50`, `12.50 EUR`, `-3`. A single `,` or `.` followed by exactly three digits
 * (`1,234`) is a thousands mark in one locale and a decimal mark in another: `decimal` decides it, and
 * without it the value is `ambiguous` rather than a guess. A number cell is taken as Excel shows it: to 15
 * significant digits, so a computed `4.7500000000000001` is `4.75`.
 */
export function parseNumber(cell: Cell, decimal?: DecimalMark): NumberValue {
  if (cell === null || cell === '') return { ok: false, reason: 'empty' };
  if (typeof cell === 'number') {
    // most number cells are whole quantities: below 10^15 toPrecision(15) keeps every digit, so skip it
    if (Number.isInteger(cell) && Math.abs(cell) < 1e15) return { ok: true, value: String(cell + 0) };
    // Excel keeps 15 significant digits (IEEE doubles hold 15-17): what it shows is what the sender typed
    const value = Number.isFinite(cell) ? decimalOfNumber(Number(cell.toPrecision(15))) : undefined;
    return value === undefined ? { ok: false, reason: 'invalid' } : { ok: true, value: canonical(value) };
  }
  if (typeof cell !== 'string') return { ok: false, reason: 'invalid' };
  const plain = plainNumber(cell);
  if (plain !== undefined) return { ok: true, value: plain };
  const text = cell.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const match = WITH_MARK.exec(text);
  const [, before, body = '', after] = match ?? [];
  if (before !== undefined && after !== undefined) return { ok: false, reason: 'invalid' };
  const mark = before ?? after;
  const number = readDigits(body, decimal);
  if (!number.ok) return number;
  return mark === undefined ? number : { ...number, currencies: CURRENCY_MARKS[mark] ?? [mark] };
}

/**
 * The fast path for what nearly every cell of a large sheet holds, digits with at most one `.` (`12`, `9.50`),
 * read without a regular expression; undefined sends the cell down the full path: anything else, and a single
 * mark before exactly three digits after a short first group (`1.234`), which may be a thousands mark.
 */
function plainNumber(text: string): string | undefined {
  const length = text.length;
  let point = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 && point < 0 && i > 0 && i < length - 1) point = i;
    else if (code < 48 || code > 57) return undefined;
  }
  const wholeEnd = point < 0 ? length : point;
  if (point > 0 && length - point - 1 === 3 && wholeEnd <= 3 && text.charCodeAt(0) !== 48) return undefined;
  let start = 0;
  // leading zeros go (`007` → `7`), the one before the point stays (`0.5`)
  while (start < wholeEnd - 1 && text.charCodeAt(start) === 48) start++;
  return start === 0 ? text : text.slice(start);
}

function readDigits(written: string, decimal: DecimalMark | undefined): NumberValue {
  // a minus (ASCII or U+2212) before the digits; a sign anywhere else is not a number
  const negative = /^[-\u2212]/.test(written);
  const unsigned = (negative ? written.slice(1) : written)
    .trim()
    .replace(BLANKS, ' ')
    .replace(APOSTROPHES, "'");
  if (!/^(\d+([ ',.]\d+)*|[,.]\d+)$/.test(unsigned)) return { ok: false, reason: 'invalid' };
  const groups = unsigned.split(/[ ',.]/);
  const marks = unsigned.replace(/\d/g, '');
  const last = marks.at(-1);
  let fraction: string | undefined;
  let thousands = marks;
  if (last === ',' || last === '.') {
    const repeated = marks.slice(0, -1).includes(last);
    const lastGroup = groups.at(-1) ?? '';
    const first = groups[0] ?? '';
    // one mark, three digits after it, a first group that could lead thousands: either reading is possible
    const couldBeThousands = marks.length === 1 && lastGroup.length === 3 && /^[1-9]\d{0,2}$/.test(first);
    if (repeated) fraction = undefined;
    else if (!couldBeThousands || marks.length > 1) fraction = lastGroup;
    else if (decimal === undefined) return { ok: false, reason: 'ambiguous' };
    else if (decimal === last) fraction = lastGroup;
    if (fraction !== undefined) thousands = marks.slice(0, -1);
  }
  const whole = fraction === undefined ? groups : groups.slice(0, -1);
  if (!validThousands(whole, thousands)) return { ok: false, reason: 'invalid' };
  const digits = whole.join('') || '0';
  const value = `${negative ? '-' : ''}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
  return { ok: true, value: canonical(value) };
}

/** Thousands groups: one kind of mark, a first group of 1-3 digits, then groups of exactly three. */
function validThousands(groups: readonly string[], marks: string): boolean {
  if (marks.length === 0) return true;
  if (new Set(marks).size > 1) return false;
  const [first = '', ...rest] = groups;
  return /^\d{1,3}$/.test(first) && rest.every((group) => group.length === 3);
}

/**
 * The decimal string of the model (no leading zeros, no `-0`), keeping the fraction digits as written:
 * `12.50` stays `12.50`, since a price's precision is the sender's.
 */
function canonical(value: string): string {
  // string work, not a Decimal per cell: this runs for every number of a 100,000-row sheet
  const negative = value.startsWith('-');
  const [whole = '', fraction] = (negative ? value.slice(1) : value).split('.');
  const digits = whole.replace(/^0+(?=\d)/, '') || '0';
  const text = fraction === undefined ? digits : `${digits}.${fraction}`;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}
