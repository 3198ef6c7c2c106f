import { z } from 'zod';

/** What {@link DecimalString} accepts; shared with the hand-written order check (src/core/order-check.ts). */
export const DECIMAL_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?$/;
/** What {@link QuantityString} accepts. */
export const QUANTITY_PATTERN = /^(0|[1-9]\d*)(\.\d+)?$/;
/** The shape {@link DateString} accepts before its calendar check. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A decimal number written as a string ("4.75", "-12", "0.0001"). Money and quantities are never floats:
 * binary floating point cannot represent 0.1, and a partner's total must match to the cent.
 */
export const DecimalString = z
  .string()
  .regex(DECIMAL_PATTERN, 'must be a decimal string such as "4.75" (no exponent, no leading zeros)');
export type DecimalString = z.infer<typeof DecimalString>;

/** A non-negative decimal string: ordered, shipped and invoiced quantities. */
export const QuantityString = z
  .string()
  .regex(QUANTITY_PATTERN, 'must be a non-negative decimal string such as "24" or "1.5"');
export type QuantityString = z.infer<typeof QuantityString>;

/** Whether a `YYYY-MM-DD` string names a day that exists (no 2026-02-30). */
export function isRealCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const DateString = z
  .string()
  .regex(DATE_PATTERN, 'must be a date YYYY-MM-DD')
  .refine(isRealCalendarDate, 'is not a real calendar date');
export type DateString = z.infer<typeof DateString>;

/** What {@link CurrencyCode} accepts. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** ISO 4217 alphabetic currency code. */
export const CurrencyCode = z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"');

/** A non-empty string with surrounding blanks removed. */
export const Text = z.string().trim().min(1);

/**
 * Significant digits a fractional JSON number may have to be taken as the decimal it was written as: any
 * decimal of at most 15 significant digits (DBL_DIG) survives the trip through a binary double and back, so
 * the shortest form of such a number is what the client wrote; a longer one may have been rounded on the way.
 */
const EXACT_DIGITS = 15;

/**
 * The decimal a JSON number stands for, written out without exponent ("1e-7" → "0.0000001"), or undefined
 * when that may not be the decimal the client wrote: not finite, an integer of 2^53 or more (where doubles no
 * longer tell neighbouring integers apart), or a fraction whose shortest form needs more than 15 digits.
 */
export function decimalOfNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value)) return Number.isSafeInteger(value) ? String(value) : undefined;
  // JavaScript's shortest round-trip form; an exponent only below 1e-6 (larger fractions are under 2^53)
  const [mantissa, exponent] = String(value).split('e') as [string, string?];
  const digits = mantissa.replace(/[-.]/g, '').replace(/^0+/, '');
  if (digits.length > EXACT_DIGITS) return undefined;
  if (exponent === undefined) return mantissa;
  // "d.ddde-n": n - 1 zeros after the point, then the digits
  const sign = value < 0 ? '-' : '';
  return `${sign}0.${'0'.repeat(-Number(exponent) - 1)}${digits}`;
}

/**
 * `schema` (a decimal-string or text schema), also taking a JSON number: clients send `1` where a decimal
 * string `"1"` is expected. The number becomes the decimal string it stands for (see {@link decimalOfNumber})
 * and is then checked like a string, so the canonical model keeps strings (DESIGN §4).
 */
export function orJsonNumber<T extends z.ZodType<string, string>>(schema: T) {
  const number = z
    .number()
    .describe('a JSON number, taken as the decimal string it stands for (at most 15 significant digits)');
  return z
    .union([schema, number])
    .transform((value, ctx) => {
      if (typeof value === 'string') return value;
      const text = decimalOfNumber(value);
      if (text !== undefined) return text;
      ctx.addIssue({
        code: 'custom',
        message: `${value} may not be the number sent (more than ${EXACT_DIGITS} significant digits, or 2^53 or more): send it as a string`,
      });
      return z.NEVER;
    })
    .pipe(schema);
}
