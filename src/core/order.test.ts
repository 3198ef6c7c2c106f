import { describe, expect, it } from 'vitest';
import { Diagnostic } from './diagnostic.ts';
import { Acknowledgment, Invoice, Shipment } from './documents.ts';
import { Order, Party } from './order.ts';
import { DateString, DecimalString, QuantityString } from './primitives.ts';

const validOrder = {
  id: 'ord-1',
  partnerId: 'harbor-pine',
  channel: 'x12',
  poNumber: 'PO-1001',
  poDate: '2026-11-20',
  purpose: 'original',
  orderType: 'SA',
  currency: 'USD',
  parties: {
    shipTo: {
      name: 'Store 12',
      idQualifier: '92',
      id: '0012',
      address: { lines: ['1 Main St'], city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' },
    },
  },
  dates: { requestedShip: '2026-12-01' },
  terms: { discountPercent: '2', discountDays: 10, netDays: 30 },
  references: { department: '0042', raw: [{ qualifier: 'DP', value: '0042' }] },
  lines: [
    {
      lineNumber: '1',
      quantity: '24',
      uom: 'EA',
      unitPrice: '4.75',
      items: { upc: '012345678905', vendorItem: 'HP-1' },
      pack: { innerPack: '6' },
    },
    {
      lineNumber: '2',
      quantity: '1.5',
      uom: 'LB',
      items: { sku: 'S-2' },
      destinations: [{ locationId: '0012', quantity: '1.5' }],
    },
  ],
  totals: { lineCount: 2, quantity: '25.5', amount: '114' },
  notes: ['deliver to dock 4'],
  source: { messageId: 'msg-1', control: { interchange: '000000001', group: '1', transaction: '0001' } },
};

describe('canonical model', () => {
  it('round-trips a full order through JSON unchanged', () => {
    const parsed = Order.parse(validOrder);
    expect(Order.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    expect(parsed.lines[0]!.unitPrice).toBe('4.75');
  });

  it('fills defaults: notes and raw references', () => {
    const { notes: _notes, ...withoutNotes } = validOrder;
    const parsed = Order.parse({ ...withoutNotes, references: {} });
    expect(parsed.notes).toEqual([]);
    expect(parsed.references.raw).toEqual([]);
  });

  it.each([
    ['a float quantity', { lines: [{ ...validOrder.lines[0], quantity: 24 }] }, 'lines.0.quantity'],
    ['an exponent price', { lines: [{ ...validOrder.lines[0], unitPrice: '4.75e2' }] }, 'lines.0.unitPrice'],
    ['a negative quantity', { lines: [{ ...validOrder.lines[0], quantity: '-1' }] }, 'lines.0.quantity'],
    ['leading zeros', { totals: { lineCount: 2, quantity: '025.5' } }, 'totals.quantity'],
    ['an impossible date', { poDate: '2026-02-30' }, 'poDate'],
    ['a date in another format', { dates: { requestedShip: '12/01/2026' } }, 'dates.requestedShip'],
    ['an unknown channel', { channel: 'fax' }, 'channel'],
    ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ['a missing PO number', { poNumber: undefined }, 'poNumber'],
    ['no lines on an original order', { lines: [] }, 'lines'],
  ])('rejects %s', (_name, change, path) => {
    const result = Order.safeParse({ ...validOrder, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('lets a cancellation have no lines', () => {
    expect(
      Order.safeParse({
        ...validOrder,
        purpose: 'cancel',
        lines: [],
        totals: { lineCount: 0, quantity: '0' },
      }).success,
    ).toBe(true);
  });

  it('validates primitives', () => {
    expect(DecimalString.safeParse('-12.50').success).toBe(true);
    expect(DecimalString.safeParse('1.').success).toBe(false);
    expect(QuantityString.safeParse('0').success).toBe(true);
    expect(DateString.safeParse('2024-02-29').success).toBe(true);
    expect(DateString.safeParse('2023-02-29').success).toBe(false);
    expect(Party.parse({ name: 'x' })).toEqual({ name: 'x' });
  });

  it('validates acknowledgments, shipments, invoices and diagnostics', () => {
    const ack = {
      orderId: 'ord-1',
      status: 'accepted_with_changes',
      lines: [{ lineNumber: '1', status: 'backordered', quantity: '12' }],
    };
    expect(Acknowledgment.parse(ack)).toEqual(ack);
    expect(Acknowledgment.safeParse({ ...ack, status: 'maybe' }).success).toBe(false);

    const shipment = {
      orderIds: ['ord-1'],
      shipDate: '2026-12-01',
      packs: [{ sscc: '000123456789012345', lines: [{ lineNumber: '1', quantity: '24' }] }],
    };
    expect(Shipment.parse(shipment)).toEqual(shipment);
    expect(
      Shipment.safeParse({ ...shipment, packs: [{ sscc: '123', lines: [] }] }).error!.issues.map((i) =>
        i.path.join('.'),
      ),
    ).toEqual(['packs.0.sscc', 'packs.0.lines']);

    const invoice = { invoiceNumber: 'INV-1', orderId: 'ord-1', invoiceDate: '2026-12-02', total: '114.00' };
    expect(Invoice.parse(invoice)).toEqual(invoice);
    // a JSON number is taken as the decimal string it stands for; the model keeps strings
    expect(Invoice.parse({ ...invoice, total: 114 }).total).toBe('114');
    expect(Invoice.safeParse({ ...invoice, total: '114,00' }).success).toBe(false);

    expect(
      Diagnostic.safeParse({
        severity: 'error',
        code: 'x12.transaction.4',
        message: 'SE01 is 12, counted 11',
        segmentPosition: 0,
      }).success,
    ).toBe(false);
  });
});
