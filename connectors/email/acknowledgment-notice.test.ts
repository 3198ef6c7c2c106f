import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Acknowledgment } from '../../src/core/documents.ts';
import { Order } from '../../src/core/order.ts';
import { acknowledgmentNoticeCsv, acknowledgmentNoticeText } from './acknowledgment-notice.ts';

const order = Order.parse({
  id: 'order-1',
  partnerId: 'corner-shop',
  channel: 'email',
  poNumber: 'PO-9001',
  poDate: '2026-03-02',
  purpose: 'original',
  orderType: 'stand_alone',
  currency: 'EUR',
  parties: {},
  dates: {},
  references: { raw: [] },
  lines: [
    { lineNumber: '1', quantity: '10', uom: 'CA', unitPrice: '4.10', items: { buyerItem: 'B-1' } },
    { lineNumber: '2', quantity: '3', uom: 'CA', unitPrice: '7.00', items: { sku: 'SKU-2' } },
    { lineNumber: '3', quantity: '40', uom: 'EA', unitPrice: '1.25', items: { buyerItem: 'B-3' } },
    { lineNumber: '4', quantity: '5', uom: 'EA', items: { buyerItem: 'B-UNKNOWN' } },
    { lineNumber: '5', quantity: '6', uom: 'EA', unitPrice: '2.50', items: { gtin: '4006381333931' } },
    { lineNumber: '6', quantity: '12', uom: 'EA', unitPrice: '3.00', items: { buyerItem: 'B-6' } },
  ],
  totals: { lineCount: 6, quantity: '76' },
  source: { messageId: 'msg-1' },
});

const mixed: Acknowledgment = {
  orderId: 'order-1',
  status: 'accepted_with_changes',
  erpOrderNumber: 'SO-448812',
  lines: [
    { lineNumber: '1', status: 'price_changed', quantity: '10', unitPrice: '4.35' },
    { lineNumber: '2', status: 'quantity_changed', quantity: '6' },
    { lineNumber: '3', status: 'backordered', quantity: '40' },
    { lineNumber: '4', status: 'rejected', quantity: '5', reason: 'item B-UNKNOWN is not in our catalogue' },
    { lineNumber: '5', status: 'accepted', quantity: '6' },
    {
      lineNumber: '6',
      status: 'substituted',
      quantity: '12',
      items: { sku: 'SKU-NEW', gtin: '4006381333948' },
    },
  ],
};

const notice = (language: string, ack: Acknowledgment = mixed, of: Order = order) => ({
  summaryText: acknowledgmentNoticeText(ack, of, language),
  csv: acknowledgmentNoticeCsv(ack, of, language),
});

const rows = (csv: Uint8Array) => parse(Buffer.from(csv), { bom: true }) as string[][];

