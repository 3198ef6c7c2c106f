import { describe, expect, it } from 'vitest';
import { creditRule } from './credit.rule.ts';
import {
  catalogOf,
  contextOf,
  line,
  orderOf,
  priceList,
  product,
  settingsOf,
  tiers,
} from './fixtures/builders.ts';

const catalog = catalogOf([product('A')]);
const lists = [priceList('L', { A: tiers(['1', '2.50']) })];
// 10 × 4.00 (the buyer's price) + 4 × 2.50 (ours: no buyer price) = 50
const order = orderOf([
  line('1', '10', { items: { sku: 'A' }, unitPrice: '4.00' }),
  line('2', '4', { items: { sku: 'A' } }),
]);

describe('credit rule (credit.limit_exceeded)', () => {
  it.each<[string, string | undefined, string, string[]]>([
    ['no limit set: silent', undefined, '1000000', []],
    ['within the limit', '1000', '900', []],
    ['exactly at the limit', '1000', '950', []],
    ['above the limit', '1000', '950.01', ['credit.limit_exceeded 1000 1000.01']],
    ['the order alone above the limit', '49.99', '0', ['credit.limit_exceeded 49.99 50']],
  ])('%s', (_, creditLimit, openBalance, expected) => {
    const context = contextOf({
      catalog,
      priceLists: lists,
      openBalance,
      settings: settingsOf(creditLimit ? { creditLimit } : {}),
    });
    expect(creditRule(order, context).map((d) => `${d.code} ${d.expected} ${d.found}`)).toEqual(expected);
  });

  it('a cancellation is not checked', () => {
    const context = contextOf({ settings: settingsOf({ creditLimit: '0' }), openBalance: '5' });
    expect(
      creditRule(
        orderOf([line('1', '1', { unitPrice: '1', items: { sku: 'A' } })], { purpose: 'cancel' }),
        context,
      ),
    ).toEqual([]);
  });
});
