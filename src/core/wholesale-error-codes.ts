/**
 * The wholesale part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces):
 * what the rules find about an order against the supplier's terms, and what the master data, exceptions and
 * ERP hand-off answer. Pure data, so the registry can import it without a cycle.
 */

/**
 * Findings of the wholesale rules about one line or the whole order. A partner's policy settles some of them
 * (the line is changed and the 855 says how); the rest are held for a person as an exception.
 */
export const WHOLESALE_FINDINGS = {
  'item.unknown':
    "a line's item resolves to no SKU: not our SKU or GTIN, nor one of the partner's cross-references",
  'item.discontinued': 'the item is discontinued; its substitutes are proposed',
  'price.mismatch': "the buyer's unit price differs from the tier price for the quantity on the PO date",
  'price.missing': 'no valid price list of the partner prices the item on the PO date',
  'quantity.below_moq': "the quantity is below the product's minimum order quantity",
  'quantity.not_multiple': 'the quantity is not a multiple of the order multiple (or the pack size)',
  'inventory.short': 'more is ordered than is available to promise; the available quantity is named',
  'shipto.unknown': "the ship-to location is none of the partner's locations",
  'credit.limit_exceeded': "the open balance plus this order exceeds the partner's credit limit",
  'dates.window_passed': "the order's cancel-after or requested date is already past",
  'approval.required': "the order's value is above the partner's approval threshold",
  'order.change_after_shipment': 'a change or cancellation arrived for an order that has shipped: held',
  'order.change_target_missing': 'a change or cancellation names a PO that has no live order: held',
  'order.change_line_unknown': 'a change (860 POC) changes or deletes a line the order does not have: held',
  'order.change_line_exists': 'a change adds (AI) a line number the order has already: held',
  'order.change_invalid':
    'a change contradicts itself (a quantity increase that lowers, a price change without a price): held',
} as const;

/** Requests about master data, exceptions and orders the API refuses as they are (409). */
export const WHOLESALE_CONFLICTS = {
  'exception.not_open': 'the exception is resolved already: there is nothing to decide',
  'exception.line_unknown': 'the resolution names a line the order does not have',
  'order.not_awaiting_erp': 'the order is not accepted, or its ERP number is recorded already',
} as const;
