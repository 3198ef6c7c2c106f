import type { Diagnostic } from '../core/diagnostic.ts';
import { finding, resolvedLines } from './finding.ts';
import type { Rule } from './rule.ts';

/**
 * `item.discontinued`: a line for a discontinued product. `proposed` lists its substitutes that are active
 * products (a substitute discontinued in turn, or unknown to the catalog, is no proposal).
 */
export const itemDiscontinuedRule: Rule = (order, { catalog }) => {
  const found: Diagnostic[] = [];
  for (const { line, sku, product } of resolvedLines(order, catalog)) {
    if (product.status !== 'discontinued') continue;
    const proposed = product.substitutes.filter((s) => catalog.products.get(s)?.status === 'active');
    const instead = proposed.length > 0 ? `; substitutes: ${proposed.join(', ')}` : '; no active substitute';
    found.push(
      finding('item.discontinued', `line ${line.lineNumber}: SKU ${sku} is discontinued${instead}`, {
        line: line.lineNumber,
        found: sku,
        proposed,
      }),
    );
  }
  return found;
};
