import { Decimal } from 'decimal.js';
import type { Acknowledgment, LineOutcomeStatus } from '../../src/core/documents.ts';
import type { ItemIds, Order, OrderLine } from '../../src/core/order.ts';
import { type CsvCell, toCsv } from './csv-out.ts';
import { mailTexts } from './texts.ts';

/**
 * The 855 of a mail or upload partner, as a notice mail says it: every line's outcome in words (what the X12
 * 855 says with ACK-01 IA, IB, IP, IQ, IR, IS), the ERP's order number when recorded (855 BAK08), and the CSV
 * with a status code and an outcome column per line. In the partner's language (English, German); the reasons
 * are quoted as the rules wrote them.
 */

type Line = Acknowledgment['lines'][number];

/** What a line's outcome says, given its quantity with unit, its new price with currency, its substitute. */
interface OutcomeWords {
  line: (lineNumber: string, item: string | undefined) => string;
  outcome: Record<
    LineOutcomeStatus,
    (o: { quantity: string; price?: string; substitute?: string; reason?: string }) => string
  >;
  substitute: (sku: string | undefined, gtin: string | undefined) => string;
  /** A new price beside another change (ACK-01 has one code per line; the 855's PO1-04 carries the price). */
  alsoPrice: (price: string) => string;
  erpOrderNumber: (number: string) => string;
}

const en: OutcomeWords = {
  line: (n, item) => `Line ${n}${item ? ` (${item})` : ''}`,
  outcome: {
    accepted: ({ quantity }) => `accepted, ${quantity}`,
    backordered: ({ quantity }) => `backordered, ${quantity} to follow`,
    price_changed: ({ price, quantity }) => `price changed to ${price}, ${quantity}`,
    quantity_changed: ({ quantity }) => `quantity changed to ${quantity}`,
    rejected: ({ reason }) => `rejected${reason ? `: ${reason}` : ''}`,
    substituted: ({ substitute, quantity }) => `substituted by ${substitute}, ${quantity}`,
  },
  substitute: (sku, gtin) => [sku, gtin && `GTIN ${gtin}`].filter(Boolean).join(', '),
  alsoPrice: (price) => `, new price ${price}`,
  erpOrderNumber: (number) => `Our order number: ${number}`,
};

const de: OutcomeWords = {
  line: (n, item) => `Position ${n}${item ? ` (${item})` : ''}`,
  outcome: {
    accepted: ({ quantity }) => `angenommen, ${quantity}`,
    backordered: ({ quantity }) => `im Rückstand, ${quantity} werden nachgeliefert`,
    price_changed: ({ price, quantity }) => `Preis geändert auf ${price}, ${quantity}`,
    quantity_changed: ({ quantity }) => `Menge geändert auf ${quantity}`,
    rejected: ({ reason }) => `abgelehnt${reason ? `: ${reason}` : ''}`,
    substituted: ({ substitute, quantity }) => `ersetzt durch ${substitute}, ${quantity}`,
  },
  substitute: (sku, gtin) => [sku, gtin && `GTIN ${gtin}`].filter(Boolean).join(', '),
  alsoPrice: (price) => `, neuer Preis ${price}`,
  erpOrderNumber: (number) => `Unsere Auftragsnummer: ${number}`,
};

const WORDS: Readonly<Record<string, OutcomeWords>> = { en, de };

/** The words of a language (`de`, `de-AT` → German), English for one not in the table: as mailTexts picks. */
function wordsOf(language: string | undefined): OutcomeWords {
  return WORDS[(language ?? 'en').toLowerCase().split(/[-_]/)[0]!] ?? en;
}

/** Lines the mail body lists before "… and N more"; the CSV has every line. */
const LISTED = 100;

const lineOf = (order: Order, lineNumber: string): OrderLine | undefined =>
  order.lines.find((line) => line.lineNumber === lineNumber);

/** The number the buyer knows the item by: its own, else ours, else the GTIN. */
const itemLabel = (items: ItemIds | undefined) =>
  items?.buyerItem ?? items?.vendorItem ?? items?.sku ?? items?.gtin ?? items?.upc ?? items?.ean;

