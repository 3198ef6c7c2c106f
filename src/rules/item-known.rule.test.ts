import { describe, expect, it } from 'vitest';
import type { ItemIds } from '../core/order.ts';
import { catalogOf, codesOf, contextOf, line, orderOf, product } from './fixtures/builders.ts';
import { itemKnownRule } from './item-known.rule.ts';

const catalog = catalogOf([product('A', { gtin: '00036000291452' })], { buyerItems: { 'HP-1': 'A' } });

describe('item-known rule (item.unknown)', () => {
  it.each<[string, ItemIds, string[]]>([
    ['our SKU', { sku: 'A' }, []],
    ['our GTIN', { upc: '036000291452' }, []],
    ['a cross-reference', { buyerItem: 'HP-1' }, []],
    ['an unknown buyer item', { buyerItem: 'HP-2' }, ['1:item.unknown']],
    ['an unknown UPC', { upc: '012345678905' }, ['1:item.unknown']],
  ])('%s', (_, items, codes) => {
    const found = itemKnownRule(orderOf([line('1', '1', { items })]), contextOf({ catalog }));
    expect(codesOf(found)).toEqual(codes);
  });

  it('names the line and what it sent', () => {
    const [d] = itemKnownRule(
      orderOf([line('7', '1', { items: { buyerItem: 'X9', upc: '012345678905' } })]),
      contextOf({ catalog }),
    );
    expect(d).toMatchObject({ severity: 'warning', line: '7', found: 'buyer item X9, UPC 012345678905' });
    expect(d?.message).toContain('line 7');
  });

  it.each([
    [
      'no products configured',
      contextOf({ catalog: catalogOf([]) }),
      orderOf([line('1', '1', { items: { sku: 'Z' } })]),
    ],
    [
      'a cancellation',
      contextOf({ catalog }),
      orderOf([line('1', '1', { items: { sku: 'Z' } })], { purpose: 'cancel' }),
    ],
    [
      'a confirmation',
      contextOf({ catalog }),
      orderOf([line('1', '1', { items: { sku: 'Z' } })], { purpose: 'confirmation' }),
    ],
  ])('silent for %s', (_, context, order) => expect(itemKnownRule(order, context)).toEqual([]));

  it('checks a replacement order', () => {
    const order = orderOf([line('1', '1', { items: { sku: 'Z' } })], { purpose: 'replace' });
    expect(codesOf(itemKnownRule(order, contextOf({ catalog })))).toEqual(['1:item.unknown']);
  });
});
