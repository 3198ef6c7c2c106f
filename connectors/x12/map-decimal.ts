import { Decimal } from 'decimal.js';

/**
 * Exact decimal sums and products for the mapper's per-line totals without a decimal.js object per value.
 *
 * A canonical decimal string ("24", "-4.75") is read as an integer mantissa and a scale (digits after the
 * point). While every mantissa, aligned operand and result stays a safe integer (< 2^53, so at most 16
 * digits), JavaScript number arithmetic on them is exact, and so is decimal.js at its 20-digit precision:
 * both give the same value. Anything else (exponents, long values, an intermediate result over 2^53) falls
 * back to decimal.js, so the output is always what decimal.js would print.
 */

interface Scaled {
  m: number;
  s: number;
}

const CANONICAL = /^-?\d{1,15}(?:\.\d{1,15})?$/;
const POW10 = Array.from({ length: 32 }, (_, i) => 10 ** i);

function scaled(value: string): Scaled | undefined {
  if (!CANONICAL.test(value)) return undefined;
  const point = value.indexOf('.');
  const m = Number(point < 0 ? value : value.slice(0, point) + value.slice(point + 1));
  return Number.isSafeInteger(m) ? { m, s: point < 0 ? 0 : value.length - point - 1 } : undefined;
}

/** a + b at the larger scale, or undefined when an aligned value leaves the safe-integer range. */
function add(a: Scaled, b: Scaled): Scaled | undefined {
  const s = Math.max(a.s, b.s);
  const x = a.m * POW10[s - a.s]!;
  const y = b.m * POW10[s - b.s]!;
  const m = x + y;
  return Number.isSafeInteger(x) && Number.isSafeInteger(y) && Number.isSafeInteger(m) ? { m, s } : undefined;
}

function multiply(a: Scaled, b: Scaled): Scaled | undefined {
  const m = a.m * b.m;
  return Number.isSafeInteger(m) ? { m, s: a.s + b.s } : undefined;
}

/** What decimal.js `toFixed()` prints: plain notation, no trailing fraction zeros, "0" for zero. */
function format({ m, s }: Scaled): string {
  if (m === 0) return '0';
  const digits = String(Math.abs(m)).padStart(s + 1, '0');
  const integer = digits.slice(0, digits.length - s);
  const fraction = digits.slice(digits.length - s).replace(/0+$/, '');
  return `${m < 0 ? '-' : ''}${integer}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Sum of decimal strings, printed as decimal.js `toFixed()` would. */
export function sumDecimals(values: readonly string[]): string {
  let sum: Scaled | undefined = { m: 0, s: 0 };
  for (const value of values) {
    const v = scaled(value);
    sum = v && add(sum, v);
    if (sum === undefined) return values.reduce((d, x) => d.plus(x), new Decimal(0)).toFixed();
  }
  return format(sum);
}

/** Sum of a × b over the pairs, printed as decimal.js `toFixed()` would. */
export function sumProducts(pairs: readonly (readonly [string, string])[]): string {
  let sum: Scaled | undefined = { m: 0, s: 0 };
  for (const [a, b] of pairs) {
    const x = scaled(a);
    const y = scaled(b);
    const product = x && y && multiply(x, y);
    sum = product && add(sum, product);
    if (sum === undefined) {
      return pairs.reduce((d, [p, q]) => d.plus(new Decimal(p).times(q)), new Decimal(0)).toFixed();
    }
  }
  return format(sum);
}

/** Whether two decimal strings denote the same number ("20" and "20.00"). */
export function sameDecimal(a: string, b: string): boolean {
  const x = scaled(a);
  const y = scaled(b);
  if (x && y) {
    const difference = add(x, { m: -y.m, s: y.s });
    if (difference) return difference.m === 0;
  }
  return new Decimal(a).equals(b);
}
