import { describe, expect, it } from 'vitest';
import {
  attributeProblem,
  delimiterProblem,
  elementAttributes,
  SCAC,
  setProblems,
} from './element-attributes.ts';
import type { Delimiters } from './types.ts';

const DEFAULT: Delimiters = { element: '*', segment: '~', component: '>' };
const problem = (value: string, tag: string, position: number, version: '004010' | '005010' = '004010') =>
  attributeProblem(value, tag, position, elementAttributes(tag, position)!, version);

describe('element attributes', () => {
  it('knows the elements the encoders fill from requests, ID pairs included', () => {
    expect(elementAttributes('BIG', 2)).toMatchObject({ ref: 76, type: 'AN', min: 1, max: 22 });
    expect(elementAttributes('LIN', 2)).toMatchObject({ ref: 235 });
    expect(elementAttributes('LIN', 7)).toMatchObject({ ref: 234, max: 48 });
    expect(elementAttributes('IT1', 5)).toBeUndefined();
    expect(elementAttributes('IT1', 9)).toMatchObject({ ref: 234 });
    expect(elementAttributes('N1', 2)).toBeUndefined();
  });

  it('counts characters for strings and digits for numbers, by the release', () => {
    expect(problem('I'.repeat(22), 'BIG', 2)).toBeUndefined();
    expect(problem('I'.repeat(23), 'BIG', 2)).toBe(
      '23 characters; X12 BIG02 (Invoice Number) allows at most 22',
    );
    // REF-02 grew from 30 to 50 characters
    expect(problem('R'.repeat(40), 'REF', 2)).toMatch(/at most 30$/);
    expect(problem('R'.repeat(40), 'REF', 2, '005010')).toBeUndefined();
    // R: neither the sign nor the decimal point counts
    expect(problem('-12345678.90', 'IT1', 2)).toBeUndefined();
    expect(problem('12345678901', 'IT1', 2)).toBe(
      '11 digits; X12 IT102 (Quantity Invoiced) allows at most 10',
    );
    expect(attributeProblem('X', 'TD5', 3, SCAC, '004010')).toBe(
      '1 character; X12 TD503 (SCAC) needs at least 2',
    );
  });

  it('refuses the wrong form for the type and characters outside the X12 sets', () => {
    expect(problem('1e3', 'SN1', 2)).toBe(
      'is not a decimal number as X12 SN102 (Number of Units Shipped) needs',
    );
    expect(problem('12.50', 'TDS', 1)).toMatch(/^is not a number with two implied/);
    expect(problem('2026031', 'DTM', 2)).toMatch(/^is not a date CCYYMMDD/);
    expect(problem('INV-É', 'BIG', 2)).toBe(
      'holds U+00C9, outside the X12 basic and extended character sets',
    );
    expect(problem('INV\t1', 'BIG', 2)).toMatch(/^holds U\+0009/);
  });

  it("names the partner's delimiter a value holds", () => {
    const custom: Delimiters = { element: '|', segment: '!', component: '^', repetition: '{' };
    expect(delimiterProblem('A*B~C>', custom)).toBeUndefined();
    expect(delimiterProblem('A!B', custom)).toBe(`holds "!", the partner's segment terminator`);
    expect(delimiterProblem('A{B', custom)).toBe(`holds "{", the partner's repetition separator`);
    expect(delimiterProblem('A|B', custom)).toBe(`holds "|", the partner's element separator`);
  });

  it('finds what a set cannot carry: delimiters anywhere, attributes outside free text', () => {
    const problems = setProblems(
      [
        ['BIG', '20260305', 'INV*1', '20260301', 'PO-1'],
        ['REF', 'CN', 'T'.repeat(31)],
        ['N1', 'ST', 'N'.repeat(70)],
        ['SAC', 'C', 'D240', '', '', '125', ...Array<string>(9).fill(''), 'D'.repeat(90)],
      ],
      '004010',
      DEFAULT,
    );
    expect(problems).toEqual([
      {
        element: 'BIG02',
        code: 'x12.writer.delimiter_in_data',
        message: 'BIG02 "INV*1" contains the delimiter "*"',
      },
      {
        element: 'REF02',
        code: 'outbound.element_invalid',
        message: 'REF02: 31 characters; X12 REF02 (Reference Identification) allows at most 30',
      },
    ]);
  });
});
