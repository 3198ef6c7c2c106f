import { compareDecimal } from './decimal-math.ts';
import { finding, isChecked } from './finding.ts';
import { orderValue } from './order-value.ts';
import type { Rule } from './rule.ts';

/**
 * `approval.required`: with an `approvalThreshold` set, the order is worth more than it (order-value.ts);
 * an order worth exactly the threshold passes. Expected: the threshold; found: the order's value.
 */
export const approvalRule: Rule = (order, context) => {
  const threshold = context.settings.approvalThreshold;
  if (threshold === undefined || !isChecked(order)) return [];
  const value = orderValue(order, context);
  if (compareDecimal(value, threshold) <= 0) return [];
  return [
    finding(
      'approval.required',
      `the order is worth ${value} ${order.currency}, above the approval threshold ${threshold}`,
      { expected: threshold, found: value },
    ),
  ];
};
