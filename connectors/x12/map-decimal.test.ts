import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameDecimal, sumDecimals, sumProducts } from './map-decimal.ts';

// The fast paths must print exactly what decimal.js prints, including where they fall back to it.
const decimalString = fc
  .oneof(
    fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,18}$/), fc.option(fc.stringMatching(/^\d{1,18}$/))),
    fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,4}$/), fc.option(fc.stringMatching(/^\d{1,3}$/))),
  )
  .map(
    ([negative, integer, fraction]) =>
      `${negative ? '-' : ''}${integer}${fraction === null ? '' : `.${fraction}`}`,
  );

const slowSum = (values: string[]) => values.reduce((d, v) => d.plus(v), new Decimal(0)).toFixed();

describe('map-decimal fast paths', () => {
  it('sums like decimal.js', () => {
    fc.assert(
      fc.property(fc.array(decimalString), (values) => {
        expect(sumDecimals(values)).toBe(slowSum(values));
      }),
    );
    expect(sumDecimals(['1.50', '2.50'])).toBe('4');
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['9007199254740991', '1'])).toBe('9007199254740992');
    expect(sumDecimals(['1e3'])).toBe('1000');
    expect(sumDecimals([])).toBe('0');
  });

  it('sums products like decimal.js', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimalString, decimalString)), (pairs) => {
        expect(sumProducts(pairs)).toBe(
          pairs.reduce((d, [a, b]) => d.plus(new Decimal(a).times(b)), new Decimal(0)).toFixed(),
        );
      }),
    );
    expect(sumProducts([['0', '-1.5']])).toBe('0');
    expect(sumProducts([['24', '4.75']])).toBe('114');
  });

  it('compares like decimal.js', () => {
    fc.assert(
      fc.property(decimalString, decimalString, (a, b) => {
        expect(sameDecimal(a, b)).toBe(new Decimal(a).equals(b));
      }),
    );
    expect(sameDecimal('20', '20.00')).toBe(true);
    expect(sameDecimal('-0', '0')).toBe(true);
  });
});
