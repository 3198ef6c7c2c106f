import { describe, expect, it } from 'vitest';
import { catalogOf, contextOf, line, orderOf, product } from './fixtures/builders.ts';
import { quantityRule } from './quantity.rule.ts';
import type { Product } from './rule.ts';

/** `code expected` of each finding for one line of `quantity` of a product with `terms`. */
function check(terms: Partial<Product>, quantity: string): string[] {
  const catalog = catalogOf([product('A', terms)]);
  const order = orderOf([line('1', quantity, { items: { sku: 'A' } })]);
  return quantityRule(order, contextOf({ catalog })).map((d) => `${d.code} ${d.expected}`);
}

describe('quantity rule', () => {
  it.each<[string, Partial<Product>, string, string[]]>([
    ['no MOQ, no multiple', {}, '7', []],
    ['at the MOQ', { moq: '12' }, '12', []],
    ['below the MOQ', { moq: '12' }, '11', ['quantity.below_moq 12']],
    ['a fractional MOQ', { moq: '2.5' }, '2.25', ['quantity.below_moq 2.5']],
    ['a multiple of the order multiple', { orderMultiple: '6' }, '18', []],
    ['not a multiple: the next one up', { orderMultiple: '6' }, '13', ['quantity.not_multiple 18']],
    ['the pack size when no order multiple', { packSize: '4' }, '10', ['quantity.not_multiple 12']],
    ['the order multiple before the pack size', { orderMultiple: '6', packSize: '4' }, '12', []],
    ['a fractional multiple', { orderMultiple: '0.5' }, '1.25', ['quantity.not_multiple 1.5']],
    [
      'a fractional quantity against a whole multiple',
      { orderMultiple: '2' },
      '3.5',
      ['quantity.not_multiple 4'],
    ],
    ['a zero multiple is none', { orderMultiple: '0' }, '3', []],
    [
      'both: below the MOQ and not a multiple',
      { moq: '12', orderMultiple: '5' },
      '7',
      ['quantity.below_moq 12', 'quantity.not_multiple 10'],
    ],
  ])('%s', (_, terms, quantity, expected) => expect(check(terms, quantity)).toEqual(expected));

  it('names the line, the MOQ and the quantity', () => {
    const catalog = catalogOf([product('A', { moq: '12' })]);
    const [d] = quantityRule(orderOf([line('4', '6', { items: { sku: 'A' } })]), contextOf({ catalog }));
    expect(d).toMatchObject({ severity: 'warning', line: '4', expected: '12', found: '6' });
    expect(d?.message).toMatch(/line 4.*6.*12.*A/);
  });
});
