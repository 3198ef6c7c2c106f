import { type PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { PdfLabels } from './pdf-labels.ts';
import { winAnsi } from './pdf-text.ts';
import { wrapText } from './pdf-wrap.ts';

/** US Letter, in points: the paper of the X12 partners these documents stand in for. */
const PAGE: [number, number] = [612, 792];
export const MARGIN = 42;
/** Room kept at the bottom for the "Page 1 of 3" footer. */
const FOOTER = 30;

/** What every page names: the document, and who sends it to whom. */
export interface PdfHeading {
  /** "Order Confirmation", "Packing Slip", "Invoice". */
  title: string;
  /** The document's number as the partner knows it, printed on every page: "PO 4500012345". */
  reference: string;
  /** The supplier (us; empty when unknown) and the partner: a name, then address lines. */
  supplier: string[];
  partner: string[];
  /** Label and value pairs under the heading on the first page: dates, numbers, terms. */
  facts: [string, string][];
  /**
   * The moment the document was made (the injected clock, or the stored document's creation): the PDF's
   * creation and modification dates, so the same input gives the same bytes.
   */
  createdAt: Date;
  /** The words in the partner's language (pdf-labels.ts). */
  labels: PdfLabels;
}

interface TextOptions {
  size?: number;
  bold?: boolean;
  /** `right`: `x` is where the text ends. */
  align?: 'left' | 'right';
}

/**
 * One PDF being written top to bottom: pages with the heading (in full on the first page, the title and
 * reference on the others), a cursor `y` that moves down, a new page when a block does not fit, and the
 * "Page i of n" footers written once the page count is known. Text goes through `winAnsi`, so no character
 * makes the standard fonts throw.
 */
export class PdfCanvas {
  readonly width = PAGE[0];
  readonly bottom = MARGIN + FOOTER;
  y = 0;
  page!: PDFPage;
  /** Called after a page break's heading, to repeat a table's column titles. */
  onNewPage: (() => void) | undefined;

  private constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    private readonly heading: PdfHeading,
  ) {}

  /** The words in the partner's language. */
  get labels(): PdfLabels {
    return this.heading.labels;
  }

  static async create(heading: PdfHeading): Promise<PdfCanvas> {
    const { PDFDocument } = await import('pdf-lib');
    // no metadata from the wall clock: the dates and producer are set below from the heading
    const doc = await PDFDocument.create({ updateMetadata: false });
    const title = winAnsi(`${heading.title} ${heading.reference}`);
    doc.setTitle(title);
    doc.setProducer('ordergate');
    doc.setCreator('ordergate');
    doc.setCreationDate(heading.createdAt);
    doc.setModificationDate(heading.createdAt);
    const canvas = new PdfCanvas(
      doc,
      await doc.embedFont(StandardFonts.Helvetica),
      await doc.embedFont(StandardFonts.HelveticaBold),
      heading,
    );
    canvas.firstPage();
    return canvas;
  }

  /** Draws one line of text at (x, y) (y the baseline); returns its width. */
  text(x: number, y: number, value: string, options: TextOptions = {}): number {
    const size = options.size ?? 9;
    const font = options.bold ? this.bold : this.font;
    const safe = winAnsi(value);
    const width = font.widthOfTextAtSize(safe, size);
    this.page.drawText(safe, { x: options.align === 'right' ? x - width : x, y, size, font });
    return width;
  }

  /** Text wrapped to `width`, drawn from the cursor down; the cursor moves below it. */
  paragraph(value: string, options: { size?: number; width?: number } = {}): void {
    const size = options.size ?? 9;
    for (const line of wrapText(winAnsi(value), this.font, size, options.width ?? this.width - 2 * MARGIN)) {
      this.ensure(size + 3);
      this.y -= size + 3;
      this.text(MARGIN, this.y, line, { size });
    }
  }

  /** A thin rule across the page at the cursor. */
  rule(): void {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: this.width - MARGIN, y: this.y },
      thickness: 0.5,
      color: rgb(0.5, 0.5, 0.5),
    });
  }

  /** Makes room for a block `height` points tall: a new page when it does not fit above the footer. */
  ensure(height: number): boolean {
    if (this.y - height >= this.bottom) return false;
    this.nextPage();
    return true;
  }

  /** Every page numbered "Page i of n" at the bottom right, then the bytes. */
  async finish(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      this.page = page;
      this.text(this.width - MARGIN, MARGIN, this.heading.labels.page(index + 1, pages.length), {
        size: 8,
        align: 'right',
      });
    });
    // without object streams the file is plain PDF 1.4 any reader opens, and it is as stable byte for byte
    return this.doc.save({ useObjectStreams: false });
  }

  private nextPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    this.text(MARGIN, this.y - 10, `${this.heading.title} ${this.heading.reference}`, {
      size: 10,
      bold: true,
    });
    this.text(this.width - MARGIN, this.y - 10, this.heading.supplier[0] ?? '', { size: 8, align: 'right' });
    this.y -= 18;
    this.rule();
    this.y -= 6;
    this.onNewPage?.();
  }

  /** The first page's heading: title, reference, supplier (left) and partner (right), then the facts. */
  private firstPage(): void {
    const h = this.heading;
    this.page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    this.text(MARGIN, this.y - 16, h.title, { size: 16, bold: true });
    this.text(this.width - MARGIN, this.y - 16, h.reference, { size: 12, bold: true, align: 'right' });
    this.y -= 36;
    const column = (this.width - 2 * MARGIN) / 2;
    const block = (x: number, label: string, lines: string[]) => {
      let y = this.y;
      if (lines.length === 0) return y;
      this.text(x, y, label, { size: 8, bold: true });
      for (const [i, line] of lines.entries()) {
        for (const part of wrapText(winAnsi(line), this.font, 9, column - 12)) {
          y -= 11;
          this.text(x, y, part, { bold: i === 0 });
        }
      }
      return y;
    };
    const low = Math.min(
      block(MARGIN, h.labels.from, h.supplier),
      block(MARGIN + column, h.labels.to, h.partner),
    );
    this.y = low - 16;
    for (const [label, value] of h.facts) {
      this.text(MARGIN, this.y, `${label}:`, { bold: true });
      this.text(MARGIN + 110, this.y, value);
      this.y -= 12;
    }
    this.y -= 4;
  }
}
