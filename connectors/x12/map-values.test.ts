import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalString } from '../../src/core/primitives.ts';
import { normalizeDecimal, sameDecimal, sumDecimals, x12DateToIso } from './map-values.ts';

describe('x12DateToIso', () => {
  it.each([
    ['20260115', '2026-01-15'],
    ['20240229', '2024-02-29'],
    ['070629', '2007-06-29'],
    ['491231', '2049-12-31'],
    ['500101', '1950-01-01'],
    ['000229', '2000-02-29'],
  ])('reads %s as %s', (value, iso) => {
    expect(x12DateToIso(value)).toBe(iso);
  });

  it.each(['20250229', '20261301', '2026011', '2026-01-15', '260230', ''])('rejects %j', (value) => {
    expect(x12DateToIso(value)).toBeUndefined();
  });
});

describe('normalizeDecimal', () => {
  it.each([
    ['0008', '8'],
    ['400', '400'],
    ['0400.50', '400.50'],
    ['.5', '0.5'],
    ['125.', '125'],
    ['-0012.30', '-12.30'],
    ['-0.00', '0.00'],
    ['+7', '7'],
    ['0000000.00', '0.00'],
  ])('writes %s as %s', (value, expected) => {
    expect(normalizeDecimal(value)).toBe(expected);
  });

  it.each(['', '.', '-', '1O', '1e5', '1,000', '1.2.3'])('rejects %j', (value) => {
    expect(normalizeDecimal(value)).toBeUndefined();
  });

  it('keeps the value and always yields a canonical DecimalString', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 });
    const x12Number = fc
      .tuple(fc.constantFrom('', '-'), digits, fc.option(digits, { nil: undefined }))
      .filter(([, integer, fraction]) => integer !== '' || (fraction ?? '') !== '')
      .map(([sign, integer, fraction]) => `${sign}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(x12Number, (value) => {
        const normalized = normalizeDecimal(value);
        expect(normalized).toBeDefined();
        expect(DecimalString.safeParse(normalized).success).toBe(true);
        expect(new Decimal(normalized!).equals(new Decimal(value.endsWith('.') ? `${value}0` : value))).toBe(
          true,
        );
      }),
    );
  });
});

describe('decimal arithmetic', () => {
  it('sums without binary floating point error and compares by value', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals([])).toBe('0');
    expect(sameDecimal('20', '20.00')).toBe(true);
    expect(sameDecimal('20', '20.01')).toBe(false);
  });
});
