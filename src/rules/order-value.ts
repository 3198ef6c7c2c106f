import { DecimalSum } from '../core/decimal-sum.ts';
import type { Order } from '../core/order.ts';
import { isChecked, lineSkus } from './finding.ts';
import { listPrice, pricingFor } from './price-lookup.ts';
import type { RuleContext } from './rule.ts';

type Priced = Pick<RuleContext, 'catalog' | 'priceLists'>;

/** The last value worked out per order (the credit and approval rules both ask), with what it was worked from. */
const values = new WeakMap<Order, { context: Priced; value: string }>();

/**
 * What an order is worth, for the credit and approval rules: Σ quantity × unit price over its lines, the
 * buyer's price where the line has one, else our tier price (price-lookup.ts). A line with neither (an
 * unknown item without a price, a SKU no list prices) adds nothing: it is held for its own finding. A
 * cancellation (or an order the rules do not check) is worth '0'. Exact (decimal), never a float.
 */
export function orderValue(order: Order, context: Priced): string {
  const known = values.get(order);
  if (known?.context.catalog === context.catalog && known.context.priceLists === context.priceLists)
    return known.value;
  const sum = new DecimalSum();
  if (isChecked(order)) {
    const pricing = pricingFor(order, context.priceLists);
    const skus = lineSkus(order, context.catalog);
    order.lines.forEach((line, i) => {
      let price = line.unitPrice;
      const sku = skus[i];
      if (price === undefined && sku !== undefined) price = listPrice(sku, line.quantity, pricing)?.unitPrice;
      if (price !== undefined) sum.addProduct(line.quantity, price);
    });
  }
  const value = sum.toFixed();
  values.set(order, { context: { catalog: context.catalog, priceLists: context.priceLists }, value });
  return value;
}
