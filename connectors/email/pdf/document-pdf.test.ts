import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDF_CLOCK, pdfInvoice, pdfOrder, pdfShipment } from '../../../test/support/pdf-fixtures.ts';
import { pdfTextIn } from '../../../test/support/pdf-text.ts';
import { invoicePdf } from './invoice-pdf.ts';
import { packingSlipPdf } from './packing-slip-pdf.ts';
import { Exact, money, winAnsi } from './pdf-text.ts';
import { ssccValid } from './sscc-barcode.ts';

const work = mkdtempSync(join(tmpdir(), 'ordergate-pdf-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('winAnsi', () => {
  it('keeps Latin-1 and Windows-1252, transliterates accents, replaces what has no Latin form', () => {
    expect(winAnsi('Müller – Straße 5 €')).toBe('Müller – Straße 5 €');
    expect(winAnsi('Łódź Kraków')).toBe('Lódz Kraków');
    expect(winAnsi('東京 ﬁle\tA\nB')).toBe('?? file A B');
  });
});

describe('money', () => {
  it('prints decimal strings exactly, at least two decimals, thousands grouped', () => {
    expect(money(new Exact('0.1').plus('0.2'))).toBe('0.30');
    expect(money('1234567.5')).toBe('1,234,567.50');
    expect(money(new Exact('3').times('1.005'))).toBe('3.015');
    expect(money('-5')).toBe('-5.00');
    expect(money('99999999999999999.99')).toBe('99,999,999,999,999,999.99');
  });
});

/** An invoice of `count` lines at 0.1, 0.2 and 1.005, its total computed with decimal strings. */
function bigInvoice(count: number) {
  const prices = ['0.1', '0.2', '1.005', '0.3'];
  const order = pdfOrder({
    lines: Array.from({ length: count }, (_, i) => ({
      lineNumber: String(i + 1),
      quantity: '2',
      uom: 'EA',
      unitPrice: prices[i % prices.length]!,
      items: { buyerItem: `HP-${i + 1}` },
      description:
        i % 10 === 0
          ? 'A long description that wraps over two lines or more in the table '.repeat(2)
          : `Item ${i + 1}`,
    })),
    totals: { lineCount: count, quantity: String(2 * count) },
  });
  const lines = order.lines.map((l) => ({
    lineNumber: l.lineNumber,
    quantity: l.quantity,
    unitPrice: l.unitPrice!,
  }));
  const total = lines
    .reduce((sum, l) => sum.plus(new Exact(l.quantity).times(l.unitPrice)), new Exact(0))
    .toFixed(2);
  return { order, invoice: { ...pdfInvoice, lines, allowancesCharges: [], total } };
}

describe('invoice PDF', () => {
  it('is the same bytes for the same input and clock, other bytes at another moment', async () => {
    const input = { invoice: pdfInvoice, order: pdfOrder(), createdAt: PDF_CLOCK };
    const a = await invoicePdf(input);
    const b = await invoicePdf(input);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const later = await invoicePdf({ ...input, createdAt: new Date('2026-03-03T00:00:00Z') });
    expect(Buffer.from(later).equals(Buffer.from(a))).toBe(false);
  });

  it('leaves the supplier block out when neither a name nor the order names us', async () => {
    const order = pdfOrder();
    const { seller: _, ...parties } = order.parties;
    const bytes = await invoicePdf({
      invoice: pdfInvoice,
      order: { ...order, parties },
      createdAt: PDF_CLOCK,
    });
    const head = pdfTextIn(work, bytes, 'no-seller').split('Invoice number')[0]!;
    expect(head).not.toMatch(/From|Supplier|Acme/);
    expect(head).toMatch(/To\s*\n\s*Harbor & Pine Müller GmbH/);
  });

  it('200 lines: pages numbered "Page i of n", column titles on every page, the exact total', async () => {
    const { order, invoice } = bigInvoice(200);
    // 50 × (0.2 + 0.4 + 2.01 + 0.6) = 160.50: sums of 0.1 and 0.2 a float would get wrong
    expect(invoice.total).toBe('160.50');
    const started = performance.now();
    const bytes = await invoicePdf({ invoice, order, createdAt: PDF_CLOCK });
    const ms = performance.now() - started;
    const text = pdfTextIn(work, bytes, 'big-invoice');
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toMatch(/Line\s+Item\s+Description\s+Qty\s+Unit price\s+Amount/);
    });
    expect(text).toMatch(/Total USD\s+160\.50/);
    // every line's amount printed: 2 × 1.005 = 2.01, 2 × 0.1 = 0.20
    expect(text.match(/\b2\.01\n/g)?.length).toBe(50);
    console.info(`200-line invoice: ${ms.toFixed(0)} ms, ${bytes.length} bytes, ${pages.length} pages`);
  });
});

describe('packing slip PDF', () => {
  it('is the same bytes for the same input and clock, barcode images included', async () => {
    const input = { shipment: pdfShipment, orders: [pdfOrder()], shipmentId: 'S-1', createdAt: PDF_CLOCK };
    const [a, b] = [await packingSlipPdf(input), await packingSlipPdf(input)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('prints no barcode for an SSCC with a wrong check digit, and says so', async () => {
    const wrong = '106141411234567890';
    expect(ssccValid(wrong)).toBe(false);
    const shipment = {
      ...pdfShipment,
      packs: [{ sscc: wrong, lines: [{ lineNumber: '1', quantity: '24' }] }],
    };
    const bytes = await packingSlipPdf({
      shipment,
      orders: [pdfOrder()],
      shipmentId: 'S-1',
      createdAt: PDF_CLOCK,
    });
    expect(pdfTextIn(work, bytes, 'wrong-sscc')).toContain(`SSCC ${wrong}: wrong check digit, no barcode`);
  });
});
