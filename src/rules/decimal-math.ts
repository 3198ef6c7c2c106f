import { Decimal } from 'decimal.js';
import { units } from '../core/decimal-sum.ts';

/**
 * Lean exact arithmetic on decimal strings for the rules, which run for every line of every order (the rules
 * bench: 250,000 lines at 2,000 orders/s). A `Decimal` per comparison was most of that cost, so the common
 * cases take an exact shortcut and everything else falls back to `Decimal`; every answer is what `Decimal`
 * would give.
 */

/**
 * Longest string whose digits a double holds exactly: at most 15 significant digits (DBL_DIG) survive
 * the trip to a double, and parsing is monotonic, so two such strings compare as their numbers do.
 */
const EXACT_LENGTH = 15;

/**
 * A decimal string as a number when that is exact for comparing (at most 15 characters: see EXACT_LENGTH),
 * else undefined: two such numbers compare as their decimals do.
 */
export function plainNumber(value: string): number | undefined {
  if (value.length > EXACT_LENGTH) return undefined;
  const n = Number(value);
  return Number.isNaN(n) || value === '' ? undefined : n;
}

/** −1, 0 or 1 as `a` is less than, equal to or more than `b` (numerically: `"1.50"` equals `"1.5"`). */
export function compareDecimal(a: string, b: string): number {
  if (a === b) return 0;
  const x = plainNumber(a);
  const y = plainNumber(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  return new Decimal(a).comparedTo(b);
}

/** A whole number below 10^15 (no fraction), as a number; undefined for anything else. */
function smallWhole(value: string): number | undefined {
  if (value.length > EXACT_LENGTH || value.includes('.')) return undefined;
  return plainNumber(value);
}

/** True when `quantity` is a whole multiple of `multiple` (a positive decimal). */
export function isMultipleOf(quantity: string, multiple: string): boolean {
  const q = smallWhole(quantity);
  const m = smallWhole(multiple);
  if (q !== undefined && m !== undefined && m > 0) return q % m === 0;
  return new Decimal(quantity).mod(multiple).isZero();
}

/** The least multiple of `multiple` (a positive decimal) that is at least `quantity`. */
export function nextMultipleUp(quantity: string, multiple: string): string {
  const q = smallWhole(quantity);
  const m = smallWhole(multiple);
  if (q !== undefined && m !== undefined && m > 0) return String(Math.ceil(q / m) * m);
  return new Decimal(quantity).dividedBy(multiple).ceil().times(multiple).toFixed();
}

/** The larger of two decimal strings (the first when equal). */
export function maxDecimal(a: string, b: string): string {
  return compareDecimal(a, b) >= 0 ? a : b;
}

/** `a − b` as a decimal string. */
export function minus(a: string, b: string): string {
  const x = smallWhole(a);
  const y = smallWhole(b);
  if (x !== undefined && y !== undefined) return String(x - y);
  return new Decimal(a).minus(b).toFixed();
}

/** `a + b` as a decimal string. */
export function plus(a: string, b: string): string {
  const x = smallWhole(a);
  const y = smallWhole(b);
  if (x !== undefined && y !== undefined && Number.isSafeInteger(x + y)) return String(x + y);
  return new Decimal(a).plus(b).toFixed();
}

/** True when `a` and `b` differ by more than `tolerance` (a price against ours, a rounding allowance). */
export function differBeyond(a: string, b: string, tolerance: string): boolean {
  if (a === b) return false;
  const x = units(a);
  const y = units(b);
  const t = units(tolerance);
  if (x !== undefined && y !== undefined && t !== undefined) {
    // all three as whole units of the finest fraction among them, when that stays exact
    const scale = Math.max(x.scale, y.scale, t.scale);
    const xs = x.units * 10 ** (scale - x.scale);
    const ys = y.units * 10 ** (scale - y.scale);
    const ts = t.units * 10 ** (scale - t.scale);
    if (
      Number.isSafeInteger(xs) &&
      Number.isSafeInteger(ys) &&
      Number.isSafeInteger(ts) &&
      scale <= EXACT_LENGTH
    )
      return Math.abs(xs - ys) > ts;
  }
  return new Decimal(a).minus(b).abs().greaterThan(tolerance);
}
