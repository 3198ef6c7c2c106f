import { describe, expect, it } from 'vitest';
import { decimalOfNumber, orJsonNumber, QuantityString, Text } from './primitives.ts';

describe('JSON numbers where decimal strings are expected', () => {
  it('writes a number as the shortest decimal it stands for, without exponent', () => {
    expect(decimalOfNumber(1)).toBe('1');
    expect(decimalOfNumber(0.1)).toBe('0.1');
    expect(decimalOfNumber(-0)).toBe('0');
    expect(decimalOfNumber(-12.5)).toBe('-12.5');
    expect(decimalOfNumber(1e-7)).toBe('0.0000001');
    expect(decimalOfNumber(-2.5e-8)).toBe('-0.000000025');
    expect(decimalOfNumber(123456789012.345)).toBe('123456789012.345');
    expect(decimalOfNumber(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
  });

  it('refuses numbers that may not be the decimal the client wrote', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -(2 ** 53), 1e21, 0.1 + 0.2])
      expect(decimalOfNumber(value)).toBeUndefined();
    // 16 significant digits in a fraction: 1234567890123.4567 would read the same
    expect(decimalOfNumber(1234567890123.456)).toBeUndefined();
  });

  it('takes either a string or a number, checks both as the string, and keeps the string', () => {
    const quantity = orJsonNumber(QuantityString);
    expect(quantity.parse(5)).toBe('5');
    expect(quantity.parse('5')).toBe('5');
    expect(quantity.parse(0.25)).toBe('0.25');
    expect(orJsonNumber(Text).parse(7)).toBe('7');
    const negative = quantity.safeParse(-1);
    expect(negative.error?.issues.map((i) => i.message)).toEqual([
      'must be a non-negative decimal string such as "24" or "1.5"',
    ]);
    expect(quantity.safeParse('1e3').error?.issues.map((i) => i.message)).toEqual([
      'must be a non-negative decimal string such as "24" or "1.5"',
    ]);
    expect(quantity.safeParse(2 ** 60).error?.issues[0]?.message).toMatch(/send it as a string/);
    expect(quantity.safeParse(true).success).toBe(false);
  });
});
