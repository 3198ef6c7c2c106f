import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { confirmationPdf } from '../connectors/email/pdf/confirmation-pdf.ts';
import { invoicePdf } from '../connectors/email/pdf/invoice-pdf.ts';
import { packingSlipPdf } from '../connectors/email/pdf/packing-slip-pdf.ts';
import { PDF_CLOCK, pdfAck, pdfInvoice, pdfOrder, pdfShipment } from './support/pdf-fixtures.ts';
import { pdfTextIn } from './support/pdf-text.ts';

/**
 * One golden text extraction per PDF document type: the fixture rendered, its text extracted by poppler's
 * `pdftotext -layout` (what a partner's program reading the PDF sees) and compared with
 * test/golden/pdf/<name>.txt. After an intended change: `UPDATE_GOLDEN=1 npx vitest run
 * test/pdf-documents-golden.test.ts` and review the diff. The packing slip's barcodes are read back with zbar.
 */
const GOLDEN = join(import.meta.dirname, 'golden/pdf');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const work = mkdtempSync(join(tmpdir(), 'ordergate-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const names = { supplierName: 'Acme Wholesale Supply', partnerName: 'Harbor & Pine' };

const pdfText = (bytes: Uint8Array, name: string) => pdfTextIn(work, bytes, name);

function golden(name: string, text: string): void {
  const path = join(GOLDEN, `${name}.txt`);
  if (UPDATE) writeFileSync(path, text);
  expect(text, 'regenerate with UPDATE_GOLDEN=1 (see the top of this test)').toBe(readFileSync(path, 'utf8'));
}

describe('PDF documents, golden text', () => {
  it('order confirmation', async () => {
    const bytes = await confirmationPdf({ ack: pdfAck, order: pdfOrder(), createdAt: PDF_CLOCK, ...names });
    const text = pdfText(bytes, 'confirmation');
    golden('confirmation', text);
    expect(text).toContain('price changed to 0.25 USD, 10 CA');
    // "Müller" kept (WinAnsi), "東京" replaced, not crashed on
    expect(text).toContain('Küchentuch Müller, ??');
  });

  it('invoice', async () => {
    const bytes = await invoicePdf({
      invoice: pdfInvoice,
      order: pdfOrder(),
      createdAt: PDF_CLOCK,
      ...names,
    });
    const text = pdfText(bytes, 'invoice');
    golden('invoice', text);
    expect(text).toMatch(/Total USD\s+126\.51/);
    expect(text).toMatch(/Due date:\s+2026-04-03/);
  });

  it('packing slip, its SSCC barcodes read back by zbar with their check digits', async () => {
    const bytes = await packingSlipPdf({
      shipment: pdfShipment,
      orders: [pdfOrder()],
      shipmentId: 'SHP-5521',
      createdAt: PDF_CLOCK,
      ...names,
    });
    const text = pdfText(bytes, 'packing-slip');
    golden('packing-slip', text);
    // the page rendered at 200 dpi as a scanner would see a printout; zbar reads GS1-128 as CODE-128 with
    // the FNC1 given as "]C1" symbology identifier or dropped, so the AI and SSCC follow
    execFileSync('pdftoppm', ['-png', '-r', '200', join(work, 'packing-slip.pdf'), join(work, 'slip')]);
    const pages = readdirSync(work).filter((f) => f.startsWith('slip') && f.endsWith('.png'));
    const read = pages.flatMap((page) =>
      execFileSync('zbarimg', ['--quiet', '--raw', '-Scode128.enable', join(work, page)], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean),
    );
    const GS = String.fromCharCode(29);
    const data = read.map((code) => (code.startsWith(']C1') ? code.slice(3) : code).replace(GS, ''));
    expect(data.sort()).toEqual(pdfShipment.packs.map((p) => `00${p.sscc}`).sort());
  });
});
