import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalSum } from '../core/decimal-sum.ts';
import { compareDecimal, differBeyond, isMultipleOf, minus, nextMultipleUp, plus } from './decimal-math.ts';

/** Decimal strings as the model writes them, short and long (beyond a double's 15 digits). */
const decimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }))
  .map(([units, scale]) => new Decimal(units.toString()).dividedBy(10 ** scale).toFixed());
const positive = decimal.filter((d) => new Decimal(d).gt(0));

describe('decimal-math agrees with Decimal', () => {
  it('compareDecimal', () =>
    fc.assert(
      fc.property(decimal, decimal, (a, b) => compareDecimal(a, b) === new Decimal(a).comparedTo(b)),
    ));

  it('compareDecimal of equal values written otherwise', () => {
    expect(compareDecimal('1.50', '1.5')).toBe(0);
    expect(compareDecimal('-2', '1')).toBe(-1);
    expect(compareDecimal('12345678901234567890', '12345678901234567891')).toBe(-1);
  });

  it('isMultipleOf and nextMultipleUp', () =>
    fc.assert(
      fc.property(decimal, positive, (q, m) => {
        const next = new Decimal(q).dividedBy(m).ceil().times(m);
        expect(isMultipleOf(q, m)).toBe(new Decimal(q).mod(m).isZero());
        expect(nextMultipleUp(q, m)).toBe(next.toFixed());
      }),
    ));

  it('plus and minus', () =>
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(plus(a, b)).toBe(new Decimal(a).plus(b).toFixed());
        expect(minus(a, b)).toBe(new Decimal(a).minus(b).toFixed());
      }),
    ));

  it('differBeyond', () => {
    expect(differBeyond('4.75', '4.750', '0')).toBe(false);
    expect(differBeyond('4.755', '4.75', '0.005')).toBe(false);
    expect(differBeyond('4.7551', '4.75', '0.005')).toBe(true);
    expect(differBeyond('4.7449', '4.75', '0.005')).toBe(true);
  });

  it('DecimalSum of products (the order value)', () =>
    fc.assert(
      fc.property(fc.array(fc.tuple(decimal, decimal), { maxLength: 30 }), (terms) => {
        const sum = new DecimalSum();
        let exact = new Decimal(0);
        for (const [a, b] of terms) {
          sum.addProduct(a, b);
          exact = exact.plus(new Decimal(a).times(b));
        }
        expect(sum.toFixed()).toBe(exact.toFixed());
      }),
    ));
});

describe('differBeyond agrees with Decimal', () => {
  it('for any two values and tolerance', () =>
    fc.assert(
      fc.property(decimal, decimal, decimal, (a, b, t) => {
        expect(differBeyond(a, b, t)).toBe(new Decimal(a).minus(b).abs().greaterThan(t));
      }),
    ));
});
