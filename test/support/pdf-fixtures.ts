import type { Acknowledgment, Invoice, Shipment } from '../../src/core/documents.ts';
import { Order } from '../../src/core/order.ts';

/** The fixed moment the PDF tests render at: the PDFs' creation and modification dates. */
export const PDF_CLOCK = new Date('2026-03-02T09:30:00Z');

/**
 * A realistic mail partner's order for the PDF tests: parties with addresses, terms, five lines with item
 * numbers, a description long enough to wrap, an umlaut (WinAnsi) and a name outside WinAnsi (東京).
 */
export function pdfOrder(overrides: Partial<Order> = {}): Order {
  return Order.parse({
    id: 'ord_pdf_1',
    partnerId: 'harbor-pine',
    channel: 'email',
    poNumber: 'PO-77120',
    poDate: '2026-02-27',
    purpose: 'original',
    orderType: 'SA',
    currency: 'USD',
    parties: {
      buyer: {
        name: 'Harbor & Pine Müller GmbH',
        address: {
          lines: ['12 Dock Street'],
          city: 'Portland',
          region: 'ME',
          postalCode: '04101',
          country: 'US',
        },
      },
      seller: {
        name: 'Acme Wholesale Supply',
        address: {
          lines: ['400 Industrial Way'],
          city: 'Columbus',
          region: 'OH',
          postalCode: '43215',
          country: 'US',
        },
      },
      shipTo: {
        name: 'Harbor & Pine DC 東京',
        address: { lines: ['7 Warehouse Rd'], city: 'Portland', region: 'ME', postalCode: '04102' },
      },
    },
    dates: { requestedShip: '2026-03-05' },
    terms: { discountPercent: '2', discountDays: 10, netDays: 30 },
    references: {},
    lines: [
      {
        lineNumber: '1',
        quantity: '24',
        uom: 'EA',
        unitPrice: '4.75',
        items: { buyerItem: 'HP-1001', vendorItem: 'AC-55', gtin: '00012345678905' },
        description: 'Cedar cutting board, large',
      },
      {
        lineNumber: '2',
        quantity: '10',
        uom: 'CA',
        unitPrice: '0.1',
        items: { buyerItem: 'HP-1002', vendorItem: 'AC-56' },
        description:
          'Beeswax wrap, assorted sizes, pack of three, organic cotton with jojoba oil and tree resin, reusable for up to a year',
      },
      {
        lineNumber: '3',
        quantity: '10',
        uom: 'CA',
        unitPrice: '0.2',
        items: { buyerItem: 'HP-1003', sku: 'AC-57' },
        description: 'Bamboo spatula',
      },
      {
        lineNumber: '4',
        quantity: '3',
        uom: 'EA',
        unitPrice: '1.005',
        items: { buyerItem: 'HP-1004', vendorItem: 'AC-58' },
        description: 'Küchentuch Müller, 東京 edition',
      },
      {
        lineNumber: '5',
        quantity: '6',
        uom: 'EA',
        unitPrice: '12.00',
        items: { buyerItem: 'HP-1005', vendorItem: 'AC-59', gtin: '00012345678912' },
        description: 'Enamel pot 2 qt',
      },
    ],
    totals: { lineCount: 5, quantity: '53' },
    notes: [],
    source: { messageId: 'msg_pdf_1' },
    ...overrides,
  });
}

/** The 855 of {@link pdfOrder}: accepted with changes (a backorder, a price change, a rejected line). */
export const pdfAck: Acknowledgment = {
  orderId: 'ord_pdf_1',
  status: 'accepted_with_changes',
  erpOrderNumber: 'SO-88231',
  lines: [
    { lineNumber: '1', status: 'accepted', quantity: '24', unitPrice: '4.75' },
    { lineNumber: '2', status: 'backordered', quantity: '10', unitPrice: '0.1' },
    { lineNumber: '3', status: 'price_changed', quantity: '10', unitPrice: '0.25' },
    { lineNumber: '4', status: 'quantity_changed', quantity: '2', unitPrice: '1.005' },
    { lineNumber: '5', status: 'rejected', quantity: '0', reason: 'item discontinued' },
  ],
};

/** The 856 of {@link pdfOrder}: three packs (SSCCs with their check digits), two on a pallet. */
export const pdfShipment: Shipment = {
  orderIds: ['ord_pdf_1'],
  shipDate: '2026-03-04',
  carrier: { scac: 'UPSN', method: 'ground' },
  trackingNumber: '1Z999AA10123456784',
  packs: [
    { sscc: '106141411234567897', tare: '006141410000000012', lines: [{ lineNumber: '1', quantity: '24' }] },
    {
      sscc: '106141411234567903',
      tare: '006141410000000012',
      lines: [
        { lineNumber: '2', quantity: '10' },
        { lineNumber: '3', quantity: '10' },
      ],
    },
    { sscc: '106141411234567910', lines: [{ lineNumber: '4', quantity: '2' }] },
  ],
};

/**
 * The 810 of {@link pdfOrder} as the invoice request stores it (lines and prices resolved): 24 × 4.75 +
 * 10 × 0.1 + 10 × 0.2 + 2 × 1.005 = 119.01, less 5.00, plus 12.50 freight = 126.51.
 */
export const pdfInvoice: Invoice = {
  invoiceNumber: 'INV-2026-0042',
  orderId: 'ord_pdf_1',
  invoiceDate: '2026-03-04',
  terms: { discountPercent: '2', discountDays: 10, netDays: 30 },
  lines: [
    { lineNumber: '1', quantity: '24', unitPrice: '4.75' },
    { lineNumber: '2', quantity: '10', unitPrice: '0.1' },
    { lineNumber: '3', quantity: '10', unitPrice: '0.2' },
    { lineNumber: '4', quantity: '2', unitPrice: '1.005' },
  ],
  allowancesCharges: [
    { type: 'allowance', code: 'C310', description: 'Promotional discount', amount: '5.00' },
    { type: 'charge', code: 'D240', description: 'Freight', amount: '12.50' },
  ],
  total: '126.51',
};
