import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/core/order.ts';
import { safeCell, toCsv } from './csv-out.ts';
import { invoiceCsv, shipmentCsv } from './document-csv.ts';
import { invoiceSummary, shipmentSummary } from './document-summary.ts';

const hostile = '=HYPERLINK("http://evil.example","x")';
const order = {
  id: 'o1',
  partnerId: 'harbor-pine',
  channel: 'email',
  poNumber: 'PO-1',
  poDate: '2026-04-20',
  purpose: 'original',
  orderType: 'SA',
  currency: 'EUR',
  parties: {},
  dates: {},
  references: { raw: [] },
  lines: [
    {
      lineNumber: '1',
      quantity: '4',
      uom: 'EA',
      unitPrice: '2.50',
      items: { sku: hostile, gtin: '04012345678901' },
    },
    { lineNumber: '2', quantity: '10', uom: 'EA', unitPrice: '0.3333', items: { buyerItem: '@SUM(A1)' } },
  ],
  totals: { lineCount: 2, quantity: '14' },
  notes: [],
  source: { messageId: 'm1' },
} satisfies Order;

/** The CSV's rows as a spreadsheet program would read them, after checking the BOM and CRLFs. */
function readBack(bytes: Uint8Array): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.subarray(3));
  expect(text.endsWith('\r\n')).toBe(true);
  return parse(text, { record_delimiter: '\r\n' });
}

describe('CSV we write', () => {
  it('escapes every cell a spreadsheet would take for a formula, and leaves numbers be', () => {
    for (const cell of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '-x'])
      expect(safeCell(cell)).toBe(`'${cell}`);
    for (const cell of ['-4.75', '24', 'A-1', 'o=1', '']) expect(safeCell(cell)).toBe(cell);
  });

  it('quotes by RFC 4180 and reads back as written', () => {
    const rows = readBack(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"\r\nthere'],
          ['Müller', undefined],
        ],
      ),
    );
    expect(rows).toEqual([
      ['a', 'b'],
      ['x,y', 'say "hi"\r\nthere'],
      ['Müller', ''],
    ]);
  });

  it('writes the 856 per packed line with SSCC, PO, item, carrier and tracking', () => {
    const shipment = {
      orderIds: ['o1'],
      shipDate: '2026-04-22',
      carrier: { scac: 'UPSN' },
      trackingNumber: '1Z999',
      packs: [
        {
          sscc: '000123456789012345',
          lines: [
            { lineNumber: '1', quantity: '4' },
            { lineNumber: '2', quantity: '6' },
          ],
        },
      ],
    };
    const rows = readBack(shipmentCsv(shipment, [order]));
    expect(rows[1]).toEqual([
      '000123456789012345',
      '',
      'PO-1',
      '1',
      '',
      '',
      `'${hostile}`,
      '04012345678901',
      '4',
      '2026-04-22',
      'UPSN',
      '1Z999',
    ]);
    expect(rows).toHaveLength(3);
    expect(shipmentSummary(shipment, [order])).toBe(
      'Ship notice for PO PO-1: shipped 2026-04-22, 1 package, total quantity 10.\nCarrier UPSN, tracking number 1Z999.',
    );
  });

  it('writes the 810 with line amounts, allowances and charges, and the total', () => {
    const invoice = {
      invoiceNumber: 'INV-9',
      orderId: 'o1',
      invoiceDate: '2026-04-23',
      lines: [
        { lineNumber: '1', quantity: '4' },
        { lineNumber: '2', quantity: '6', unitPrice: '0.3333' },
      ],
      allowancesCharges: [
        { type: 'allowance' as const, description: 'promo', amount: '1.00' },
        { type: 'charge' as const, code: 'D240', amount: '5.00' },
      ],
      total: '16.00',
    };
    const rows = readBack(invoiceCsv(invoice, order));
    expect(rows.slice(1).map((r) => [r[2], r[7], r[8], r[9], r[10]])).toEqual([
      ['1', '4', '2.50', '10.00', 'EUR'],
      ['2', '6', '0.3333', '2.00', 'EUR'],
      ['allowance promo', '', '', '-1.00', 'EUR'],
      ['charge D240', '', '', '5.00', 'EUR'],
      ['total', '', '', '16.00', 'EUR'],
    ]);
    expect(invoiceSummary(invoice, order)).toBe(
      'Invoice INV-9 of 2026-04-23 for PO PO-1: 2 lines, total 16.00 EUR.',
    );
  });
});
