import { finding } from './finding.ts';
import type { Rule } from './rule.ts';

/**
 * `order.duplicate_po`: another live order of the partner has this PO number (the context loader decides,
 * `duplicatePo`, as it alone sees the other orders); held so an order is never processed twice.
 */
export const duplicateRule: Rule = (order, { duplicatePo }) =>
  duplicatePo
    ? [
        finding(
          'order.duplicate_po',
          `PO ${order.poNumber} was already received from this partner; held so it is not processed twice`,
          { found: order.poNumber },
        ),
      ]
    : [];
