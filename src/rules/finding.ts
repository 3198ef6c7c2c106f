import type { Diagnostic } from '../core/diagnostic.ts';
import type { ErrorCode } from '../core/error-codes.ts';
import type { Order, OrderLine } from '../core/order.ts';
import { resolveSku } from './resolve-item.ts';
import type { Catalog, Product } from './rule.ts';

/**
 * True when the wholesale rules check this order: a new order (`original`) or one that replaces it. A
 * cancellation takes nothing, and a `confirmation` confirms an order already agreed by other means (phone,
 * a buyer's portal), so neither is held for terms the supplier has already settled.
 */
export function isChecked(order: Order): boolean {
  return (order.purpose === 'original' || order.purpose === 'replace') && order.lines.length > 0;
}

/** What a finding adds to its code and message: the line, the expected and found values, proposals. */
export type FindingDetail = Pick<Diagnostic, 'line' | 'expected' | 'found' | 'proposed'>;

/**
 * A wholesale finding. Always a warning: the order stays valid, and a partner's policy or a person decides
 * what happens (settle.ts); an error would reject it before anyone could.
 */
export function finding(code: ErrorCode, message: string, detail: FindingDetail = {}): Diagnostic {
  return { severity: 'warning', code, message, ...detail };
}

/** A line whose item resolved: the line, our SKU and its product. */
export interface ResolvedLine {
  line: OrderLine;
  sku: string;
  product: Product;
}

/** The lines of a checked order whose items resolve to one of our products, in order. */
export function resolvedLines(order: Order, catalog: Catalog): ResolvedLine[] {
  const found: ResolvedLine[] = [];
  if (!isChecked(order) || catalog.empty) return found;
  for (const line of order.lines) {
    const sku = resolveSku(line.items, catalog);
    const product = sku === undefined ? undefined : catalog.products.get(sku);
    if (sku !== undefined && product !== undefined) found.push({ line, sku, product });
  }
  return found;
}
