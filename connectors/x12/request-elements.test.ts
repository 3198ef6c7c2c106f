import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../src/core/documents.ts';
import { Order } from '../../src/core/order.ts';
import { defaultOutboundMapping } from '../../src/mapping/default-outbound-mapping.ts';
import { elementAttributes } from '../../src/x12/element-attributes.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import { encode810 } from './encode-810.ts';
import { encode856 } from './encode-856.ts';
import { input, one } from './fixtures/ship-notice.ts';
import { invoiceElements, type RequestElement, shipmentElements } from './request-elements.ts';

/**
 * The request values listed for the check are where the encoders write them: each one is found, written the
 * same way, in an element of the same attributes of the segment named, so a value the encoders move is caught.
 */
function expectWritten(elements: RequestElement[], body: SegmentData[]): void {
  for (const { path, value, tag, position } of elements) {
    const wanted = elementAttributes(tag, position);
    const found = body.some(
      (segment) =>
        segment[0] === tag &&
        segment.some((v, i) => i > 0 && v === value && elementAttributes(tag, i) === wanted),
    );
    expect(found, `${path} "${value}" in ${tag}`).toBe(true);
  }
}

describe('request elements', () => {
  it('lists every value of a shipment where the 856 writes it', () => {
    const mapping = defaultOutboundMapping('856');
    const shipment = {
      ...one,
      packs: one.packs.map((pack, p) =>
        p === 0
          ? { ...pack, lines: [{ ...pack.lines[0]!, items: { upc: '012345678905', vendorItem: 'CL-1' } }] }
          : pack,
      ),
    };
    const elements = shipmentElements(shipment, mapping);
    expect(elements.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'carrier.scac',
        'carrier.method',
        'trackingNumber',
        'shipDate',
        'packs.0.sscc',
        'packs.0.tare',
        'packs.0.lines.0.lineNumber',
        'packs.0.lines.0.quantity',
        'packs.0.lines.0.items.upc',
        'packs.0.lines.0.items.vendorItem',
      ]),
    );
    expectWritten(elements, encode856({ ...input(shipment, 'SOTPI', '004010'), mapping }));
  });

  it('lists every value of an invoice where the 810 writes it', () => {
    const mapping = defaultOutboundMapping('810');
    const order = Order.parse({
      ...{ id: 'ord_1', partnerId: 'p', channel: 'x12', poNumber: 'PO-1', poDate: '2026-03-01' },
      ...{ purpose: 'original', orderType: 'stand_alone', currency: 'USD', parties: {}, dates: {} },
      ...{ references: {}, totals: { lineCount: 1, quantity: '4' }, source: { messageId: 'm' } },
      lines: [
        { lineNumber: '1', quantity: '4', uom: 'EA', unitPrice: '2.5', items: { upc: '012345678905' } },
      ],
    });
    const invoice: Invoice = {
      invoiceNumber: 'INV-9',
      orderId: 'ord_1',
      invoiceDate: '2026-03-05',
      terms: { discountPercent: '2', discountDays: 10, netDays: 30, description: '2% 10 NET 30' },
      lines: [{ lineNumber: '1', quantity: '4', unitPrice: '2.5' }],
      allowancesCharges: [{ type: 'charge', code: 'D240', description: 'Freight', amount: '1.25' }],
      total: '11.25',
    };
    const elements = invoiceElements(invoice, mapping);
    expect(elements.map((e) => e.path)).toEqual([
      'invoiceDate',
      'invoiceNumber',
      'terms.discountPercent',
      'terms.discountDays',
      'terms.netDays',
      'terms.description',
      'lines.0.lineNumber',
      'lines.0.quantity',
      'lines.0.unitPrice',
      'total',
      'allowancesCharges.0.code',
      'allowancesCharges.0.amount',
      'allowancesCharges.0.description',
    ]);
    expectWritten(elements, encode810({ invoice, order, version: '004010', mapping }));
  });
});
