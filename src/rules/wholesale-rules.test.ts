import { describe, expect, it } from 'vitest';
import { Diagnostic } from '../core/diagnostic.ts';
import type { Order } from '../core/order.ts';
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
import { checkOrder, WHOLESALE_RULES } from './wholesale-rules.ts';

/** A context and an order that trip every rule once. */
const context = contextOf({
  today: '2026-03-02',
  catalog: catalogOf([
    product('A', { moq: '10', orderMultiple: '5' }),
    product('OLD', { status: 'discontinued', substitutes: ['A'] }),
  ]),
  priceLists: [priceList('L', { A: tiers(['1', '2.00']) })],
  available: new Map([['A', '3']]),
  locations: [location('0042')],
  openBalance: '100',
  duplicatePo: true,
  settings: settingsOf({ creditLimit: '100', approvalThreshold: '1' }),
});
const everything = (purpose: Order['purpose']) =>
  orderOf(
    [
      line('1', '7', { items: { sku: 'A' }, unitPrice: '1.00' }),
      line('2', '1', { items: { sku: 'NOPE' } }),
      line('3', '1', { items: { sku: 'OLD' }, unitPrice: '1.00' }),
    ],
    { purpose, parties: { shipTo: { id: '0043' } }, dates: { cancelAfter: '2026-03-01' } },
  );

describe('checkOrder', () => {
  it('runs every rule, in a stable order: the order first, then the lines', () => {
    expect(codesOf(checkOrder(everything('original'), context))).toEqual([
      'order.duplicate_po',
      'shipto.unknown',
      'dates.window_passed',
      'credit.limit_exceeded',
      'approval.required',
      '2:item.unknown',
      '3:item.discontinued',
      '1:price.mismatch',
      '3:price.missing',
      '1:quantity.below_moq',
      '1:quantity.not_multiple',
      '1:inventory.short',
      '3:inventory.short',
    ]);
    expect(WHOLESALE_RULES).toHaveLength(10);
  });

  it('every finding is a valid warning diagnostic with a registered code', () => {
    for (const d of checkOrder(everything('replace'), context)) {
      expect(Diagnostic.parse(d)).toEqual(d);
      expect(d.severity).toBe('warning');
    }
  });

  it.each(['cancel', 'confirmation'] as const)('a %s gets no findings but a duplicate PO', (purpose) =>
    expect(codesOf(checkOrder(everything(purpose), context))).toEqual(['order.duplicate_po']),
  );

  it('a clean order: nothing', () => {
    const order = orderOf([line('1', '10', { items: { sku: 'A' }, unitPrice: '2.00' })], {
      parties: { shipTo: { id: '0042' } },
    });
    const clean = contextOf({
      ...context,
      duplicatePo: false,
      available: new Map([['A', '10']]),
      settings: settingsOf(),
    });
    expect(checkOrder(order, clean)).toEqual([]);
  });
});
