import type { Diagnostic } from '../core/diagnostic.ts';
import { differBeyond } from './decimal-math.ts';
import { finding, resolvedLines } from './finding.ts';
import { listPrice, pricingFor } from './price-lookup.ts';
import type { Rule } from './rule.ts';

/**
 * `price.mismatch` and `price.missing`, per line of a known product.
 *
 * Our price is the tier for the quantity ordered in the best price list valid on the PO date
 * (price-lookup.ts). A buyer's price further from it than `priceTolerance` is a mismatch (expected: ours,
 * found: the buyer's). A line without a buyer price is no mismatch: settle fills in our price (the line stays
 * accepted, its outcome carries our unit price in the 855's ACK04).
 *
 * `price.missing`: the partner has price lists (its own or general ones) but none prices the SKU at that
 * quantity on the PO date in the order's currency. Held for a person (settle.ts): selling at a price nobody
 * agreed — the buyer's, or none at all — is a commercial decision. Silent when there are no price lists at
 * all: a supplier that keeps no prices in ordergate takes the buyer's.
 */
export const priceRule: Rule = (order, { catalog, priceLists, settings }) => {
  const found: Diagnostic[] = [];
  if (priceLists.length === 0) return found;
  const pricing = pricingFor(order, priceLists);
  for (const { line, sku } of resolvedLines(order, catalog)) {
    const ours = listPrice(sku, line.quantity, pricing);
    if (ours === undefined) {
      found.push(
        finding(
          'price.missing',
          `line ${line.lineNumber}: no price list in ${order.currency} valid on ${order.poDate} prices SKU ${sku} for quantity ${line.quantity}`,
          { line: line.lineNumber, ...(line.unitPrice !== undefined ? { found: line.unitPrice } : {}) },
        ),
      );
      continue;
    }
    if (line.unitPrice === undefined) continue;
    if (!differBeyond(line.unitPrice, ours.unitPrice, settings.priceTolerance)) continue;
    found.push(
      finding(
        'price.mismatch',
        `line ${line.lineNumber}: the buyer's unit price ${line.unitPrice} differs from ours, ${ours.unitPrice} (price list ${ours.listId}, from ${ours.minQuantity} units) for SKU ${sku}`,
        { line: line.lineNumber, expected: ours.unitPrice, found: line.unitPrice },
      ),
    );
  }
  return found;
};
