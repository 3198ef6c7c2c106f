import {
  bigserial,
  boolean,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The supplier's master data and the ledgers the wholesale rules read: products, partners' cross-references
 * and ship-to locations, price lists, payments, inventory and its reservations, and the events handed to the
 * ERP. Every change to master data is recorded in the audit trail (before and after), which is its history.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Our products by SKU; a discontinued product may name substitutes. */
export const products = pgTable(
  'products',
  {
    sku: text('sku').primaryKey(),
    /** GTIN-14 (a UPC-12 or EAN-13 padded with zeros on the left), so every form of the number finds it. */
    gtin: text('gtin'),
    description: text('description').notNull(),
    uom: text('uom').notNull(),
    packSize: numeric('pack_size'),
    moq: numeric('moq'),
    orderMultiple: numeric('order_multiple'),
    status: text('status', { enum: ['active', 'discontinued'] })
      .notNull()
      .default('active'),
    substitutes: jsonb('substitutes').$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('products_gtin').on(t.gtin)],
);

/** A partner's own item numbers and GTINs for our SKUs (X12 PO1 BP/IN, a spreadsheet's "Artikelnr."). */
export const partnerItems = pgTable(
  'partner_items',
  {
    partnerId: text('partner_id').notNull(),
    /** `buyerItem` (the partner's item number) or `gtin` (a GTIN-14 the partner uses for our SKU). */
    kind: text('kind', { enum: ['buyerItem', 'gtin'] }).notNull(),
    value: text('value').notNull(),
    sku: text('sku').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.kind, t.value] })],
);

/** A partner's stores and distribution centres, by the number the partner uses (N1*ST N104, "Ship to"). */
export const partnerLocations = pgTable(
  'partner_locations',
  {
    partnerId: text('partner_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    /** Address as the canonical model has it: `{ lines, city?, region?, postalCode?, country? }`. */
    address: jsonb('address').notNull(),
    /** The X12 N103 qualifier the number is sent with (92 buyer's code, UL GLN …); '' when any. */
    qualifier: text('qualifier').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.id] })],
);

/** A price list: valid between two dates; for the partners named, or for everyone when it names none. */
export const priceLists = pgTable('price_lists', {
  id: text('id').primaryKey(),
  currency: text('currency').notNull(),
  validFrom: text('valid_from').notNull(),
  validTo: text('valid_to'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** The partners a price list is for (none: a general list). */
export const priceListPartners = pgTable(
  'price_list_partners',
  {
    priceListId: text('price_list_id')
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    partnerId: text('partner_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.priceListId, t.partnerId] }),
    index('price_list_partners_partner').on(t.partnerId),
  ],
);

/** A price list's price of one SKU: tiers `[{ minQuantity, unitPrice }]` (decimal strings), lowest first. */
export const priceListPrices = pgTable(
  'price_list_prices',
  {
    priceListId: text('price_list_id')
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    tiers: jsonb('tiers').$type<{ minQuantity: string; unitPrice: string }[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.priceListId, t.sku] }), index('price_list_prices_sku').on(t.sku)],
);

/** Money received from a partner; allocations name invoices, the rest pays the oldest open invoices first. */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id').notNull(),
    amount: numeric('amount').notNull(),
    currency: text('currency').notNull(),
    /** The partner's reference (remittance number): one payment per partner and reference. */
    reference: text('reference').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    allocations: jsonb('allocations')
      .$type<{ invoiceNumber: string; amount: string }[]>()
      .notNull()
      .default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('payments_partner_reference').on(t.partnerId, t.reference)],
);

/** Stock per SKU and warehouse; available to promise = on hand − reserved. */
export const inventory = pgTable(
  'inventory',
  {
    sku: text('sku').notNull(),
    warehouse: text('warehouse').notNull(),
    onHand: numeric('on_hand').notNull(),
    reserved: numeric('reserved').notNull().default('0'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.warehouse] })],
);

/** Units of a warehouse's stock held for an accepted order's line; released on cancel or rejection. */
export const reservations = pgTable(
  'reservations',
  {
    orderId: text('order_id').notNull(),
    lineNumber: text('line_number').notNull(),
    sku: text('sku').notNull(),
    warehouse: text('warehouse').notNull(),
    quantity: numeric('quantity').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNumber, t.warehouse] }),
    index('reservations_sku').on(t.sku),
  ],
);

/**
 * Events for the ERP (order accepted, changed, cancelled; exception opened), written in the transaction of the
 * change they tell of. The id is the polling cursor (`GET /v1/events?after=`); webhooks carry the same events.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    orderId: text('order_id'),
    partnerId: text('partner_id'),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('events_order').on(t.orderId)],
);

/** Where events are posted: an HTTPS endpoint, its signing secret (sealed), the event types it takes. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** Sealed with ORDERGATE_SECRETS_KEY like every other secret; shown once when created. */
  secret: text('secret').notNull(),
  /** Event types posted; empty: every type. */
  types: jsonb('types').$type<string[]>().notNull().default([]),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
