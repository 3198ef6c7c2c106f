import { z } from 'zod';
import { Order, type OrderLine } from '../../src/core/order.ts';

/** The rules of the `OrderLine` schema's constrained fields (src/core/primitives.ts). */
const QUANTITY = /^(0|[1-9]\d*)(\.\d+)?$/;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * `Order` with its lines taken as they are: zod checks the order itself, {@link isPlainLine} the lines. Parsing
 * a 10,000-line order line by line through zod was most of the cost of decoding it, for lines the row reader
 * built from values it had already read and checked.
 */
const OrderOfCheckedLines = z.object({ ...Order.shape, lines: z.array(z.custom<OrderLine>()) });

/**
 * The order a spreadsheet decode built, validated as `Order.parse` would: its lines by a cheap check of
 * what the schema constrains, the rest by zod. A line the check does not pass (which the row reader should never
 * build) sends the whole order through `Order.parse`, which names what is wrong.
 *
 * @throws ZodError when the order is not a valid `Order`
 */
export function checkedOrder(order: z.input<typeof Order>): Order {
  if (order.lines.length === 0 || !order.lines.every(isPlainLine)) return Order.parse(order);
  return OrderOfCheckedLines.parse(order);
}

/**
 * A line as the row reader builds it: the schema's fields only (so zod would strip nothing), trimmed non-empty
 * texts, decimal strings, text item ids, and a pack of a whole inner-pack count.
 */
function isPlainLine(line: z.input<typeof Order>['lines'][number]): boolean {
  for (const key in line)
    if (
      key !== 'lineNumber' &&
      key !== 'quantity' &&
      key !== 'uom' &&
      key !== 'unitPrice' &&
      key !== 'items' &&
      key !== 'description' &&
      key !== 'pack'
    )
      return false;
  const { lineNumber, quantity, uom, unitPrice, items, description, pack } = line;
  if (!isText(lineNumber) || !isText(uom)) return false;
  if (typeof quantity !== 'string' || !QUANTITY.test(quantity)) return false;
  if (unitPrice !== undefined && (typeof unitPrice !== 'string' || !DECIMAL.test(unitPrice))) return false;
  if (description !== undefined && typeof description !== 'string') return false;
  if (typeof items !== 'object' || items === null) return false;
  for (const key in items) {
    const value = items[key as keyof typeof items];
    if (value !== undefined && typeof value !== 'string') return false;
  }
  if (pack === undefined) return true;
  return (
    Object.keys(pack).length === 1 && typeof pack.innerPack === 'string' && QUANTITY.test(pack.innerPack)
  );
}

/** zod's `Text`: a string with nothing to trim and something in it. */
function isText(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && value.trim() === value;
}
