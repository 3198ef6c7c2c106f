import type { Order } from '../core/order.ts';
import { ProductSum } from './decimal-math.ts';
import { isChecked } from './finding.ts';
import { listPrice, listsFor } from './price-lookup.ts';
import { resolveSku } from './resolve-item.ts';
import type { RuleContext } from './rule.ts';

/**
 * What an order is worth, for the credit and approval rules: Σ quantity × unit price over its lines, the
 * buyer's price where the line has one, else our tier price (price-lookup.ts). A line with neither (an
 * unknown item without a price, a SKU no list prices) adds nothing: it is held for its own finding. A
 * cancellation (or an order the rules do not check) is worth '0'.
 */
export function orderValue(order: Order, context: Pick<RuleContext, 'catalog' | 'priceLists'>): string {
  const sum = new ProductSum();
  if (!isChecked(order)) return sum.toFixed();
  const lists = listsFor(order, context.priceLists);
  for (const line of order.lines) {
    let price = line.unitPrice;
    if (price === undefined && lists.length > 0) {
      const sku = resolveSku(line.items, context.catalog);
      if (sku !== undefined) price = listPrice(sku, line.quantity, lists)?.unitPrice;
    }
    if (price !== undefined) sum.add(line.quantity, price);
  }
  return sum.toFixed();
}
