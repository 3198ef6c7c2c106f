import { compareDecimal, plus } from './decimal-math.ts';
import { finding, isChecked } from './finding.ts';
import { orderValue } from './order-value.ts';
import type { Rule } from './rule.ts';

/**
 * `credit.limit_exceeded`: with a `creditLimit` set, the partner's open balance (open invoices minus
 * payments) plus this order's value (order-value.ts) is above it. Expected: the limit; found: balance + order.
 */
export const creditRule: Rule = (order, context) => {
  const limit = context.settings.creditLimit;
  if (limit === undefined || !isChecked(order)) return [];
  const value = orderValue(order, context);
  const exposure = plus(context.openBalance, value);
  if (compareDecimal(exposure, limit) <= 0) return [];
  return [
    finding(
      'credit.limit_exceeded',
      `open balance ${context.openBalance} plus this order's ${value} ${order.currency} is ${exposure}, above the credit limit ${limit}`,
      { expected: limit, found: exposure },
    ),
  ];
};