describe('the 855 notice of a mail partner', () => {
  it('tells every line its outcome in words, with the ERP order number (English)', () => {
    expect(notice('en').summaryText).toBe(
      [
        'Order acknowledgment for PO PO-9001: accepted with changes. 6 lines, 4 changed, 1 rejected.',
        'Our order number: SO-448812',
        '',
        '- Line 1 (B-1): price changed to 4.35 EUR, 10 CA',
        '- Line 2 (SKU-2): quantity changed to 6 CA',
        '- Line 3 (B-3): backordered, 40 EA to follow',
        '- Line 4 (B-UNKNOWN): rejected: item B-UNKNOWN is not in our catalogue',
        '- Line 5 (4006381333931): accepted, 6 EA',
        '- Line 6 (B-6): substituted by SKU-NEW, GTIN 4006381333948, 12 EA',
      ].join('\n'),
    );
  });

  it('says the same in German', () => {
    expect(notice('de-AT').summaryText).toBe(
      [
        'Auftragsbestätigung zu Bestellung PO-9001: mit Änderungen angenommen. 6 Positionen, 4 geändert, 1 abgelehnt.',
        'Unsere Auftragsnummer: SO-448812',
        '',
        '- Position 1 (B-1): Preis geändert auf 4.35 EUR, 10 CA',
        '- Position 2 (SKU-2): Menge geändert auf 6 CA',
        '- Position 3 (B-3): im Rückstand, 40 EA werden nachgeliefert',
        '- Position 4 (B-UNKNOWN): abgelehnt: item B-UNKNOWN is not in our catalogue',
        '- Position 5 (4006381333931): angenommen, 6 EA',
        '- Position 6 (B-6): ersetzt durch SKU-NEW, GTIN 4006381333948, 12 EA',
      ].join('\n'),
    );
  });

  it('attaches a CSV with the status code, the outcome, the substitute and the ERP order number per line', () => {
    const { csv } = notice('en');
    const [header, ...lines] = rows(csv);
    expect(header).toEqual([
      'PO Number',
      'Line',
      'Buyer Item',
      'Vendor Item',
      'SKU',
      'GTIN/UPC/EAN',
      'Ordered Qty',
      'UOM',
      'Status',
      'Qty',
      'Unit Price',
      'Reason',
      'Outcome',
      'Substitute SKU',
      'Substitute GTIN',
      'ERP Order Number',
    ]);
    const pick = (r: string[]) => [r[1], r[8], r[9], r[10], r[12], r[13], r[14], r[15]];
    expect(lines.map(pick)).toEqual([
      ['1', 'price_changed', '10', '4.35', 'price changed to 4.35 EUR, 10 CA', '', '', 'SO-448812'],
      ['2', 'quantity_changed', '6', '7.00', 'quantity changed to 6 CA', '', '', 'SO-448812'],
      ['3', 'backordered', '40', '1.25', 'backordered, 40 EA to follow', '', '', 'SO-448812'],
      // a rejected line acknowledges none, as the X12 855 says
      ['4', 'rejected', '0', '', 'rejected: item B-UNKNOWN is not in our catalogue', '', '', 'SO-448812'],
      ['5', 'accepted', '6', '2.50', 'accepted, 6 EA', '', '', 'SO-448812'],
      [
        '6',
        'substituted',
        '12',
        '3.00',
        'substituted by SKU-NEW, GTIN 4006381333948, 12 EA',
        'SKU-NEW',
        '4006381333948',
        'SO-448812',
      ],
    ]);
    // German outcomes in a German partner's CSV
    expect(rows(notice('de').csv)[1]![12]).toBe('Preis geändert auf 4.35 EUR, 10 CA');
  });

  it('names a new price that comes with another change', () => {
    const ack: Acknowledgment = {
      orderId: 'order-1',
      status: 'accepted_with_changes',
      lines: [
        { lineNumber: '2', status: 'quantity_changed', quantity: '6', unitPrice: '6.50' },
        { lineNumber: '3', status: 'backordered', quantity: '40', unitPrice: '1.25' },
      ],
    };
    const { summaryText } = notice('de', ack);
    expect(summaryText).toContain('- Position 2 (SKU-2): Menge geändert auf 6 CA, neuer Preis 6.50 EUR');
    // the order's own price, written as it was: no news
    expect(summaryText.split('\n')).toContain('- Position 3 (B-3): im Rückstand, 40 EA werden nachgeliefert');
  });

  it('lists the first 100 lines in the mail and leaves the rest to the CSV', () => {
    const many = Order.parse({
      ...order,
      lines: Array.from({ length: 105 }, (_, i) => ({
        lineNumber: String(i + 1),
        quantity: '1',
        uom: 'EA',
        items: {},
      })),
      totals: { lineCount: 105, quantity: '105' },
    });
    const ack: Acknowledgment = {
      orderId: 'order-1',
      status: 'accepted',
      lines: many.lines.map((l) => ({ lineNumber: l.lineNumber, status: 'accepted', quantity: '1' })),
    };
    const { summaryText, csv } = notice('en', ack, many);
    const listed = summaryText.split('\n').filter((l) => l.startsWith('- '));
    expect(listed).toHaveLength(100);
    expect(summaryText.endsWith('… and 5 more')).toBe(true);
    // no ERP number recorded: no line for it
    expect(summaryText).not.toContain('order number');
    expect(rows(csv)).toHaveLength(106);
  });
});
