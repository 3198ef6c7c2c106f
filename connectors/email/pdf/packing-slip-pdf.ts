import type { Shipment } from '../../../src/core/documents.ts';
import type { Order, OrderLine } from '../../../src/core/order.ts';
import { MARGIN, PdfCanvas } from './pdf-canvas.ts';
import { pdfLabels } from './pdf-labels.ts';
import { headingParties, type PdfParties, shipToLine } from './pdf-parties.ts';
import { drawTable } from './pdf-table.ts';
import { ssccBarcodePng, ssccText, ssccValid } from './sscc-barcode.ts';

/** What a packing slip is made of: the 856's Shipment, its orders, the names, the clock. */
export interface PackingSlipPdfInput extends PdfParties {
  shipment: Shipment;
  /** The shipment's orders (an 856 may ship several); the first names the heading. */
  orders: readonly Order[];
  /** Our shipment id (856 BSN02), the slip's reference. */
  shipmentId: string;
  createdAt: Date;
}

/** Points per barcode module: 1.2 pt ≈ 0.42 mm, inside GS1-128's range for logistic labels at this size. */
const MODULE = 1.2;
const BAR_HEIGHT = 46;

/**
 * The packing slip (the 856 on paper): the shipment's facts, then one block per pack: "Package 2 of 5", its
 * SSCC as a GS1-128 barcode with the human-readable "(00) …" under it, the pallet it travels on, and its lines
 * (the packed line's items, else the order line's, as the 856 writes them). A block starts on a new page when
 * its barcode would not fit. An SSCC with a wrong check digit gets no barcode (a scanner would refuse it, and
 * GS1-128 would encode a wrong key) and says so in its place.
 */
export async function packingSlipPdf(input: PackingSlipPdfInput): Promise<Uint8Array> {
  const { shipment, orders } = input;
  const first = orders[0]!;
  const carrier = [shipment.carrier?.scac, shipment.carrier?.method].filter(Boolean).join(' ');
  const labels = pdfLabels(input.language);
  const f = labels.fact;
  const facts: [string, string][] = [
    [f.shipment, input.shipmentId],
    [f.poNumber, orders.map((o) => o.poNumber).join(', ')],
    [f.shipDate, shipment.shipDate],
  ];
  if (carrier) facts.push([f.carrier, carrier]);
  if (shipment.trackingNumber) facts.push([f.tracking, shipment.trackingNumber]);
  const shipTo = shipToLine(first);
  if (shipTo) facts.push([f.shipTo, shipTo]);
  facts.push([f.packages, String(shipment.packs.length)]);
  const canvas = await PdfCanvas.create({
    title: labels.title.packingSlip,
    reference: input.shipmentId,
    ...headingParties(first, input),
    facts,
    createdAt: input.createdAt,
    labels,
  });
  const find = (lineNumber: string): { order: Order; line: OrderLine } | undefined => {
    for (const order of orders) {
      const line = order.lines.find((l) => l.lineNumber === lineNumber);
      if (line) return { order, line };
    }
    return undefined;
  };
  for (const [index, pack] of shipment.packs.entries()) {
    canvas.ensure(BAR_HEIGHT + 80);
    canvas.y -= 14;
    canvas.text(MARGIN, canvas.y, labels.package(index + 1, shipment.packs.length), {
      size: 11,
      bold: true,
    });
    if (pack.tare)
      canvas.text(canvas.width - MARGIN, canvas.y, `${labels.pallet} ${ssccText(pack.tare)}`, {
        align: 'right',
      });
    canvas.y -= 8;
    if (ssccValid(pack.sscc)) {
      const { png, modules } = await ssccBarcodePng(pack.sscc);
      const image = await canvas.doc.embedPng(png);
      canvas.y -= BAR_HEIGHT;
      canvas.page.drawImage(image, { x: MARGIN, y: canvas.y, width: modules * MODULE, height: BAR_HEIGHT });
      canvas.y -= 12;
      canvas.text(MARGIN, canvas.y, ssccText(pack.sscc), { size: 10 });
    } else {
      canvas.y -= 12;
      canvas.text(MARGIN, canvas.y, labels.wrongCheckDigit(pack.sscc), {
        size: 10,
        bold: true,
      });
    }
    canvas.y -= 4;
    const rows = pack.lines.map((packed) => {
      const lineNumber = String(packed.lineNumber);
      const found = find(lineNumber);
      const items = packed.items ?? found?.line.items;
      return [
        found?.order.poNumber,
        lineNumber,
        items?.buyerItem,
        items?.vendorItem ?? items?.sku,
        items?.gtin ?? items?.upc ?? items?.ean,
        found?.line.description,
        `${packed.quantity}${found?.line.uom ? ` ${found.line.uom}` : ''}`,
      ];
    });
    const c = labels.column;
    drawTable(
      canvas,
      [
        { title: c.po, width: 70 },
        { title: c.line, width: 30 },
        { title: c.buyerItem, width: 70 },
        { title: c.vendorItem, width: 70 },
        { title: c.gtin, width: 80 },
        { title: c.description, width: 150 },
        { title: c.qty, width: 58, align: 'right' },
      ],
      rows,
    );
  }
  return canvas.finish();
}
