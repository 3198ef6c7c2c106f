/**
 * The ship notice and invoice part of the error-code registry (error-codes.ts gives them their kinds and
 * surfaces): what a requested 856 or 810 can be refused for by the API, or set aside for by the encode stage.
 * Pure data, so the registry can import it without a cycle.
 */

/** A ship notice or invoice request that does not fit its order (422, or an exception from the encode stage). */
export const DOCUMENT_REQUEST_REFUSALS = {
  'shipment.invalid': 'the ship notice does not match the schema, or holds a value its 856 cannot carry',
  'shipment.unknown_order': 'the ship notice names an order it was not given',
  'shipment.unknown_line': 'a packed line is not a line of the order',
  'shipment.over_shipped': 'more shipped than ordered (and acknowledged); `details` lists each line',
  'shipment.sscc_invalid': 'an SSCC is not 18 digits with a valid check digit',
  'shipment.sscc_duplicate': 'an SSCC is used for two packs',
  'shipment.item_ids_missing': 'a line has no item ID for its LIN segment',
  'shipment.mixed_pack': 'a pack holds lines of several orders (one pack sits under one order level)',
  'shipment.tare_missing': 'the S-O-T-P-I hierarchy needs the tare of every pack',
  'invoice.amount_precision': 'an amount has fractions of a cent',
  'invoice.unknown_line': 'an invoice line is not a line of the order',
  'invoice.price_missing': 'an invoice line has no unit price, nor has the order line',
  'invoice.total_mismatch': 'the total is not the sum of the lines with allowances and charges',
  'invoice.version': 'the X12 version asked for the 810 is not supported',
  'invoice.nothing_to_invoice': 'everything shipped (or ordered) on the order is invoiced',
  'invoice.over_invoiced': 'more invoiced than shipped (or ordered) and not yet invoiced',
  'invoice.number_taken': 'the invoice number was already sent for this order',
} as const;
