import type { ItemIds } from '../core/order.ts';
import { gtin14 } from './gtin.ts';
import type { Catalog, Product } from './rule.ts';

/** The product `sku` names; a cross-reference to a SKU that no longer exists resolves nothing. */
function productOf(sku: string | undefined, catalog: Catalog): Product | undefined {
  return sku === undefined ? undefined : catalog.products.get(sku);
}

/** `map`'s entry for `value` as sent, else for it without surrounding blanks (a padded fixed-width field). */
function lookup(map: ReadonlyMap<string, string>, value: string | undefined): string | undefined {
  if (value === undefined || value === '' || map.size === 0) return undefined;
  const found = map.get(value);
  if (found !== undefined) return found;
  const trimmed = value.trim();
  return trimmed !== value ? map.get(trimmed) : undefined;
}

/** `map`'s SKU for a GS1 number as its GTIN-14. */
function gtinIn(map: ReadonlyMap<string, string>, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const normal = gtin14(value);
  return normal === undefined ? undefined : map.get(normal);
}

/** The line's GS1 numbers as GTIN-14s, the first of UPC, GTIN, EAN that `map` knows. */
function byGtin(items: ItemIds, map: ReadonlyMap<string, string>): string | undefined {
  if (map.size === 0) return undefined;
  return gtinIn(map, items.upc) ?? gtinIn(map, items.gtin) ?? gtinIn(map, items.ean);
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
  return resolveProduct(items, catalog)?.sku;
}

/** One of our SKUs as the line sends it, as sent or without surrounding blanks. */
function ourProduct(value: string | undefined, catalog: Catalog): Product | undefined {
  if (value === undefined || value === '') return undefined;
  const found = catalog.products.get(value);
  if (found !== undefined) return found;
  const trimmed = value.trim();
  return trimmed !== value ? catalog.products.get(trimmed) : undefined;
}

/** The product a line's items resolve to (by the order of trust of {@link resolveSku}), if any. */
export function resolveProduct(items: ItemIds, catalog: Catalog): Product | undefined {
  return (
    productOf(lookup(catalog.buyerItems, items.buyerItem), catalog) ??
    productOf(byGtin(items, catalog.partnerGtins), catalog) ??
    ourProduct(items.sku, catalog) ??
    ourProduct(items.vendorItem, catalog) ??
    productOf(byGtin(items, catalog.gtins), catalog)
  );
}
