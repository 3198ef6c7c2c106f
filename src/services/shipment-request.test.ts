import { describe, expect, it } from 'vitest';
import { Order } from '../core/order.ts';
import { asAcknowledged } from './shipment-request.ts';

const order = Order.parse({
  id: 'ord-1',
  partnerId: 'p',
  channel: 'x12',
  poNumber: 'PO-1',
  poDate: '2026-03-01',
  purpose: 'original',
  orderType: 'stand_alone',
  currency: 'USD',
  parties: {},
  dates: {},
  references: { raw: [] },
  lines: ['1', '2', '3', '4', '5'].map((lineNumber) => ({
    lineNumber,
    quantity: '10',
    uom: 'EA',
    items: {},
  })),
  totals: { lineCount: 5, quantity: '50' },
  notes: [],
  source: { messageId: 'm' },
});

describe('asAcknowledged', () => {
  it('caps changed quantities, zeroes rejected lines, and keeps accepted, price-changed and backordered ones', () => {
    const acknowledged = asAcknowledged(order, {
      orderId: 'ord-1',
      status: 'accepted_with_changes',
      lines: [
        { lineNumber: '1', status: 'accepted', quantity: '10' },
        { lineNumber: '2', status: 'quantity_changed', quantity: '6' },
        { lineNumber: '3', status: 'rejected', quantity: '10' },
        { lineNumber: '4', status: 'backordered', quantity: '10' },
        { lineNumber: '5', status: 'price_changed', quantity: '10', unitPrice: '2.50' },
      ],
    });
    expect(acknowledged.lines.map((l) => l.quantity)).toEqual(['10', '6', '0', '10', '10']);
    expect(asAcknowledged(order, undefined)).toBe(order);
  });
});
