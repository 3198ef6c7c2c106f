import type { Diagnostic } from '../core/diagnostic.ts';
import type { Order } from '../core/order.ts';
import { approvalRule } from './approval.rule.ts';
import { creditRule } from './credit.rule.ts';
import { datesRule } from './dates.rule.ts';
import { duplicateRule } from './duplicate.rule.ts';
import { inventoryRule } from './inventory.rule.ts';
import { itemDiscontinuedRule } from './item-discontinued.rule.ts';
import { itemKnownRule } from './item-known.rule.ts';
import { priceRule } from './price.rule.ts';
import { quantityRule } from './quantity.rule.ts';
import type { Rule, RuleContext } from './rule.ts';
import { shiptoRule } from './shipto.rule.ts';

/**
 * Every wholesale rule, in the order their findings are listed: the order as a whole first (is it a
 * duplicate, where does it go, when, can the partner pay for it, does it need approval), then the lines
 * (the item, its price, its quantity, the stock for it).
 */
export const WHOLESALE_RULES: readonly Rule[] = [
  duplicateRule,
  shiptoRule,
  datesRule,
  creditRule,
  approvalRule,
  itemKnownRule,
  itemDiscontinuedRule,
  priceRule,
  quantityRule,
  inventoryRule,
];

/** Every finding of every wholesale rule about `order`, in the stable order of {@link WHOLESALE_RULES}. */
export function checkOrder(order: Order, context: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const rule of WHOLESALE_RULES) for (const d of rule(order, context)) found.push(d);
  return found;
}
