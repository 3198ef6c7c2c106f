import { describe, expect, it } from 'vitest';
import { PartnerIdentifier } from './partner.ts';

const issues = (input: object) => {
  const parsed = PartnerIdentifier.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('partner identifiers', () => {
  it('bounds an X12 ID as ISA06/ISA08 do: 15 characters, a two-character ISA05/ISA07 qualifier', () => {
    expect(issues({ type: 'x12', qualifier: 'ZZ', value: 'ABCDEFGHIJKLMNO' })).toEqual([]);
    expect(issues({ type: 'x12', value: '4405197800' })).toEqual([]);
    expect(issues({ type: 'x12', qualifier: '12', value: 'ACME FOODS-01' })).toEqual([]);
    expect(issues({ type: 'x12', qualifier: 'ZZ', value: 'ABCDEFGHIJKLMNOP' })).toEqual(['value']);
    expect(issues({ type: 'x12', qualifier: 'ZZZ', value: 'ACME' })).toEqual(['qualifier']);
    expect(issues({ type: 'x12', qualifier: 'Z', value: 'ACME' })).toEqual(['qualifier']);
  });

  it('refuses an X12 ID holding a delimiter or a character outside the X12 character sets', () => {
    for (const value of ['ACME*01', 'ACME~', 'AC:ME', 'AC>ME', 'AC^ME', 'AC|ME', 'ACMÉ', 'AC\tME'])
      expect(issues({ type: 'x12', qualifier: 'ZZ', value }), value).toEqual(['value']);
  });

  it('keeps the bounds of other identifier types', () => {
    const email = `${'a'.repeat(240)}@example.com`;
    expect(issues({ type: 'email', value: email })).toEqual([]);
    expect(issues({ type: 'as2', qualifier: 'ABCD', value: 'Harbor Pine AS2 * station' })).toEqual([]);
    expect(issues({ type: 'email', value: `${email}x`.padEnd(255, 'x') })).toEqual(['value']);
  });
});
