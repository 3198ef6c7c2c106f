import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../core/order.ts';
import type { ResolvedWholesaleSettings } from '../core/wholesale-settings.ts';
import {
  catalogOf,
  codesOf,
  contextOf,
  line,
  location,
  orderOf,
  priceList,
  product,
  settingsOf,
  tiers,
} from './fixtures/builders.ts';
import type { RuleContext } from './rule.ts';
import { applyShortage, type LineOutcome, settle } from './settle.ts';
import { checkOrder } from './wholesale-rules.ts';

const catalog = catalogOf([
  product('A'),
  product('MOQ', { moq: '12', orderMultiple: '6' }),
  product('MULT', { orderMultiple: '6' }),
  product('MOQ10', { moq: '10', orderMultiple: '6' }),
  product('OLD', { status: 'discontinued', substitutes: ['A'] }),
]);
const lists = [
  priceList('L', {
    A: tiers(['1', '2.00'], ['100', '1.80']),
    MOQ: tiers(['1', '3.00']),
    MULT: tiers(['1', '3.00']),
    MOQ10: tiers(['1', '3.00']),
    OLD: tiers(['1', '1.00']),
  }),
];

function contextWith(settings: Partial<ResolvedWholesaleSettings>, over: Partial<RuleContext> = {}) {
  return contextOf({
    catalog,
    priceLists: lists,
    available: new Map([
      ['A', '1000'],
      ['MOQ', '1000'],
      ['MULT', '1000'],
      ['MOQ10', '1000'],
      ['OLD', '1000'],
    ]),
    settings: settingsOf(settings),
    ...over,
  });
}

/** Settles a one-line order: the line's `status quantity unitPrice`, and the codes settled / for a person. */
function settleOne(
  l: OrderLine,
  settings: Partial<ResolvedWholesaleSettings>,
  over: Partial<RuleContext> = {},
) {
  const order = orderOf([l]);
  const context = contextWith(settings, over);
  const s = settle(order, checkOrder(order, context), context);
  const [out] = s.lines;
  return {
    line: `${out?.status} ${out?.quantity} ${out?.unitPrice ?? '-'}`,
    settled: s.settled.map((d) => d.code),
    forPerson: s.forPerson.map((d) => d.code),
    reason: out?.reason,
  };
}

const item = (sku: string, quantity: string, unitPrice?: string) =>
  line('1', quantity, { items: { sku }, ...(unitPrice ? { unitPrice } : {}) });

describe('settle: a line with no finding', () => {
  it('is accepted as ordered at the buyer’s price, with our SKU', () => {
    const order = orderOf([
      line('1', '5', { items: { upc: '012345678905', vendorItem: 'A' }, unitPrice: '2.00' }),
    ]);
    const s = settle(order, [], contextWith({}));
    expect(s).toEqual({
      lines: [{ lineNumber: '1', status: 'accepted', quantity: '5', unitPrice: '2.00', sku: 'A' }],
      settled: [],
      forPerson: [],
    });
  });

  it('without a buyer price takes our tier price for the quantity, says from which list, stays accepted', () => {
    expect(settleOne(item('A', '150'), {})).toEqual({
      line: 'accepted 150 1.80',
      settled: [],
      forPerson: [],
      reason: 'unit price 1.80 from price list L',
    });
  });

  it('without any price (no lists) has none', () => {
    expect(settleOne(item('A', '5'), {}, { priceLists: [] }).line).toBe('accepted 5 -');
  });
});

describe('settle: priceMismatch', () => {
  it.each<[ResolvedWholesaleSettings['priceMismatch'], string, string[], string[]]>([
    ['hold', 'accepted 5 1.50', [], ['price.mismatch']],
    ['accept-ours', 'price_changed 5 2.00', ['price.mismatch'], []],
    ['reject-line', 'rejected 0 1.50', ['price.mismatch'], []],
  ])('%s', (priceMismatch, outcome, settled, forPerson) =>
    expect(settleOne(item('A', '5', '1.50'), { priceMismatch })).toMatchObject({
      line: outcome,
      settled,
      forPerson,
    }),
  );

  it('is the default hold', () =>
    expect(settleOne(item('A', '5', '1.50'), {}).forPerson).toEqual(['price.mismatch']));
});

