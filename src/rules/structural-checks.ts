import { Decimal } from 'decimal.js';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { ErrorCode } from '../core/error-codes.ts';
import type { Order } from '../core/order.ts';

const NON_ZERO_DIGIT = /[1-9]/;

/**
 * The checks every order passes before routing, with or without wholesale rules (DESIGN §5: until rules are
 * configured the gateway passes valid orders through). Pure: a function of the order alone. Errors make the
 * order invalid (rejected, and the partner told so in the 855); warnings are kept with the order.
 */
export function structuralChecks(order: Order): Diagnostic[] {
  const found: Diagnostic[] = [];
  const problem = (
    code: Extract<ErrorCode, `order.${string}`>,
    message: string,
    severity: Diagnostic['severity'] = 'error',
  ) => found.push({ severity, code, message, transaction: order.source.control?.transaction });
  if (order.poNumber.trim() === '') problem('order.po_number_missing', 'the order has no PO number');
  const seen = new Set<string>();
  for (const line of order.lines) {
    const at = `line ${line.lineNumber}`;
    if (seen.has(line.lineNumber)) problem('order.line_number_repeated', `${at} appears more than once`);
    seen.add(line.lineNumber);
    // a cancellation or a deleted change line carries the quantity being taken away, which may be zero
    const removing = order.purpose === 'cancel' || line.change === 'delete';
    // the schema made quantities non-negative decimal strings and prices decimal strings, so a quantity is
    // more than zero when it has a digit that is not 0, and a price is negative when it has a sign: read
    // without building a Decimal for every line of every order
    if (!removing && !NON_ZERO_DIGIT.test(line.quantity))
      problem('order.quantity_not_positive', `${at}: quantity ${line.quantity} must be more than zero`);
    if (line.unitPrice?.startsWith('-'))
      problem('order.price_negative', `${at}: unit price ${line.unitPrice} is negative`);
    if (Object.values(line.items).every((v) => v === undefined || v === ''))
      problem(
        'order.item_unidentified',
        `${at} names no item (no UPC, GTIN, EAN, buyer, vendor or SKU number)`,
      );
    if (line.destinations && line.destinations.length > 0) {
      const spread = line.destinations.reduce((sum, d) => sum.plus(d.quantity), new Decimal(0));
      if (!spread.eq(line.quantity))
        problem(
          'order.destinations_mismatch',
          `${at}: store quantities add up to ${spread}, the line orders ${line.quantity}`,
          'warning',
        );
    }
  }
  return found;
}