const substituteGtin = (items: ItemIds | undefined) => items?.gtin ?? items?.upc ?? items?.ean;

/** One line's outcome in words, e.g. "price changed to 4.35 USD, 10 CA", "substituted by SKU-9, 12 EA". */
export function outcomeText(line: Line, order: Order, language?: string): string {
  const w = wordsOf(language);
  const ordered = lineOf(order, line.lineNumber);
  const unit = ordered?.uom ? ` ${ordered.uom}` : '';
  const price = line.unitPrice === undefined ? undefined : `${line.unitPrice} ${order.currency}`;
  const text = w.outcome[line.status]({
    quantity: `${line.quantity}${unit}`,
    ...(price !== undefined && { price }),
    substitute: w.substitute(line.items?.sku ?? line.items?.vendorItem, substituteGtin(line.items)),
    ...(line.reason !== undefined && { reason: line.reason }),
  });
  // a quantity changed, a backorder or a substitute at another price than ordered says so too
  const repriced =
    price !== undefined &&
    ordered?.unitPrice !== undefined &&
    (line.status === 'quantity_changed' || line.status === 'backordered' || line.status === 'substituted') &&
    !new Decimal(line.unitPrice!).eq(ordered.unitPrice);
  return repriced ? `${text}${w.alsoPrice(price)}` : text;
}

/**
 * The body of the mail carrying an 855: the PO and the answer with how many lines changed or were rejected,
 * the ERP's order number when recorded, then every line with its outcome in words (the first {@link LISTED}).
 */
export function acknowledgmentNoticeText(ack: Acknowledgment, order: Order, language?: string): string {
  const t = mailTexts(language);
  const w = wordsOf(language);
  const rejected = ack.lines.filter((l) => l.status === 'rejected').length;
  const changed = ack.lines.filter((l) => l.status !== 'accepted' && l.status !== 'rejected').length;
  const head = t.ackSummary(order.poNumber, t.ackStatus[ack.status], ack.lines.length, changed, rejected);
  const lines = ack.lines.slice(0, LISTED).map((l) => {
    const label = w.line(l.lineNumber, itemLabel(lineOf(order, l.lineNumber)?.items));
    return `- ${label}: ${outcomeText(l, order, language)}`;
  });
  if (ack.lines.length > LISTED) lines.push(t.more(ack.lines.length - LISTED));
  const erp = ack.erpOrderNumber ? [w.erpOrderNumber(ack.erpOrderNumber)] : [];
  return [head, ...erp, '', ...lines].join('\n');
}

/**
 * The 855 as CSV, one row per acknowledged line: the order line's item numbers and ordered quantity beside the
 * answer: Status (the canonical code: accepted, backordered, price_changed, quantity_changed, rejected,
 * substituted), quantity, unit price, reason, then the Outcome in words, the substitute's SKU and GTIN, and the
 * ERP's order number. The columns up to Reason are those of the CSV notices had before.
 */
export function acknowledgmentNoticeCsv(ack: Acknowledgment, order: Order, language?: string): Uint8Array {
  const header = [
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
  ];
  const rows = ack.lines.map((line): CsvCell[] => {
    const ordered = lineOf(order, line.lineNumber);
    const items = ordered?.items;
    return [
      order.poNumber,
      line.lineNumber,
      items?.buyerItem,
      items?.vendorItem,
      items?.sku,
      items?.gtin ?? items?.upc ?? items?.ean,
      ordered?.quantity,
      ordered?.uom,
      line.status,
      // a rejected line acknowledges none, as the X12 855's ACK-02 says
      line.status === 'rejected' ? '0' : line.quantity,
      line.unitPrice ?? ordered?.unitPrice,
      line.reason,
      outcomeText(line, order, language),
      line.status === 'substituted' ? (line.items?.sku ?? line.items?.vendorItem) : undefined,
      line.status === 'substituted' ? substituteGtin(line.items) : undefined,
      ack.erpOrderNumber,
    ];
  });
  return toCsv(header, rows);
}
