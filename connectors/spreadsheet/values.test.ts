import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalSum } from '../../src/core/decimal-sum.ts';
import { excelSerial, parseDate } from './values-date.ts';
import { checkDigit, parseGtin } from './values-item.ts';
import { parseNumber } from './values-number.ts';
import { normalizeUnit, unitNeedsWholeNumbers } from './values-unit.ts';

describe('parseNumber', () => {
  it.each([
    ['1.234,50', undefined, '1234.50'],
    ['1,234.50', undefined, '1234.50'],
    ['1 234,50', undefined, '1234.50'],
    ['1\u00A0234,50', undefined, '1234.50'],
    ['1\u202F234,50', undefined, '1234.50'],
    ["1'234.50", undefined, '1234.50'],
    ['1,234,567', undefined, '1234567'],
    ['12,5', undefined, '12.5'],
    ['0,125', undefined, '0.125'],
    ['1234,567', undefined, '1234.567'],
    ['.5', undefined, '0.5'],
    ['-3', undefined, '-3'],
    ['\u22123,50', undefined, '-3.50'],
    ['007', undefined, '7'],
    ['1,234', ',', '1.234'],
    ['1,234', '.', '1234'],
    ['1.234', ',', '1234'],
    ['1.234', '.', '1.234'],
  ] as const)('%s (decimal %s) is %s', (text, decimal, value) => {
    expect(parseNumber(text, decimal)).toEqual({ ok: true, value });
  });

  it('does not guess 1,234 or 1.234 without a locale', () => {
    expect(parseNumber('1,234')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseNumber('1.234')).toEqual({ ok: false, reason: 'ambiguous' });
  });

  it.each(['12 34', '1,23,456', '1.234,567.8', '1,2.3,4', 'abc', '12a', '--3', '1e5', '€ 3 €'])(
    'refuses %s',
    (text) => {
      expect(parseNumber(text, '.')).toEqual({ ok: false, reason: 'invalid' });
    },
  );

  it('strips currency marks and notes the currencies they can mean', () => {
    expect(parseNumber('€ 12,50')).toEqual({ ok: true, value: '12.50', currencies: ['EUR'] });
    expect(parseNumber('12.50 EUR')).toEqual({ ok: true, value: '12.50', currencies: ['EUR'] });
    expect(parseNumber('CHF 1’234.50')).toEqual({ ok: true, value: '1234.50', currencies: ['CHF'] });
    expect(parseNumber('99 kr')).toMatchObject({
      ok: true,
      value: '99',
      currencies: ['SEK', 'NOK', 'DKK', 'ISK'],
    });
    expect(parseNumber('$4.75')).toMatchObject({ ok: true, value: '4.75' });
    expect(parseNumber('$4.75')).toMatchObject({ currencies: expect.arrayContaining(['USD', 'CAD']) });
  });

  it('takes number cells as Excel shows them, to 15 significant digits', () => {
    expect(parseNumber(4.75)).toEqual({ ok: true, value: '4.75' });
    expect(parseNumber(0.1 + 0.2)).toEqual({ ok: true, value: '0.3' });
    expect(parseNumber(24)).toEqual({ ok: true, value: '24' });
    expect(parseNumber(Number.NaN)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseNumber(null)).toEqual({ ok: false, reason: 'empty' });
    expect(parseNumber('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseNumber(true)).toEqual({ ok: false, reason: 'invalid' });
  });

  const styles = [
    { decimal: ',', group: '.' },
    { decimal: ',', group: ' ' },
    { decimal: ',', group: '\u00A0' },
    { decimal: '.', group: ',' },
    { decimal: '.', group: "'" },
    { decimal: '.', group: '' },
    { decimal: ',', group: '' },
  ] as const;

  it('reads back any decimal written in any style with its locale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }),
        fc.constantFrom(...styles),
        (whole, fraction, style) => {
          const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
          const text = fraction === undefined ? grouped : `${grouped}${style.decimal}${fraction}`;
          const expected = fraction === undefined ? whole.toString() : `${whole}.${fraction}`;
          expect(parseNumber(text, style.decimal)).toEqual({ ok: true, value: expected });
        },
      ),
    );
  });

  it('never reads an ambiguous text differently from what one of the two locales says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(',', '.'),
        (a, b, mark) => {
          const text = `${a}${mark}${String(b).padStart(3, '0')}`;
          expect(parseNumber(text)).toEqual({ ok: false, reason: 'ambiguous' });
          const asThousands = parseNumber(text, mark === ',' ? '.' : ',');
          const asDecimal = parseNumber(text, mark);
          expect(asThousands).toEqual({ ok: true, value: String(a * 1000 + b) });
          expect(asDecimal).toMatchObject({ ok: true, value: `${a}.${String(b).padStart(3, '0')}` });
        },
      ),
    );
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-12-03', undefined, '2026-12-03'],
    ['2026/12/3', undefined, '2026-12-03'],
    ['2026-12-03T00:00:00Z', undefined, '2026-12-03'],
    ['20261203', undefined, '2026-12-03'],
    ['03.12.2026', undefined, '2026-12-03'],
    ['03.12.2026', 'mdy', '2026-12-03'],
    ['3.12.26', undefined, '2026-12-03'],
    ['03/12/2026', 'dmy', '2026-12-03'],
    ['12/03/2026', 'mdy', '2026-12-03'],
    ['25/12/2026', undefined, '2026-12-25'],
    ['12/25/2026', undefined, '2026-12-25'],
    ['05/05/2026', undefined, '2026-05-05'],
    ['03-12-2026', 'dmy', '2026-12-03'],
  ] as const)('%s (order %s) is %s', (text, order, value) => {
    expect(parseDate(text, order)).toEqual({ ok: true, value });
  });

  it('does not guess a date whose day and month could swap', () => {
    expect(parseDate('03/04/2026')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseDate('03/04/2026', 'ymd')).toEqual({ ok: false, reason: 'ambiguous' });
  });

  it.each([
    ['2026-02-30', undefined],
    ['31.04.2026', undefined],
    ['25/12/2026', 'mdy'],
    ['13/13/2026', undefined],
    ['next week', undefined],
    ['2026-12', undefined],
  ] as const)('refuses %s (order %s)', (text, order) => {
    expect(parseDate(text, order)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reads date cells and Excel serials of the 1900 system', () => {
    expect(parseDate(new Date(Date.UTC(2026, 11, 3)))).toEqual({ ok: true, value: '2026-12-03' });
    expect(parseDate(46359)).toEqual({ ok: true, value: '2026-12-03' });
    expect(parseDate(46359.75)).toEqual({ ok: true, value: '2026-12-03' });
    expect(excelSerial(1)).toEqual({ ok: true, value: '1900-01-01' });
    expect(excelSerial(59)).toEqual({ ok: true, value: '1900-02-28' });
    // serial 60 is Lotus's 1900-02-29, a day that never was
    expect(excelSerial(60)).toEqual({ ok: false, reason: 'invalid' });
    expect(excelSerial(61)).toEqual({ ok: true, value: '1900-03-01' });
    expect(excelSerial(2958465)).toEqual({ ok: true, value: '9999-12-31' });
    expect(excelSerial(0)).toEqual({ ok: false, reason: 'invalid' });
    expect(parseDate(null)).toEqual({ ok: false, reason: 'empty' });
  });

  it('reads back every day written in each format', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-') as [string, string, string];
          expect(parseDate(`${d}.${m}.${y}`)).toEqual({ ok: true, value: iso });
          expect(parseDate(`${d}/${m}/${y}`, 'dmy')).toEqual({ ok: true, value: iso });
          expect(parseDate(`${m}/${d}/${y}`, 'mdy')).toEqual({ ok: true, value: iso });
          expect(parseDate(iso)).toEqual({ ok: true, value: iso });
          const serial = Math.round((Date.UTC(+y, +m - 1, +d) - Date.UTC(1899, 11, 30)) / 86_400_000);
          expect(parseDate(serial)).toEqual({ ok: true, value: iso });
        },
      ),
    );
  });
});

