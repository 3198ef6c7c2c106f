import { and, asc, eq, gt, ilike, type SQL } from 'drizzle-orm';
import type { PriceTier } from '../../core/master-data.ts';
import type { Database } from '../../db/client.ts';
import { priceListPartners, priceListPrices, priceLists } from '../../db/schema.ts';

/**
 * A price list's prices by SKU, a page at a time (`after`: the last SKU of the page before), for the console's
 * list page: a list of 50,000 SKUs is read a page at a time by its key, never whole. `q` keeps the SKUs that
 * hold it (case-insensitive). `next` is the `after` of the next page, absent on the last.
 */
export async function priceListPricesPage(
  db: Database,
  priceListId: string,
  query: { q?: string; after?: string; limit: number },
): Promise<{ prices: { sku: string; tiers: PriceTier[] }[]; next?: string }> {
  const where: SQL[] = [eq(priceListPrices.priceListId, priceListId)];
  const q = query.q?.trim();
  if (q) where.push(ilike(priceListPrices.sku, `%${q.replace(/[\\%_]/g, '\\$&')}%`));
  if (query.after !== undefined) where.push(gt(priceListPrices.sku, query.after));
  const rows = await db
    .select({ sku: priceListPrices.sku, tiers: priceListPrices.tiers })
    .from(priceListPrices)
    .where(and(...where))
    .orderBy(asc(priceListPrices.sku))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { prices: page, ...(rows.length > query.limit ? { next: page.at(-1)!.sku } : {}) };
}

/** One SKU's price in one list, with the list's currency and dates. */
export interface SkuPrice {
  priceListId: string;
  currency: string;
  validFrom: string;
  validTo: string | null;
  tiers: PriceTier[];
}

/** Every price list's price of `sku` (by the SKU's index), by list id: what a product's page shows. */
export async function pricesOfSku(db: Database, sku: string): Promise<SkuPrice[]> {
  return db
    .select({
      priceListId: priceLists.id,
      currency: priceLists.currency,
      validFrom: priceLists.validFrom,
      validTo: priceLists.validTo,
      tiers: priceListPrices.tiers,
    })
    .from(priceListPrices)
    .innerJoin(priceLists, eq(priceLists.id, priceListPrices.priceListId))
    .where(eq(priceListPrices.sku, sku))
    .orderBy(asc(priceLists.id));
}

/** A price list's head: its id, currency, dates and partners, without reading its prices. */
export async function priceListHead(
  db: Database,
  id: string,
): Promise<
  { id: string; currency: string; validFrom: string; validTo: string | null; partners: string[] } | undefined
> {
  const [row] = await db.select().from(priceLists).where(eq(priceLists.id, id));
  if (row === undefined) return undefined;
  const named = await db
    .select({ partnerId: priceListPartners.partnerId })
    .from(priceListPartners)
    .where(eq(priceListPartners.priceListId, id))
    .orderBy(asc(priceListPartners.partnerId));
  return {
    id: row.id,
    currency: row.currency,
    validFrom: row.validFrom,
    validTo: row.validTo,
    partners: named.map((n) => n.partnerId),
  };
}
