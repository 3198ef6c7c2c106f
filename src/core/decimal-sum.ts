import { Decimal } from 'decimal.js';

/** Digits a double holds exactly whatever they are: 10^15 < 2^53. */
const EXACT_DIGITS = 15;

/**
 * An exact sum of decimal strings (quantities, quantity × price): the totals of a sheet of 100,000 lines, an
 * order's value for the credit and approval rules.
 * A `Decimal` per addition was the cost of those totals, so the sum is kept as a whole number of units of its
 * finest fraction (`12.50` + `3` is 1550 hundredths) in a double for as long as every step stays an exact
 * integer below 2^53; the first step that would not moves it to `Decimal` for good. Either way the result is
 * what `Decimal` gives: exact, without trailing fraction zeros.
 */
export class DecimalSum {
  /** The sum × 10^scale, while it is exact. */
  #units = 0;
  #scale = 0;
  #decimal: Decimal | undefined;

  add(value: string): void {
    if (this.#decimal === undefined && this.#addUnits(value, '1')) return;
    this.#decimal = this.#current().plus(value);
  }

  /** Adds `a × b`. */
  addProduct(a: string, b: string): void {
    if (this.#decimal === undefined && this.#addUnits(a, b)) return;
    this.#decimal = this.#current().plus(new Decimal(a).times(b));
  }

  /** The sum as `Decimal.toFixed()` writes it: `15.5`, `3`, `-0.25`. */
  toFixed(): string {
    return this.#current().toFixed();
  }

  #current(): Decimal {
    return this.#decimal ?? new Decimal(this.#units).dividedBy(10 ** this.#scale);
  }

  /** Adds `a × b` in units when that stays exact; false (nothing added) when it would not. */
  #addUnits(a: string, b: string): boolean {
    const x = units(a);
    const y = units(b);
    if (x === undefined || y === undefined) return false;
    const product = x.units * y.units;
    let scale = x.scale + y.scale;
    let sum = this.#units;
    let term = product;
    if (scale > this.#scale) sum *= 10 ** (scale - this.#scale);
    else if (scale < this.#scale) {
      term *= 10 ** (this.#scale - scale);
      scale = this.#scale;
    }
    const total = sum + term;
    if (!Number.isSafeInteger(product) || !Number.isSafeInteger(sum) || !Number.isSafeInteger(term))
      return false;
    if (!Number.isSafeInteger(total) || scale > EXACT_DIGITS) return false;
    this.#units = total;
    this.#scale = scale;
    return true;
  }
}

/** A decimal string as a whole number of units of its last fraction digit, when a double holds it exactly. */
export function units(value: string): { units: number; scale: number } | undefined {
  // digit by digit, not Number(): no string is cut or joined for each of 100,000 values
  const negative = value.charCodeAt(0) === 45;
  let number = 0;
  let digits = 0;
  let scale = -1;
  for (let i = negative ? 1 : 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 46 && scale < 0) scale = 0;
    else if (code >= 48 && code <= 57) {
      number = number * 10 + (code - 48);
      if (scale >= 0) scale++;
      if (number > 0 && ++digits > EXACT_DIGITS) return undefined;
    } else return undefined;
  }
  if (scale === 0) return undefined;
  return { units: negative ? -number : number, scale: Math.max(scale, 0) };
}
