import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../core/order.ts';
import { catalogOf, contextOf, line, orderOf, product } from './fixtures/builders.ts';
import { inventoryRule } from './inventory.rule.ts';

const catalog = catalogOf([product('A'), product('B')]);
const a = (n: string, quantity: string) => line(n, quantity, { items: { sku: 'A' } });
const b = (n: string, quantity: string) => line(n, quantity, { items: { sku: 'B' } });

/** `line expected` of each finding. */
function check(lines: OrderLine[], available: Record<string, string> | undefined): string[] {
  const context = contextOf({ catalog, available: available && new Map(Object.entries(available)) });
  return inventoryRule(orderOf(lines), context).map((d) => `${d.line} ${d.expected}`);
}

describe('inventory rule (inventory.short)', () => {
  it.each<[string, OrderLine[], Record<string, string> | undefined, string[]]>([
    ['no inventory kept: silent', [a('1', '1000')], undefined, []],
    ['enough', [a('1', '10')], { A: '10' }, []],
    ['short: the available quantity expected', [a('1', '11')], { A: '10' }, ['1 10']],
    ['a SKU the inventory lacks has none', [b('1', '1')], { A: '10' }, ['1 0']],
    [
      'lines of one SKU share what is available, in line order',
      [a('1', '6'), a('2', '6')],
      { A: '10' },
      ['2 4'],
    ],
    ['a later line after the stock is gone', [a('1', '12'), a('2', '1')], { A: '10' }, ['1 10', '2 0']],
    ['other SKUs have their own stock', [a('1', '6'), b('2', '6')], { A: '6', B: '6' }, []],
    ['fractional quantities', [a('1', '2.5'), a('2', '2.5')], { A: '4.75' }, ['2 2.25']],
    ['an unknown item is not this rule’s', [line('1', '5', { items: { sku: 'NOPE' } })], { A: '1' }, []],
  ])('%s', (_, lines, available, expected) => expect(check(lines, available)).toEqual(expected));

  it('says what was ordered and what is available', () => {
    const [d] = inventoryRule(
      orderOf([a('3', '500')]),
      contextOf({ catalog, available: new Map([['A', '200']]) }),
    );
    expect(d).toMatchObject({
      severity: 'warning',
      code: 'inventory.short',
      line: '3',
      expected: '200',
      found: '500',
    });
  });
});
