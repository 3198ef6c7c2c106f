import { z } from 'zod';

/**
 * A decimal number written as a string ("4.75", "-12", "0.0001"). Money and quantities are never floats:
 * binary floating point cannot represent 0.1, and a partner's total must match to the cent.
 */
export const DecimalString = z
  .string()
  .regex(
    /^-?(0|[1-9]\d*)(\.\d+)?$/,
    'must be a decimal string such as "4.75" (no exponent, no leading zeros)',
  );
export type DecimalString = z.infer<typeof DecimalString>;

/** A non-negative decimal string: ordered, shipped and invoiced quantities. */
export const QuantityString = z
  .string()
  .regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'must be a non-negative decimal string such as "24" or "1.5"');
export type QuantityString = z.infer<typeof QuantityString>;

function isRealCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealCalendarDate, 'is not a real calendar date');
export type DateString = z.infer<typeof DateString>;

/** ISO 4217 alphabetic currency code. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"');

/** A non-empty string with surrounding blanks removed. */
export const Text = z.string().trim().min(1);
