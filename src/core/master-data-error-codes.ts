/**
 * The master-data part of the error-code registry (error-codes.ts assembles it with its kinds, surfaces and
 * HTTP statuses): what the API answers about products, cross-references, price lists, payments and stock.
 * Pure data, so the registry can import it without a cycle.
 */

/** Master data the API refuses as it is (422): each problem is listed in `details`. */
export const MASTER_DATA_REFUSALS = {
  'product.unknown_sku':
    'a cross-reference, price or stock entry names a SKU that is no product; `details` lists each',
  'product.import_invalid':
    'a product or stock import is refused: a bad value, a SKU or GTIN repeated or held by another product, a substitute or SKU that is no product; `details` names each row and column (a file) or path (JSON); nothing is stored',
  'product.import_unreadable':
    'the uploaded file is no CSV or XLSX that can be read, or no row of it names the columns (sku …)',
  'product.unknown_partner': 'a price list names a partner that does not exist; `details` lists each',
  'credit.unknown_invoice':
    "a payment's allocation names no invoice (810) of the partner; `details` lists each",
  'credit.currency_mismatch': "a payment is in another currency than the partner's (defaultCurrency)",
} as const;

/** Master-data requests that clash with what is recorded (409). */
export const MASTER_DATA_CONFLICTS = {
  'credit.payment_conflict':
    'a payment with this reference is recorded with other values: the same payment again is taken, a changed one is not',
} as const;