describe('settle: quantityRule', () => {
  it.each<[string, ResolvedWholesaleSettings['quantityRule'], string, string, string[], string[]]>([
    // not a multiple of 6
    [
      'not a multiple, default: round up',
      undefined,
      'MULT',
      'quantity_changed 12 3.00',
      ['quantity.not_multiple'],
      [],
    ],
    [
      'not a multiple, round-up',
      'round-up',
      'MULT',
      'quantity_changed 12 3.00',
      ['quantity.not_multiple'],
      [],
    ],
    ['not a multiple, hold', 'hold', 'MULT', 'accepted 7 3.00', [], ['quantity.not_multiple']],
    ['not a multiple, reject-line', 'reject-line', 'MULT', 'rejected 0 3.00', ['quantity.not_multiple'], []],
    // below the MOQ of 12 and a multiple of 6
    ['below the MOQ, default: hold', undefined, 'MOQ', 'accepted 6 3.00', [], ['quantity.below_moq']],
    ['below the MOQ, round-up', 'round-up', 'MOQ', 'quantity_changed 12 3.00', ['quantity.below_moq'], []],
    ['below the MOQ, hold', 'hold', 'MOQ', 'accepted 6 3.00', [], ['quantity.below_moq']],
    ['below the MOQ, reject-line', 'reject-line', 'MOQ', 'rejected 0 3.00', ['quantity.below_moq'], []],
  ])('%s', (_, quantityRule, sku, outcome, settled, forPerson) => {
    const quantity = sku === 'MULT' ? '7' : '6';
    const settings = quantityRule ? { quantityRule } : {};
    expect(settleOne(item(sku, quantity, '3.00'), settings)).toMatchObject({
      line: outcome,
      settled,
      forPerson,
    });
  });

  it.each<[string, ResolvedWholesaleSettings['quantityRule'], string, string, string[], string[]]>([
    // MOQ 10, multiple 6, 7 ordered: below the MOQ and not a multiple
    [
      'default: the multiple rounded, the MOQ held',
      undefined,
      'quantity_changed 12 3.00',
      'quantity.not_multiple',
      ['quantity.below_moq'],
      [],
    ],
    [
      'round-up: to the MOQ, then the multiple',
      'round-up',
      'quantity_changed 12 3.00',
      'quantity.below_moq quantity.not_multiple',
      [],
      [],
    ],
    [
      'hold: both for a person',
      'hold',
      'accepted 7 3.00',
      '',
      ['quantity.below_moq', 'quantity.not_multiple'],
      [],
    ],
    [
      'reject-line: rejected once',
      'reject-line',
      'rejected 0 3.00',
      'quantity.below_moq quantity.not_multiple',
      [],
      [],
    ],
  ])('below the MOQ and not a multiple, %s', (_, quantityRule, outcome, settled, forPerson) => {
    const got = settleOne(item('MOQ10', '7', '3.00'), quantityRule ? { quantityRule } : {});
    expect(got).toMatchObject({ line: outcome, forPerson });
    expect(got.settled.join(' ')).toBe(settled);
  });

  it('round-up to the MOQ, then the next multiple of it (MOQ 10, multiple 6 → 12)', () => {
    const got = settleOne(item('MOQ10', '6', '3.00'), { quantityRule: 'round-up' });
    expect(got.line).toBe('quantity_changed 12 3.00');
    expect(got.reason).toBe('quantity rounded up from 6 to 12');
  });
});

