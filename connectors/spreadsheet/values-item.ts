import type { Cell } from './sheet.ts';

/** What a GTIN column holds: a GTIN of any length, an EAN (13 or 8 digits) or a UPC-A (12 digits). */
export type GtinKind = 'gtin' | 'ean' | 'upc';

/** A GS1 item number read from a cell: its digits as text, leading zeros kept, or why it is not one. */
export type GtinValue =
  | { ok: true; value: string }
  | { ok: false; reason: 'empty' | 'invalid'; detail: string };

/** GS1 lengths: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN), GTIN-14. */
const GTIN_LENGTHS = [8, 12, 13, 14];

/**
 * Reads a GTIN, EAN or UPC. Spreadsheets drop leading zeros (a number cell, or a CSV re-saved by Excel), so
 * digits are padded back to the length the column's kind says (UPC 12, EAN 13 or 8, GTIN the next GS1
 * length), which the check digit cannot tell apart: GS1 mod-10 weighs digits from the right, so leading zeros
 * never change it. Excel's scientific notation (`4.00638E+12`) has lost digits and is refused. The check digit
 * is verified.
 */
export function parseGtin(cell: Cell, kind: GtinKind = 'gtin'): GtinValue {
  if (cell === null || cell === '') return { ok: false, reason: 'empty', detail: 'empty' };
  let digits: string;
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell) || cell <= 0)
      return { ok: false, reason: 'invalid', detail: 'not a whole number of at most 14 digits' };
    digits = String(cell);
  } else if (typeof cell === 'string') {
    const text = cell.trim();
    if (text === '') return { ok: false, reason: 'empty', detail: 'empty' };
    if (/^\d+([.,]\d+)?E\+?\d+$/i.test(text))
      return {
        ok: false,
        reason: 'invalid',
        detail: `${text} is in scientific notation, which has lost digits: format the column as text`,
      };
    // people group long numbers for reading: 4 006381 333931, 0-12345-67890-5
    digits = text.replace(/[\s\u00A0-]/g, '');
    if (!/^\d+$/.test(digits)) return { ok: false, reason: 'invalid', detail: `${text} is not all digits` };
  } else return { ok: false, reason: 'invalid', detail: 'not a number or text' };
  // a GTIN-14 with a leading zero is the EAN-13 (a GTIN-13 with one, the UPC-A) inside it: GS1 pads with zeros
  const target = kind === 'upc' ? 12 : kind === 'ean' ? 13 : 14;
  if (digits.length > target && /^0+$/.test(digits.slice(0, digits.length - target)))
    digits = digits.slice(-target);
  const length = paddedLength(digits.length, kind);
  if (length === undefined)
    return {
      ok: false,
      reason: 'invalid',
      detail: `${digits} has ${digits.length} digits, too many for a ${kind}`,
    };
  const padded = digits.padStart(length, '0');
  if (!/[1-9]/.test(padded)) return { ok: false, reason: 'invalid', detail: 'all zeros' };
  if (checkDigit(padded.slice(0, -1)) !== Number(padded.at(-1)))
    return { ok: false, reason: 'invalid', detail: `${padded} has a wrong check digit` };
  return { ok: true, value: padded };
}

function paddedLength(length: number, kind: GtinKind): number | undefined {
  if (kind === 'upc') return length <= 12 ? 12 : undefined;
  if (kind === 'ean') return length <= 8 ? 8 : length <= 13 ? 13 : undefined;
  return GTIN_LENGTHS.find((candidate) => candidate >= length);
}

/** GS1 mod-10: from the right, digits weigh 3, 1, 3, 1 …; the check digit brings the sum to a multiple of 10. */
export function checkDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}
