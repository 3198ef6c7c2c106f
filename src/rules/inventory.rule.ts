import type { Diagnostic } from '../core/diagnostic.ts';
import { compareDecimal, minus } from './decimal-math.ts';
import { finding, resolvedLines } from './finding.ts';
import type { Rule } from './rule.ts';

/**
 * `inventory.short`: more ordered than is available to promise. The available quantity of a SKU is shared
 * by the order's lines of that SKU in line order: each takes what it orders while enough is left, and a line
 * that finds too little is short, its `expected` what was left for it (so two lines of 6 against 10 available
 * are 6 and short with 4). Advice only: the atomic reservation on acceptance is what counts (applyShortage).
 * Silent when no inventory is kept (`available` undefined); a SKU a kept inventory lacks has none.
 */
export const inventoryRule: Rule = (order, { catalog, available }) => {
  const found: Diagnostic[] = [];
  if (available === undefined) return found;
  const left = new Map<string, string>();
  for (const { line, sku } of resolvedLines(order, catalog)) {
    const free = left.get(sku) ?? available.get(sku) ?? '0';
    if (compareDecimal(line.quantity, free) <= 0) {
      left.set(sku, minus(free, line.quantity));
      continue;
    }
    left.set(sku, '0');
    found.push(
      finding(
        'inventory.short',
        `line ${line.lineNumber}: ${line.quantity} of SKU ${sku} ordered, ${free} available`,
        { line: line.lineNumber, expected: free, found: line.quantity },
      ),
    );
  }
  return found;
};
