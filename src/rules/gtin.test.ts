import { describe, expect, it } from 'vitest';
import { gtin14 } from './gtin.ts';

describe('gtin14', () => {
  it.each([
    ['036000291452', '00036000291452'],
    ['4006381333931', '04006381333931'],
    ['96385074', '00000096385074'],
    ['10036000291459', '10036000291459'],
    ['0-36000-29145-2', '00036000291452'],
  ])('%s is %s', (value, expected) => expect(gtin14(value)).toBe(expected));

  it.each(['', '12345', 'ABC000291452', '123456789012345'])('%s is no GTIN', (value) =>
    expect(gtin14(value)).toBeUndefined(),
  );
});
