/**
 * The areas of the error-code registry (error-codes.ts): the first part of every code. Pure data, so the
 * registry's parts can name their area without a cycle.
 */

/** The first part of every code: a connector id (kebab-case, as the connector is named) or a domain. */
export const ERROR_AREAS = {
  request: 'an HTTP request the API cannot take as it is',
  auth: "the API caller's credentials",
  gateway: 'the gateway itself: unexpected failures, not available right now',
  database: 'PostgreSQL or the embedded database',
  secrets: 'the key that seals delivery credentials and connector secrets',
  partner: 'partners, their identifiers and partner.yaml',
  mapping: 'partner mapping files and the stored mappings',
  connector: 'inbound connector instances',
  message: 'stored messages',
  document: 'outbound documents (855, 856, 810) the admin asked for',
  order: 'canonical orders: checks, duplicates, holds',
  shipment: 'ship notice (856) requests',
  invoice: 'invoice (810) requests',
  outbound: 'encoding outbound documents',
  delivery: 'delivering outbound documents, whatever the transport',
  'file-drop': 'the file-drop connector (an inbound folder)',
  'folder-out': 'the folder-out transport',
  'http-post': 'the http-post transport',
  sftp: 'the sftp transport',
  smtp: 'the smtp transport',
  x12: 'X12 syntax, envelopes, acknowledgments and the X12 mappers',
  file: 'a spreadsheet file (CSV, XLSX) as a whole: what keeps it from being read',
  row: 'one row of a spreadsheet: what keeps it from becoming an order line',
  email: 'order mails: who sent them, what they hold, the replies',
  imap: 'the imap connector (a mailbox)',
  item: "an order line's item against our products and the partner's cross-references",
  price: "an order line's price against the partner's price lists",
  quantity: "an order line's quantity against the product's MOQ, multiple and pack size",
  inventory: 'stock: available to promise and reservations',
  shipto: "an order's ship-to against the partner's locations",
  credit: "the partner's credit: open invoices, payments, the limit",
  dates: "an order's requested and cancel-after dates",
  approval: 'orders a person must approve by their value',
  product: 'products, price lists and inventory (master data)',
  exception: 'the exceptions inbox: assigning and resolving',
  webhook: 'webhooks posting events to the ERP',
  user: "the console's users, their sign-in and sessions",
  as2: "AS2: our key pairs, the partners' certificates, transfers and their MDNs",
} as const;

/** An area of {@link ERROR_AREAS}. */
export type ErrorArea = keyof typeof ERROR_AREAS;
