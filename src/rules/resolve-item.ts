import type { ItemIds } from '../core/order.ts';
import { gtin14 } from './gtin.ts';
import type { Catalog, Product } from './rule.ts';

/** `sku` when it names one of our products; a cross-reference to a SKU that no longer exists resolves nothing. */
function known(sku: string | undefined, catalog: Catalog): string | undefined {
  return sku !== undefined && catalog.products.has(sku) ? sku : undefined;
}

/** `map`'s entry for `value` as sent, else for it without surrounding blanks (a padded fixed-width field). */
function lookup(map: ReadonlyMap<string, string>, value: string | undefined): string | undefined {
  if (value === undefined || value === '' || map.size === 0) return undefined;
  const found = map.get(value);
  if (found !== undefined) return found;
  const trimmed = value.trim();
  return trimmed !== value ? map.get(trimmed) : undefined;
}

/** The line's GS1 numbers as GTIN-14s, the first of UPC, GTIN, EAN that `map` knows. */
function byGtin(items: ItemIds, map: ReadonlyMap<string, string>): string | undefined {
  if (map.size === 0) return undefined;
  for (const value of [items.upc, items.gtin, items.ean]) {
    const normal = gtin14(value);
    if (normal === undefined) continue;
    const sku = map.get(normal);
    if (sku !== undefined) return sku;
  }
  return undefined;
}

/**
 * Our SKU for a line's item identifiers, or undefined when nothing resolves (`item.unknown`). The order of
 * trust, first match wins:
 *
 * 1. the partner's buyer-item cross-reference: a mapping made for this partner, often by a person who taught
 *    it while resolving an exception ("remember"), so it overrides anything the line says otherwise;
 * 2. the partner's GTIN cross-reference: the partner's own (private-label or older) GTIN for one of our SKUs,
 *    again a mapping made on purpose for this partner, before our general GTIN table;
 * 3. our SKU as the line sends it (`sku`, else `vendorItem`: the vendor's item number is our SKU): our own
 *    primary key, unambiguous, while a GTIN may be shared by pack levels or reused;
 * 4. our products' GTINs: the line's UPC, GTIN or EAN as GTIN-14 (a UPC-12 finds the product stored by EAN-13).
 *
 * Each step counts only when it names a product in the catalog, so a stale cross-reference falls through to
 * the line's own numbers instead of resolving to a SKU that no longer exists.
 */
export function resolveSku(items: ItemIds, catalog: Catalog): string | undefined {
  return (
    known(lookup(catalog.buyerItems, items.buyerItem), catalog) ??
    known(byGtin(items, catalog.partnerGtins), catalog) ??
    ourSku(items.sku, catalog) ??
    ourSku(items.vendorItem, catalog) ??
    known(byGtin(items, catalog.gtins), catalog)
  );
}

/** `value` when it is one of our SKUs, as sent or without surrounding blanks. */
function ourSku(value: string | undefined, catalog: Catalog): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (catalog.products.has(value)) return value;
  const trimmed = value.trim();
  return trimmed !== value && catalog.products.has(trimmed) ? trimmed : undefined;
}

/** The product a line's items resolve to, if any. */
export function resolveProduct(items: ItemIds, catalog: Catalog): Product | undefined {
  const sku = resolveSku(items, catalog);
  return sku === undefined ? undefined : catalog.products.get(sku);
}
