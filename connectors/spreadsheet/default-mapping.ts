import type { SpreadsheetField } from '../../src/mapping/spreadsheet-mapping.schema.ts';

/**
 * What the gateway knows of order forms without a partner mapping: the column headers and the labels above a
 * table that buyers write in English, German, French, Spanish, Dutch and Swedish. Every text is compared by
 * {@link normalizeLabel}, so `Art.-Nr.`, `art nr` and `ART-NR` are one. The sheet is the buyer's, so "our
 * article" is the buyer's number (buyerItem) and "your article" ours (vendorItem).
 */

/** A column the table finder looks for: a canonical field, or `item`, a bare "Item"/"Artikel" column. */
export type ColumnField = SpreadsheetField | 'item';

/** Header texts per field. `item` is resolved by the mapping's `identifier` (the default: our SKU). */
export const DEFAULT_HEADERS: Readonly<Record<ColumnField, readonly string[]>> = {
  poNumber: [
    'PO nbr',
    'PO num',
    'Cust PO',
    'Customer PO',
    'PO',
    'PO no.',
    'PO number',
    'PO #',
    'Purchase order',
    'Order no.',
    'Order number',
    'Order #',
    'Sales order number',
    'Auftragsnummer',
    'Auftrags-Nr.',
    'N° de commande',
    'No de commande',
    'Numéro de commande',
    'Número de pedido',
    'Nº pedido',
    'Pedido',
    'Bestelnummer',
    'Ordernummer',
    'Order nr',
    'Beställningsnummer',
  ],
  poDate: [
    'Order date',
    'PO date',
    'Date',
    'Bestelldatum',
    'Datum',
    'Date de commande',
    'Fecha',
    'Fecha de pedido',
    'Orderdatum',
    'Besteldatum',
  ],
  lineNumber: [
    'Line nbr',
    'Line num',
    'Line',
    'Line no.',
    'Pos.',
    'Pos',
    'Position',
    'Pos.-Nr.',
    'Ligne',
    'Línea',
    'Regel',
    'Rad',
    'Radnr',
    '#',
  ],
  quantity: [
    'Qty req',
    'Qty requested',
    'Qty ord',
    'Req qty',
    'Order qty (EA)',
    'Qty',
    'Quantity',
    'Order qty',
    'Order quantity',
    'Qty ordered',
    'Quantity ordered',
    'Anzahl',
    'Menge',
    'Bestellmenge',
    'Stückzahl',
    'Quantité',
    'Qté',
    'Cantidad',
    'Cant.',
    'Aantal',
    'Antal',
    'Kvantitet',
  ],
  uom: ['Unit', 'UoM', 'UM', 'Einheit', 'ME', 'Mengeneinheit', 'Unité', 'Unidad', 'Eenheid', 'Enhet'],
  unitPrice: [
    'Unit price',
    'Price',
    'Price each',
    'Unit cost',
    'Cost',
    'Stückpreis',
    'Einzelpreis',
    'Preis',
    'EK-Preis',
    'Prix unitaire',
    'Prix',
    'PU',
    'Precio',
    'Precio unitario',
    'Prijs',
    'Stukprijs',
    'Pris',
    'à-pris',
    'Styckpris',
  ],
  sku: ['SKU', 'Our SKU', 'Supplier SKU', 'Vendor SKU'],
  buyerItem: [
    'Buyer item',
    'Customer item',
    'Customer item no.',
    'Our item no.',
    'Our article no.',
    'Unsere Artikelnummer',
    'Kundenartikelnummer',
    'Notre référence',
    'Nuestra referencia',
    'Ons artikelnummer',
    'Vårt artikelnummer',
  ],
  vendorItem: [
    'Vendor item',
    'Vendor item no.',
    'Supplier item',
    'Supplier item no.',
    'Your item no.',
    'Your article no.',
    'Mfr part no.',
    'Ihre Artikelnummer',
    // a column "Bestellnummer" is the supplier's order code of the item, as catalogues print it; as a label
    // above the table it is the PO number (DEFAULT_LABELS)
    'Bestellnummer',
    'Bestell-Nr.',
    'Lieferantenartikelnummer',
    'Votre référence',
    'Réf. fournisseur',
    'Su referencia',
    'Referencia proveedor',
    'Uw artikelnummer',
    'Leveranciersartikelnummer',
    'Ert artikelnummer',
    'Leverantörens artikelnummer',
  ],
  item: [
    'Item nbr',
    'Item num',
    'Part #',
    'Part nbr',
    'Catalog no.',
    'Item',
    'Item no.',
    'Item number',
    'Item #',
    'Article',
    'Article no.',
    'Part no.',
    'Part number',
    'Material',
    'Material number',
    'Materialnummer',
    'Product code',
    'Artikel',
    'Artikelnummer',
    'Art.-Nr.',
    'Artikel-Nr.',
    'Artikelnr',
    'Référence',
    'Réf.',
    'Code article',
    'Referencia',
    'Ref.',
    'Código',
    'Artículo',
    'Artikelcode',
    'Artikelnr.',
  ],
  gtin: [
    'GTIN',
    'Barcode',
    'Bar code',
    'EAN/UPC',
    'GTIN-13',
    'GTIN-14',
    'Code-barres',
    'Código de barras',
    'Streepjescode',
    'Streckkod',
  ],
  ean: ['EAN', 'EAN-Code', 'EAN13', 'EAN code', 'Code EAN', 'Código EAN', 'EAN-nummer'],
  upc: ['UPC', 'UPC code', 'UPC-A'],
  description: [
    'Description',
    'Item description',
    'Product',
    'Product name',
    'Bezeichnung',
    'Artikelbezeichnung',
    'Beschreibung',
    'Produkt',
    'Désignation',
    'Libellé',
    'Descripción',
    'Producto',
    'Omschrijving',
    'Benämning',
    'Beskrivning',
    'Produktnamn',
  ],
  requestedDelivery: [
    'Req date',
    'Requested date',
    'Need by',
    'Due date',
    'Delivery date',
    'Requested delivery',
    'Required by',
    'Liefertermin',
    'Lieferdatum',
    'Wunschtermin',
    'Date de livraison',
    'Fecha de entrega',
    'Leverdatum',
    'Leveransdatum',
  ],
  shipTo: [
    'Ship to',
    'Deliver to',
    'Store',
    'Lieferadresse',
    'Lieferanschrift',
    'Lieferung an',
    'Warenempfänger',
    'Filiale',
    'Adresse de livraison',
    'Dirección de entrega',
    'Leveringsadres',
    'Livraison',
    'Enviar a',
    'Afleveradres',
    'Leveransadress',
  ],
  currency: ['Currency', 'Währung', 'Devise', 'Moneda', 'Valuta'],
  notes: [
    'Notes',
    'Note',
    'Comment',
    'Comments',
    'Bemerkung',
    'Anmerkung',
    'Remarque',
    'Commentaire',
    'Observaciones',
    'Opmerking',
    'Kommentar',
    'Anmärkning',
  ],
  packSize: [
    'Pack size',
    'Case pack',
    'Pack',
    'Inner pack',
    'VPE',
    'Verpackungseinheit',
    'Inhalt',
    'Colisage',
    'Unidades por caja',
    'Verpakkingseenheid',
    'Förpackning',
  ],
};

