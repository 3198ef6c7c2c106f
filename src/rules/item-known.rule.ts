import type { Diagnostic } from '../core/diagnostic.ts';
import type { ItemIds } from '../core/order.ts';
import { finding, isChecked, lineSkus } from './finding.ts';
import type { Rule } from './rule.ts';

/** The identifiers a line sent, as one text for a message: `UPC 036000291452, buyer item 88-1`. */
export function describeItems(items: ItemIds): string {
  const named: [keyof ItemIds, string][] = [
    ['sku', 'SKU'],
    ['vendorItem', 'vendor item'],
    ['buyerItem', 'buyer item'],
    ['upc', 'UPC'],
    ['gtin', 'GTIN'],
    ['ean', 'EAN'],
  ];
  const parts = named.filter(([key]) => items[key]).map(([key, label]) => `${label} ${items[key]}`);
  return parts.length > 0 ? parts.join(', ') : 'no item number';
}

/**
 * `item.unknown`: a line whose identifiers resolve to none of our products, by SKU, GTIN or the partner's
 * cross-references (resolve-item.ts). Silent while no products are configured at all (the pass-through
 * gateway of DESIGN §5).
 */
export const itemKnownRule: Rule = (order, { catalog }) => {
  const found: Diagnostic[] = [];
  if (catalog.empty || !isChecked(order)) return found;
  const skus = lineSkus(order, catalog);
  for (const [i, line] of order.lines.entries()) {
    if (skus[i] !== undefined) continue;
    const sent = describeItems(line.items);
    found.push(
      finding(
        'item.unknown',
        `line ${line.lineNumber}: ${sent} is none of our products or cross-references`,
        {
          line: line.lineNumber,
          found: sent,
        },
      ),
    );
  }
  return found;
};