describe('settle: shortage', () => {
  const short = { available: new Map([['A', '3']]) };
  it.each<[ResolvedWholesaleSettings['shortage'], string, string[], string[]]>([
    ['backorder', 'backordered 5 2.00', ['inventory.short'], []],
    ['ship-available', 'quantity_changed 3 2.00', ['inventory.short'], []],
    ['hold', 'accepted 5 2.00', [], ['inventory.short']],
  ])('%s', (shortage, outcome, settled, forPerson) =>
    expect(settleOne(item('A', '5', '2.00'), { shortage }, short)).toMatchObject({
      line: outcome,
      settled,
      forPerson,
    }),
  );

  it('ship-available with nothing available rejects the line', () =>
    expect(
      settleOne(item('A', '5', '2.00'), { shortage: 'ship-available' }, { available: new Map() }).line,
    ).toBe('rejected 0 2.00'));
});

describe('settle: unknownItem', () => {
  it.each<[ResolvedWholesaleSettings['unknownItem'], string, string[], string[]]>([
    ['hold', 'accepted 5 2.00', [], ['item.unknown']],
    ['reject-line', 'rejected 0 2.00', ['item.unknown'], []],
  ])('%s', (unknownItem, outcome, settled, forPerson) =>
    expect(settleOne(item('NOPE', '5', '2.00'), { unknownItem })).toMatchObject({
      line: outcome,
      settled,
      forPerson,
    }),
  );

  it('an unknown item has no SKU', () => {
    const order = orderOf([item('NOPE', '5', '2.00')]);
    const context = contextWith({});
    expect(settle(order, checkOrder(order, context), context).lines[0]?.sku).toBeUndefined();
  });
});

describe('settle: findings always for a person', () => {
  it.each<[string, OrderLine, Partial<RuleContext>, Partial<ResolvedWholesaleSettings>]>([
    ['item.discontinued', item('OLD', '5', '1.00'), {}, {}],
    ['price.missing', item('A', '5', '2.00'), { priceLists: [priceList('X', { B: tiers(['1', '1']) })] }, {}],
    ['credit.limit_exceeded', item('A', '5', '2.00'), { openBalance: '100' }, { creditLimit: '100' }],
    ['approval.required', item('A', '5', '2.00'), {}, { approvalThreshold: '9' }],
    ['order.duplicate_po', item('A', '5', '2.00'), { duplicatePo: true }, {}],
    ['shipto.unknown', item('A', '5', '2.00'), { locations: [location('1')] }, {}],
    ['dates.window_passed', item('A', '5', '2.00'), { today: '2027-01-01' }, {}],
  ])('%s', (code, l, over, settings) => {
    const order = orderOf([l], {
      parties: { shipTo: { id: '2' } },
      dates: { cancelAfter: '2026-12-31' },
    });
    const context = contextWith(settings, over);
    const s = settle(order, checkOrder(order, context), context);
    expect(s.forPerson.map((d) => d.code)).toEqual([code]);
    expect(s.settled).toEqual([]);
    expect(s.lines[0]?.status).toBe('accepted');
  });
});

