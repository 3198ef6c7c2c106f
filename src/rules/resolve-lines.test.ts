import { describe, expect, it } from 'vitest';
import { catalogOf, line, orderOf, product } from './fixtures/builders.ts';
import { type LineDecision, resolveLines } from './resolve-lines.ts';
import type { LineOutcome, Settlement } from './settle.ts';

const catalog = catalogOf([product('A'), product('SUB', { gtin: '00036000291452' }), product('B')]);
const order = orderOf([
  line('1', '10', { items: { sku: 'A' }, unitPrice: '2.00' }),
  line('2', '7', { items: { sku: 'B' }, unitPrice: '3.00' }),
  line('3', '5', { items: { buyerItem: 'HP-NOPE' }, unitPrice: '1.00' }),
]);
const settlement: Settlement = {
  lines: [
    { lineNumber: '1', status: 'accepted', quantity: '10', unitPrice: '2.00', sku: 'A' },
    // a policy rounded line 2 up and backordered it
    {
      lineNumber: '2',
      status: 'backordered',
      quantity: '12',
      unitPrice: '3.00',
      sku: 'B',
      reason: 'quantity rounded up from 7 to 12; backordered: 0 available',
    },
    // an unknown item, held
    { lineNumber: '3', status: 'accepted', quantity: '5', unitPrice: '1.00' },
  ],
  settled: [],
  forPerson: [],
};

/** Line 1's outcome after `decision`. */
const first = (decision: Omit<LineDecision, 'lineNumber'>): LineOutcome | undefined =>
  resolveLines(
    order,
    settlement,
    { action: 'accept', lines: [{ lineNumber: '1', ...decision }] },
    catalog,
  )[0];

describe('resolveLines: a named line', () => {
  it.each<[string, Omit<LineDecision, 'lineNumber'>, Partial<LineOutcome>]>([
    ['nothing changed: accepted', {}, { status: 'accepted', quantity: '10', unitPrice: '2.00' }],
    [
      'status reject',
      { status: 'reject' },
      { status: 'rejected', quantity: '0', reason: 'rejected on review' },
    ],
    [
      'status backorder',
      { status: 'backorder' },
      { status: 'backordered', quantity: '10', reason: 'backordered on review' },
    ],
    [
      'another quantity',
      { quantity: '12' },
      { status: 'quantity_changed', quantity: '12', reason: 'quantity 10 changed to 12 on review' },
    ],
    ['the same quantity written otherwise', { quantity: '10.0' }, { status: 'accepted' }],
    ['quantity 0 rejects', { quantity: '0' }, { status: 'rejected', quantity: '0' }],
    [
      'another price',
      { unitPrice: '2.25' },
      { status: 'price_changed', unitPrice: '2.25', reason: 'unit price 2.00 changed to 2.25 on review' },
    ],
    ['the buyer’s price again', { unitPrice: '2' }, { status: 'accepted' }],
    [
      'another SKU: substituted, with its identifiers',
      { sku: 'SUB' },
      {
        status: 'substituted',
        sku: 'SUB',
        items: { sku: 'SUB', gtin: '00036000291452' },
        reason: 'SKU SUB instead of A on review',
      },
    ],
    ['the same SKU', { sku: 'A' }, { status: 'accepted', sku: 'A' }],
    [
      'quantity and price: quantity_changed carrying both',
      { quantity: '20', unitPrice: '1.90' },
      { status: 'quantity_changed', quantity: '20', unitPrice: '1.90' },
    ],
    [
      'backorder at another quantity',
      { status: 'backorder', quantity: '12' },
      { status: 'backordered', quantity: '12', reason: 'backordered; quantity 10 changed to 12 on review' },
    ],
  ])('%s', (_, decision, expected) => expect(first(decision)).toMatchObject(expected));

  it('a substitute the catalog lacks is named by SKU alone', () =>
    expect(first({ sku: 'ELSEWHERE' })).toMatchObject({
      status: 'substituted',
      items: { sku: 'ELSEWHERE' },
    }));

  it('a policy’s status stands when the person changes nothing that decides one', () => {
    const [, second] = resolveLines(
      order,
      settlement,
      { action: 'accept', lines: [{ lineNumber: '2', unitPrice: '3.00' }] },
      catalog,
    );
    expect(second).toEqual(settlement.lines[1]);
  });

  it('a SKU for an unknown item identifies it: no substitution', () => {
    const [, , third] = resolveLines(
      order,
      settlement,
      { action: 'accept', lines: [{ lineNumber: '3', sku: 'B' }] },
      catalog,
    );
    expect(third).toEqual({
      lineNumber: '3',
      status: 'accepted',
      quantity: '5',
      unitPrice: '1.00',
      sku: 'B',
    });
  });

  it('a line a policy rejected comes back as ordered when named', () => {
    const rejected: Settlement = {
      ...settlement,
      lines: [
        { ...settlement.lines[0], status: 'rejected', quantity: '0', reason: 'unknown item' } as LineOutcome,
      ],
    };
    const [out] = resolveLines(
      order,
      rejected,
      { action: 'accept', lines: [{ lineNumber: '1', unitPrice: '2.00' }] },
      catalog,
    );
    expect(out).toEqual({ lineNumber: '1', status: 'accepted', quantity: '10', unitPrice: '2.00', sku: 'A' });
  });
});

describe('resolveLines: the whole order', () => {
  it('unnamed lines keep their settled outcome (held lines as ordered)', () => {
    expect(resolveLines(order, settlement, { action: 'accept' }, catalog)).toEqual(settlement.lines);
  });

  it('reject: every line rejected', () => {
    const lines = resolveLines(
      order,
      settlement,
      { action: 'reject', lines: [{ lineNumber: '1', quantity: '3' }] },
      catalog,
    );
    expect(lines.map((l) => `${l.lineNumber} ${l.status} ${l.quantity}`)).toEqual([
      '1 rejected 0',
      '2 rejected 0',
      '3 rejected 0',
    ]);
    expect(lines[1]).toMatchObject({ sku: 'B', reason: 'rejected on review' });
  });

  it.each(['accept', 'reject'] as const)('%s: a line the order lacks throws, naming it', (action) =>
    expect(() =>
      resolveLines(order, settlement, { action, lines: [{ lineNumber: '9', status: 'reject' }] }, catalog),
    ).toThrow(/line 9/),
  );
});
