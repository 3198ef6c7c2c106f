import { describe, expect, it } from 'vitest';
import { catalogOf, contextOf, line, orderOf, product } from './fixtures/builders.ts';
import { itemDiscontinuedRule } from './item-discontinued.rule.ts';

const catalog = catalogOf([
  product('OLD', { status: 'discontinued', substitutes: ['NEW', 'ALSO-OLD', 'MISSING'] }),
  product('ALSO-OLD', { status: 'discontinued' }),
  product('NEW'),
  product('LONELY', { status: 'discontinued' }),
]);

describe('item-discontinued rule (item.discontinued)', () => {
  it.each<[string, string, string[] | undefined]>([
    ['an active product', 'NEW', undefined],
    ['a discontinued product proposes its active substitutes only', 'OLD', ['NEW']],
    ['a discontinued product without substitutes proposes none', 'LONELY', []],
    ['an unknown item is not this rule’s', 'NOPE', undefined],
  ])('%s', (_, sku, proposed) => {
    const found = itemDiscontinuedRule(orderOf([line('3', '5', { items: { sku } })]), contextOf({ catalog }));
    if (proposed === undefined) expect(found).toEqual([]);
    else
      expect(found).toEqual([
        expect.objectContaining({ code: 'item.discontinued', line: '3', found: sku, proposed }),
      ]);
  });
});