describe('settle: several findings on one line', () => {
  it('a rejected line stays rejected and its other findings are settled with it', () => {
    // price rejected, quantity held, stock short: the rejection decides all three
    const got = settleOne(
      item('MOQ', '6', '9.99'),
      { priceMismatch: 'reject-line' },
      { available: new Map() },
    );
    expect(got.line).toBe('rejected 0 9.99');
    expect(got.settled.sort()).toEqual(['inventory.short', 'price.mismatch', 'quantity.below_moq']);
    expect(got.forPerson).toEqual([]);
  });

  it('rounded up and short: backordered at the rounded quantity', () => {
    const got = settleOne(item('MULT', '7', '3.00'), {}, { available: new Map([['MULT', '4']]) });
    expect(got.line).toBe('backordered 12 3.00');
    expect(got.reason).toBe('quantity rounded up from 7 to 12; backordered: 4 available');
  });

  it('rounded up and short, ship-available: what is available', () => {
    const got = settleOne(
      item('MULT', '7', '3.00'),
      { shortage: 'ship-available' },
      { available: new Map([['MULT', '4']]) },
    );
    expect(got.line).toBe('quantity_changed 4 3.00');
  });

  it('our price and a rounded quantity: quantity_changed carrying our price', () => {
    const got = settleOne(item('MULT', '7', '2.00'), { priceMismatch: 'accept-ours' });
    expect(got.line).toBe('quantity_changed 12 3.00');
    expect(got.reason).toBe('quantity rounded up from 7 to 12; our unit price 3.00 instead of 2.00');
  });

  it('a held price with a rounded quantity: the rounding stands, the price waits for a person', () => {
    const got = settleOne(item('MULT', '7', '2.00'), {});
    expect(got).toMatchObject({
      line: 'quantity_changed 12 2.00',
      settled: ['quantity.not_multiple'],
      forPerson: ['price.mismatch'],
    });
  });
});

describe('settle: orders', () => {
  it('one outcome per line, in order; findings of other codes are left out', () => {
    const order = orderOf([
      item('A', '1', '2.00'),
      line('2', '1', { items: { sku: 'NOPE' } }),
      line('3', '1', { items: { sku: 'A' } }),
    ]);
    const context = contextWith({ unknownItem: 'reject-line' });
    const found = [
      ...checkOrder(order, context),
      { severity: 'warning' as const, code: 'order.destinations_mismatch' as const, message: 'x', line: '1' },
    ];
    const s = settle(order, found, context);
    expect(s.lines.map((l) => `${l.lineNumber} ${l.status}`)).toEqual([
      '1 accepted',
      '2 rejected',
      '3 accepted',
    ]);
    expect(codesOf(s.settled)).toEqual(['2:item.unknown']);
    expect(s.forPerson).toEqual([]);
  });

  it('a cancellation: its lines as they are, nothing found', () => {
    const order = orderOf([item('A', '0')], { purpose: 'cancel' });
    const context = contextWith({});
    const s = settle(order, checkOrder(order, context), context);
    expect(s).toEqual({
      lines: [{ lineNumber: '1', status: 'accepted', quantity: '0', sku: 'A' }],
      settled: [],
      forPerson: [],
    });
  });
});

describe('applyShortage', () => {
  const wanted: LineOutcome = {
    lineNumber: '1',
    status: 'accepted',
    quantity: '10',
    unitPrice: '2',
    sku: 'A',
  };
  it.each<[ResolvedWholesaleSettings['shortage'], string, string]>([
    ['backorder', '4', 'backordered 10'],
    ['ship-available', '4', 'quantity_changed 4'],
    ['ship-available', '0', 'rejected 0'],
    ['hold', '4', 'hold'],
    ['backorder', '10', 'accepted 10'],
    ['hold', '11', 'accepted 10'],
  ])('%s with %s reservable', (shortage, reservable, expected) => {
    const got = applyShortage(wanted, reservable, { shortage });
    expect(got === 'hold' ? 'hold' : `${got.status} ${got.quantity}`).toBe(expected);
  });

  it.each<LineOutcome['status']>(['rejected', 'backordered'])('a %s line needs no stock', (status) =>
    expect(applyShortage({ ...wanted, status }, '0', { shortage: 'hold' })).toEqual({ ...wanted, status }),
  );

  it('keeps what the line was and says why it changed', () => {
    const rounded: LineOutcome = {
      ...wanted,
      status: 'quantity_changed',
      quantity: '12',
      reason: 'quantity rounded up from 10 to 12',
    };
    expect(applyShortage(rounded, '5', { shortage: 'ship-available' })).toEqual({
      ...rounded,
      quantity: '5',
      reason: 'quantity rounded up from 10 to 12; only 5 of 12 available: 5 shipped',
    });
  });
});