/** The order-level values a sheet may state above its table, as `Label: value` or a label and the cell right of it. */
export type LabelField =
  | 'poNumber'
  | 'poDate'
  | 'buyer'
  | 'shipTo'
  | 'requestedDelivery'
  | 'currency'
  | 'notes'
  | 'purpose';

/** Label texts per order-level field (a trailing colon is ignored). */
export const DEFAULT_LABELS: Readonly<Record<LabelField, readonly string[]>> = {
  poNumber: [
    ...DEFAULT_HEADERS.poNumber,
    'Bestellnummer',
    'Bestell-Nr.',
    'Order',
    'Bestellung Nr.',
    'Auftrag Nr.',
    'Commande n°',
  ],
  poDate: DEFAULT_HEADERS.poDate,
  buyer: [
    'Customer',
    'Buyer',
    'Kunde',
    'Besteller',
    'Client',
    'Cliente',
    'Klant',
    'Kund',
    'Customer no.',
    'Kundennummer',
  ],
  shipTo: DEFAULT_HEADERS.shipTo,
  requestedDelivery: DEFAULT_HEADERS.requestedDelivery,
  currency: DEFAULT_HEADERS.currency,
  notes: DEFAULT_HEADERS.notes,
  // `Purpose: Change`: the file is a change of an order sent before when its value is one of CHANGE_WORDS
  purpose: ['Purpose', 'Order purpose', 'Zweck', 'Bestellart', 'Objet', 'Tipo de pedido'],
};

/**
 * A sheet marked with one of these above its table (a cell of its own, as a title: `Order change`,
 * `Änderung`; or the value of a purpose label) is a change of the order with its PO number sent before: the
 * order it states replaces that one whole (purpose `replace`, every line of the file its new state).
 */
export const CHANGE_WORDS: readonly string[] = [
  'Change',
  'Order change',
  'Change order',
  'Changed order',
  'Order amendment',
  'Amendment',
  'Replacement',
  'Änderung',
  'Bestelländerung',
  'Auftragsänderung',
  'Änderungsbestellung',
  'Geänderte Bestellung',
  'Modification',
  'Modification de commande',
  'Commande modifiée',
  'Cambio',
  'Cambio de pedido',
  'Modificación de pedido',
  'Wijziging',
  'Orderwijziging',
  'Bestelwijziging',
  'Ändring',
  'Orderändring',
];

const CHANGE_KEYS: ReadonlySet<string> = new Set(CHANGE_WORDS.map((w) => normalizeLabel(w)));

/** True when `text` is one of {@link CHANGE_WORDS} (compared as labels are). */
export function isChangeWord(text: string): boolean {
  return CHANGE_KEYS.has(normalizeLabel(text));
}

/** What a totals row says in its first text cell: it sums the rows above and closes the table. */
export const TOTAL_WORDS: readonly string[] = [
  'Total',
  'Totals',
  'Grand total',
  'Subtotal',
  'Sum',
  'Gesamt',
  'Summe',
  'Gesamtsumme',
  'Zwischensumme',
  'Total général',
  'Sous-total',
  'Totaal',
  'Subtotaal',
  'Totalt',
  'Summa',
  'Suma',
  'Total general',
];

/**
 * A header or label as compared: accents, case, punctuation and spaces dropped, and a trailing unit in
 * brackets too (`Price (EUR)`, `Menge [Stk]`), so `Qté`, `QTE` and `Q.t.e.` are one.
 */
export function normalizeLabel(text: string): string {
  return text
    .replace(/\s*[([][^)\]]*[)\]]\s*$/u, '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}#]/gu, '');
}
