import { describe, expect, it } from 'vitest';
import { Order } from '../core/order.ts';
import { structuralChecks } from './structural-checks.ts';

const order = (lines: object[], purpose = 'original') =>
  Order.parse({
    id: 'o1',
    partnerId: 'p',
    channel: 'csv',
    poNumber: 'PO-1',
    poDate: '2026-03-01',
    purpose,
    orderType: 'SA',
    currency: 'USD',
    parties: {},
    dates: {},
    references: { raw: [] },
    lines,
    totals: { lineCount: lines.length, quantity: '0' },
    notes: [],
    source: { messageId: 'm1' },
  });
const line = (over: object = {}) => ({
  lineNumber: '1',
  quantity: '12',
  uom: 'EA',
  items: { upc: '012345678905' },
  ...over,
});
const codes = (o: Order) => structuralChecks(o).map((d) => `${d.severity}:${d.code}`);

describe('structural checks', () => {
  it('passes a plain order', () => {
    expect(codes(order([line(), line({ lineNumber: '2' })]))).toEqual([]);
  });

  it('finds what makes an order unprocessable', () => {
    expect(
      codes(
        order([
          line({ quantity: '0' }),
          line({ unitPrice: '-1.00' }),
          line({ lineNumber: '3', items: {} }),
          line({ lineNumber: '4', destinations: [{ locationId: 'S1', quantity: '5' }] }),
        ]),
      ),
    ).toEqual([
      'error:order.quantity_not_positive',
      'error:order.line_number_repeated',
      'error:order.price_negative',
      'error:order.item_unidentified',
      'warning:order.destinations_mismatch',
    ]);
  });

  it('allows zero quantities where something is taken away', () => {
    expect(codes(order([line({ quantity: '0' })], 'cancel'))).toEqual([]);
    expect(codes(order([line({ quantity: '0', change: 'delete' })], 'replace'))).toEqual([]);
  });

  it('reads quantities and prices as the decimals they are, whatever their digits', () => {
    const numbered = (values: object[]) => values.map((v, i) => line({ lineNumber: String(i + 1), ...v }));
    expect(
      codes(order(numbered([{ quantity: '0.000' }, { quantity: '0.001' }, { quantity: '10' }]))),
    ).toEqual(['error:order.quantity_not_positive']);
    const prices = [{ unitPrice: '-0.01' }, { unitPrice: '0' }, { unitPrice: '-0' }, { unitPrice: '10.50' }];
    expect(codes(order(numbered(prices)))).toEqual([
      'error:order.price_negative',
      'error:order.price_negative',
    ]);
  });
});