describe('parseGtin', () => {
  it('keeps leading zeros and pads number cells to the length their kind says', () => {
    expect(parseGtin('4006381333931')).toEqual({ ok: true, value: '4006381333931' });
    expect(parseGtin('036000291452', 'upc')).toEqual({ ok: true, value: '036000291452' });
    expect(parseGtin(36000291452, 'upc')).toEqual({ ok: true, value: '036000291452' });
    expect(parseGtin(36000291452, 'ean')).toEqual({ ok: true, value: '0036000291452' });
    expect(parseGtin(36000291452)).toEqual({ ok: true, value: '036000291452' });
    expect(parseGtin('96385074', 'ean')).toEqual({ ok: true, value: '96385074' });
    expect(parseGtin('4 006381 333931')).toEqual({ ok: true, value: '4006381333931' });
    expect(parseGtin('10036000291459')).toEqual({ ok: true, value: '10036000291459' });
  });

  it('refuses wrong check digits, scientific notation, letters and too many digits', () => {
    expect(parseGtin('4006381333932')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(parseGtin('4.00638E+12')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/scientific/),
    });
    expect(parseGtin('ABC123')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(parseGtin('4006381333931', 'upc')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(parseGtin('123456789012345')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(parseGtin('00000000')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(parseGtin(1.5)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(parseGtin('')).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('accepts exactly the numbers whose last digit is the GS1 check digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 9 }), (body, last) => {
        const result = parseGtin(`${body}${last}`, 'ean');
        expect(result.ok).toBe(last === checkDigit(body) && /[1-9]/.test(body + last));
      }),
    );
  });
});

describe('units', () => {
  it('names units by their codes and knows which take fractions', () => {
    expect(normalizeUnit('Stück')).toBe('EA');
    expect(normalizeUnit('Karton')).toBe('CS');
    expect(normalizeUnit('pièce')).toBe('EA');
    expect(normalizeUnit('kg')).toBe('KG');
    expect(normalizeUnit('dz')).toBe('DZ');
    expect(unitNeedsWholeNumbers('EA')).toBe(true);
    expect(unitNeedsWholeNumbers('CS')).toBe(true);
    expect(unitNeedsWholeNumbers('KG')).toBe(false);
    expect(unitNeedsWholeNumbers('L')).toBe(false);
  });
});

describe('DecimalSum', () => {
  const decimalSum = (values: readonly string[]) =>
    values.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed();

  it.each([
    [['1', '2.5', '0.05']],
    [['-3', '3']],
    [['0.1', '0.2']],
    [['12.50', '3']],
    [['0012', '0.000']],
    [['123456789012.345', '987654321.0001']],
    // past what a double holds exactly: the rest is added as a Decimal
    [['999999999999999', '1']],
    [['9007199254740993', '1']],
    [['0.0000000000000001', '1']],
  ])('adds %j as Decimal does', (values) => {
    const sum = new DecimalSum();
    for (const value of values) sum.add(value);
    expect(sum.toFixed()).toBe(decimalSum(values));
  });

  it('adds products exactly, also once they leave the fast path', () => {
    const pairs = [
      ['3', '12.99'],
      ['2.5', '0.333'],
      ['100000000', '99999999.99'],
      ['1', '-0.5'],
    ] as const;
    const sum = new DecimalSum();
    for (const [a, b] of pairs) sum.addProduct(a, b);
    expect(sum.toFixed()).toBe(
      pairs.reduce((total, [a, b]) => total.plus(new Decimal(a).times(b)), new Decimal(0)).toFixed(),
    );
  });
});

describe('parseNumber fast path', () => {
  it.each([
    ['12', '12'],
    ['007', '7'],
    ['0', '0'],
    ['00.5', '0.5'],
    ['9.50', '9.50'],
    ['1234.567', '1234.567'],
    ['0.000', '0.000'],
  ])('reads %s as %s', (text, value) => {
    expect(parseNumber(text)).toEqual({ ok: true, value });
  });

  it('leaves a possible thousands mark to the full reading', () => {
    expect(parseNumber('1.234')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseNumber('1.234', '.')).toEqual({ ok: true, value: '1.234' });
    expect(parseNumber('1.234', ',')).toEqual({ ok: true, value: '1234' });
    expect(parseNumber('12.')).toEqual({ ok: false, reason: 'invalid' });
    expect(parseNumber('.5')).toEqual({ ok: true, value: '0.5' });
  });

  it('reads whole number cells as they are, and a 16-digit one as Excel shows it', () => {
    expect(parseNumber(-0)).toEqual({ ok: true, value: '0' });
    expect(parseNumber(42)).toEqual({ ok: true, value: '42' });
    expect(parseNumber(1234567890123456)).toEqual({ ok: true, value: '1234567890123460' });
  });
});
