import { describe, expect, it } from 'vitest';
import type { ItemIds } from '../core/order.ts';
import { catalogOf, product } from './fixtures/builders.ts';
import { resolveSku } from './resolve-item.ts';

const catalog = catalogOf(
  [
    product('A', { gtin: '00036000291452' }),
    product('B', { gtin: '04006381333931' }),
    product('C'),
    product('D'),
    product('E'),
  ],
  {
    buyerItems: { 'HP-1': 'C', 'HP-STALE': 'GONE' },
    partnerGtins: { '012345678905': 'D', '096385074': 'GONE' },
  },
);

describe('resolveSku', () => {
  it.each<[string, ItemIds, string | undefined]>([
    ['our SKU', { sku: 'E' }, 'E'],
    ['our SKU, blanks around it', { sku: ' E ' }, 'E'],
    ['the vendor item number is our SKU', { vendorItem: 'E' }, 'E'],
    ['our product GTIN by UPC-12', { upc: '036000291452' }, 'A'],
    ['our product GTIN by EAN-13', { ean: '4006381333931' }, 'B'],
    ['our product GTIN as GTIN-14', { gtin: '04006381333931' }, 'B'],
    ["the partner's buyer item", { buyerItem: 'HP-1' }, 'C'],
    ["the partner's GTIN", { upc: '012345678905' }, 'D'],
    ['buyer item before the partner GTIN', { buyerItem: 'HP-1', upc: '012345678905' }, 'C'],
    ['partner GTIN before our SKU', { upc: '012345678905', sku: 'E' }, 'D'],
    ['buyer item before our SKU', { buyerItem: 'HP-1', sku: 'E' }, 'C'],
    ['our SKU before our GTIN', { sku: 'E', upc: '036000291452' }, 'E'],
    ['sku before vendor item', { sku: 'E', vendorItem: 'C' }, 'E'],
    ['vendor item before our GTIN', { vendorItem: 'C', ean: '4006381333931' }, 'C'],
    ['a stale buyer-item cross-reference falls through', { buyerItem: 'HP-STALE', sku: 'E' }, 'E'],
    ['a stale GTIN cross-reference falls through', { upc: '96385074', vendorItem: 'C' }, 'C'],
    ['an unknown SKU', { sku: 'NOPE' }, undefined],
    ['an unknown buyer item', { buyerItem: 'HP-NOPE' }, undefined],
    ['a malformed UPC', { upc: '12AB' }, undefined],
    ['nothing at all', {}, undefined],
  ])('%s', (_, items, sku) => expect(resolveSku(items, catalog)).toBe(sku));
});
