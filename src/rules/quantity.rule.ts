import type { Diagnostic } from '../core/diagnostic.ts';
import { compareDecimal, isMultipleOf, nextMultipleUp } from './decimal-math.ts';
import { finding, resolvedLines } from './finding.ts';
import type { Product, Rule } from './rule.ts';

/** The multiple a product is ordered in: its order multiple, else its pack size; undefined when neither. */
export function multipleOf(product: Product): string | undefined {
  const multiple = product.orderMultiple ?? product.packSize;
  return multiple !== undefined && compareDecimal(multiple, '0') > 0 ? multiple : undefined;
}

/**
 * `quantity.below_moq` (expected: the MOQ) and `quantity.not_multiple` (expected: the next multiple up of
 * the quantity ordered), per line of a known product, the quantity taken in the product's unit. Both can hit
 * one line; settle.ts rounds to the MOQ first, then to the multiple.
 */
export const quantityRule: Rule = (order, { catalog }) => {
  const found: Diagnostic[] = [];
  for (const { line, sku, product } of resolvedLines(order, catalog)) {
    if (product.moq !== undefined && compareDecimal(line.quantity, product.moq) < 0)
      found.push(
        finding(
          'quantity.below_moq',
          `line ${line.lineNumber}: quantity ${line.quantity} is below the minimum order quantity ${product.moq} of SKU ${sku}`,
          { line: line.lineNumber, expected: product.moq, found: line.quantity },
        ),
      );
    const multiple = multipleOf(product);
    if (multiple !== undefined && !isMultipleOf(line.quantity, multiple)) {
      const what = product.orderMultiple !== undefined ? 'order multiple' : 'pack size';
      const next = nextMultipleUp(line.quantity, multiple);
      found.push(
        finding(
          'quantity.not_multiple',
          `line ${line.lineNumber}: quantity ${line.quantity} is not a multiple of the ${what} ${multiple} of SKU ${sku} (next: ${next})`,
          { line: line.lineNumber, expected: next, found: line.quantity },
        ),
      );
    }
  }
  return found;
};
