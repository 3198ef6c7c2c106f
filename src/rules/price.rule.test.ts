import { describe, expect, it } from 'vitest';
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
import { priceRule } from './price.rule.ts';
import type { PriceList } from './rule.ts';

const catalog = catalogOf([product('A'), product('B')]);
const partnerList = priceList('P', { A: tiers(['1', '4.75'], ['100', '4.25'], ['50', '4.50']) });
const generalList = priceList(
  'G',
  { A: tiers(['1', '5.00']), B: tiers(['1', '9.00']) },
  { forPartner: false },
);

interface Case {
  lists: PriceList[];
  quantity?: string;
  price?: string;
  /** The line has no buyer price. */
  noPrice?: boolean;
  sku?: string;
  poDate?: string;
  currency?: string;
  tolerance?: string;
}

/** `code expected` of each finding for one line of SKU A (24 units at 4.75 on 2026-03-01 unless said). */
function check(c: Case): string[] {
  const order = orderOf(
    [
      line('1', c.quantity ?? '24', {
        items: { sku: c.sku ?? 'A' },
        ...(c.noPrice ? {} : { unitPrice: c.price ?? '4.75' }),
      }),
    ],
    { poDate: c.poDate ?? '2026-03-01', currency: c.currency ?? 'USD' },
  );
  const settings = settingsOf(c.tolerance ? { priceTolerance: c.tolerance } : {});
  return priceRule(order, contextOf({ catalog, priceLists: c.lists, settings })).map(
    (d) => `${d.code} ${d.expected ?? '-'}`,
  );
}

describe('price rule: which list and tier', () => {
  it.each<[string, Case, string[]]>([
    ['the tier for the quantity matches', { lists: [partnerList] }, []],
    [
      'highest tier not above the quantity (tiers unsorted)',
      { lists: [partnerList], quantity: '60' },
      ['price.mismatch 4.50'],
    ],
    ['a quantity exactly at a tier', { lists: [partnerList], quantity: '100', price: '4.25' }, []],
    ['a partner list wins over a general one', { lists: [generalList, partnerList] }, []],
    [
      'the general list where the partner list lacks the SKU',
      { lists: [partnerList, generalList], sku: 'B', price: '9.00' },
      [],
    ],
    [
      'among equals the latest validFrom',
      {
        lists: [
          priceList('OLD', { A: tiers(['1', '4.00']) }),
          priceList('NEW', { A: tiers(['1', '4.75']) }, { validFrom: '2026-02-01' }),
        ],
      },
      [],
    ],
    [
      'a list not yet valid is ignored',
      { lists: [priceList('L', { A: tiers(['1', '1']) }, { validFrom: '2026-03-02' }), generalList] },
      ['price.mismatch 5.00'],
    ],
    [
      'a list that expired is ignored',
      { lists: [priceList('L', { A: tiers(['1', '1']) }, { validTo: '2026-02-28' }), generalList] },
      ['price.mismatch 5.00'],
    ],
    [
      'validFrom and validTo include the PO date',
      {
        lists: [
          priceList('L', { A: tiers(['1', '4.75']) }, { validFrom: '2026-03-01', validTo: '2026-03-01' }),
        ],
      },
      [],
    ],
    [
      'a list in another currency is ignored',
      { lists: [priceList('EUR', { A: tiers(['1', '4.75']) }, { currency: 'EUR' }), generalList] },
      ['price.mismatch 5.00'],
    ],
  ])('%s', (_, c, expected) => expect(check(c)).toEqual(expected));
});

describe('price rule: mismatch and tolerance', () => {
  it.each<[string, Case, string[]]>([
    ['a price below ours', { lists: [partnerList], price: '4.50' }, ['price.mismatch 4.75']],
    ['a price above ours', { lists: [partnerList], price: '5' }, ['price.mismatch 4.75']],
    ['the same price written otherwise', { lists: [partnerList], price: '4.750' }, []],
    ['within the default tolerance 0.005', { lists: [partnerList], price: '4.755' }, []],
    ['just beyond the default tolerance', { lists: [partnerList], price: '4.7551' }, ['price.mismatch 4.75']],
    ['within a wider tolerance', { lists: [partnerList], price: '4.70', tolerance: '0.05' }, []],
    [
      'beyond a wider tolerance',
      { lists: [partnerList], price: '4.69', tolerance: '0.05' },
      ['price.mismatch 4.75'],
    ],
    ['no buyer price is no mismatch', { lists: [partnerList], noPrice: true }, []],
  ])('%s', (_, c, expected) => expect(check(c)).toEqual(expected));

  it('says what it expected and found, on the line', () => {
    const order = orderOf([line('2', '24', { items: { sku: 'A' }, unitPrice: '4.5' })]);
    const [d] = priceRule(order, contextOf({ catalog, priceLists: [partnerList] }));
    expect(d).toMatchObject({
      severity: 'warning',
      code: 'price.mismatch',
      line: '2',
      expected: '4.75',
      found: '4.5',
    });
    expect(d?.message).toMatch(/line 2.*4\.5.*4\.75.*P/);
  });
});

describe('price rule: price.missing', () => {
  it.each<[string, Case, string[]]>([
    ['no lists at all: silent', { lists: [] }, []],
    [
      'lists, none valid on the PO date',
      { lists: [priceList('L', { A: tiers(['1', '4.75']) }, { validFrom: '2026-04-01' })] },
      ['price.missing -'],
    ],
    [
      'lists, none pricing the SKU',
      { lists: [priceList('L', { B: tiers(['1', '1']) })] },
      ['price.missing -'],
    ],
    [
      'a quantity below every tier',
      { lists: [priceList('L', { A: tiers(['10', '4.75']) })], quantity: '5' },
      ['price.missing -'],
    ],
    ['an unknown item is not priced here', { lists: [partnerList], sku: 'NOPE' }, []],
  ])('%s', (_, c, expected) => expect(check(c)).toEqual(expected));
});
