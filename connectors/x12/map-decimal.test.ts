import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { component } from '../../src/x12/segment.ts';
import { sameDecimal, sumDecimals, sumProducts } from './map-decimal.ts';
import { normalizeDecimal } from './map-values.ts';

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

  it('normalizeDecimal: the canonical-input shortcut agrees with the full rules', () => {
    // the rules as written before the shortcut
    const reference = (value: string) => {
      const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value);
      if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
      const integer = match[2]!.replace(/^0+(?=\d)/, '') || '0';
      const fraction = match[3] ? `.${match[3]}` : '';
      const negative = match[1] === '-' && /[1-9]/.test(integer + fraction);
      return `${negative ? '-' : ''}${integer}${fraction}`;
    };
    fc.assert(
      fc.property(fc.stringMatching(/^[-+0-9.a ]{0,8}$/), (value) => {
        expect(normalizeDecimal(value)).toBe(reference(value));
      }),
    );
  });

  it('component walks to the same component split() finds', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a>:]{0,6}$/),
        fc.constantFrom('', '>', '>:'),
        fc.integer({ min: -1, max: 5 }),
        (value, separator, index) => {
          const segment = { tag: 'X', elements: ['X', value], position: 1, offset: 0 };
          const split = separator === '' ? [value] : value.split(separator);
          expect(component(segment, 1, index, { component: separator })).toBe(split[index - 1] ?? '');
        },
      ),
    );
  });
});
