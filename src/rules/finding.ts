import type { Diagnostic } from '../core/diagnostic.ts';
import type { ErrorCode } from '../core/error-codes.ts';
import type { Order, OrderLine } from '../core/order.ts';
import { resolveProduct } from './resolve-item.ts';
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

/** What the rules worked out about an order's items against one catalog. */
interface Resolution {
  catalog: Catalog;
  /** Our SKU per line, in order; undefined where nothing resolves. */
  skus: (string | undefined)[];
  /** The lines that resolved (only for a checked order against a catalog with products). */
  resolved: ResolvedLine[];
}

/**
 * Per order, its items resolved against the last catalog asked for: every rule and settle need a line's SKU,
 * and resolving it once instead of eight times is most of what the rules cost. Orders are values (parsed,
 * never changed by the rules or the pipeline), which is what makes remembering by the order object sound.
 */
const resolutions = new WeakMap<Order, Resolution>();

function resolutionOf(order: Order, catalog: Catalog): Resolution {
  const known = resolutions.get(order);
  if (known !== undefined && known.catalog === catalog) return known;
  const skus: (string | undefined)[] = [];
  const resolved: ResolvedLine[] = [];
  const look = !catalog.empty;
  for (const line of order.lines) {
    const product = look ? resolveProduct(line.items, catalog) : undefined;
    skus.push(product?.sku);
    if (product !== undefined) resolved.push({ line, sku: product.sku, product });
  }
  const resolution = { catalog, skus, resolved };
  resolutions.set(order, resolution);
  return resolution;
}

/** Our SKU for each line of `order` (undefined where none resolves, and for every line of an empty catalog). */
export function lineSkus(order: Order, catalog: Catalog): readonly (string | undefined)[] {
  return resolutionOf(order, catalog).skus;
}

/** The lines of a checked order whose items resolve to one of our products, in order. */
export function resolvedLines(order: Order, catalog: Catalog): readonly ResolvedLine[] {
  if (!isChecked(order) || catalog.empty) return [];
  return resolutionOf(order, catalog).resolved;
}
