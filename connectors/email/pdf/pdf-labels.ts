/**
 * The words the PDFs print, in the partner's language as its notice mails are written (English, German): the
 * titles, headings, column titles and page numbers. Values (item numbers, descriptions, reasons) are printed
 * as the documents hold them.
 */
export interface PdfLabels {
  title: { confirmation: string; packingSlip: string; invoice: string };
  po: (number: string) => string;
  from: string;
  to: string;
  page: (page: number, of: number) => string;
  fact: {
    poNumber: string;
    poDate: string;
    status: string;
    ourOrderNumber: string;
    requestedShip: string;
    shipTo: string;
    currency: string;
    shipment: string;
    shipDate: string;
    carrier: string;
    tracking: string;
    packages: string;
    invoiceNumber: string;
    invoiceDate: string;
    terms: string;
    discountUntil: string;
    dueDate: string;
  };
  ackStatus: { accepted: string; accepted_with_changes: string; rejected: string };
  column: {
    line: string;
    item: string;
    description: string;
    ordered: string;
    confirmed: string;
    unitPrice: string;
    outcome: string;
    qty: string;
    amount: string;
    po: string;
    buyerItem: string;
    vendorItem: string;
    gtin: string;
  };
  package: (n: number, of: number) => string;
  pallet: string;
  wrongCheckDigit: (sscc: string) => string;
  allowance: string;
  charge: string;
  total: string;
  termsWords: { discount: (percent: string, days: number) => string; net: (days: number) => string };
}

const en: PdfLabels = {
  title: { confirmation: 'Order Confirmation', packingSlip: 'Packing Slip', invoice: 'Invoice' },
  po: (n) => `PO ${n}`,
  from: 'From',
  to: 'To',
  page: (p, n) => `Page ${p} of ${n}`,
  fact: {
    poNumber: 'PO number',
    poDate: 'PO date',
    status: 'Status',
    ourOrderNumber: 'Our order number',
    requestedShip: 'Requested ship',
    shipTo: 'Ship to',
    currency: 'Currency',
    shipment: 'Shipment',
    shipDate: 'Ship date',
    carrier: 'Carrier',
    tracking: 'Tracking',
    packages: 'Packages',
    invoiceNumber: 'Invoice number',
    invoiceDate: 'Invoice date',
    terms: 'Terms',
    discountUntil: 'Discount until',
    dueDate: 'Due date',
  },
  ackStatus: { accepted: 'Accepted', accepted_with_changes: 'Accepted with changes', rejected: 'Rejected' },
  column: {
    line: 'Line',
    item: 'Item',
    description: 'Description',
    ordered: 'Ordered',
    confirmed: 'Confirmed',
    unitPrice: 'Unit price',
    outcome: 'Outcome',
    qty: 'Qty',
    amount: 'Amount',
    po: 'PO',
    buyerItem: 'Buyer item',
    vendorItem: 'Vendor item',
    gtin: 'GTIN',
  },
  package: (n, of) => `Package ${n} of ${of}`,
  pallet: 'Pallet SSCC',
  wrongCheckDigit: (sscc) => `SSCC ${sscc}: wrong check digit, no barcode`,
  allowance: 'Allowance',
  charge: 'Charge',
  total: 'Total',
  termsWords: { discount: (p, d) => `${p}% ${d} days`, net: (d) => `net ${d}` },
};

const de: PdfLabels = {
  title: { confirmation: 'Auftragsbestätigung', packingSlip: 'Lieferschein', invoice: 'Rechnung' },
  po: (n) => `Bestellung ${n}`,
  from: 'Von',
  to: 'An',
  page: (p, n) => `Seite ${p} von ${n}`,
  fact: {
    poNumber: 'Bestellnummer',
    poDate: 'Bestelldatum',
    status: 'Status',
    ourOrderNumber: 'Unsere Auftragsnr.',
    requestedShip: 'Gewünschter Versand',
    shipTo: 'Lieferadresse',
    currency: 'Währung',
    shipment: 'Sendung',
    shipDate: 'Versanddatum',
    carrier: 'Spediteur',
    tracking: 'Sendungsnummer',
    packages: 'Packstücke',
    invoiceNumber: 'Rechnungsnummer',
    invoiceDate: 'Rechnungsdatum',
    terms: 'Zahlungsbedingungen',
    discountUntil: 'Skonto bis',
    dueDate: 'Fällig am',
  },
  ackStatus: {
    accepted: 'Angenommen',
    accepted_with_changes: 'Angenommen mit Änderungen',
    rejected: 'Abgelehnt',
  },
  column: {
    line: 'Pos.',
    item: 'Artikel',
    description: 'Beschreibung',
    ordered: 'Bestellt',
    confirmed: 'Bestätigt',
    unitPrice: 'Einzelpreis',
    outcome: 'Ergebnis',
    qty: 'Menge',
    amount: 'Betrag',
    po: 'Bestellung',
    buyerItem: 'Ihre Art.-Nr.',
    vendorItem: 'Unsere Art.-Nr.',
    gtin: 'GTIN',
  },
  package: (n, of) => `Packstück ${n} von ${of}`,
  pallet: 'Paletten-SSCC',
  wrongCheckDigit: (sscc) => `SSCC ${sscc}: falsche Prüfziffer, kein Barcode`,
  allowance: 'Abzug',
  charge: 'Zuschlag',
  total: 'Gesamt',
  termsWords: { discount: (p, d) => `${p}% Skonto ${d} Tage`, net: (d) => `netto ${d} Tage` },
};

const LABELS: Readonly<Record<string, PdfLabels>> = { en, de };

/** The labels of a language (`de`, `de-AT` → German), English for one not in the table: as mailTexts picks. */
export function pdfLabels(language: string | undefined): PdfLabels {
  return LABELS[(language ?? 'en').toLowerCase().split(/[-_]/)[0]!] ?? en;
}
