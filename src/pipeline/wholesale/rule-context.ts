import { Decimal } from 'decimal.js';
import { and, sql } from 'drizzle-orm';
import type { Order } from '../../core/order.ts';
import type { ResolvedPartnerSettings } from '../../core/partner.ts';
import { inList } from '../../db/bulk.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import {
  inventory,
  partnerItems,
  partnerLocations,
  priceListPrices,
  priceLists,
  products,
} from '../../db/schema.ts';
import { partnerBalance } from '../../partners/partner-balance.ts';
import { partnerAgreement } from '../../partners/partner-lookup.ts';
import { gtin14 } from '../../rules/gtin.ts';
import type { Catalog, Location, PriceList, PriceTier, Product, RuleContext } from '../../rules/rule.ts';

/** What the loader needs of each partner on the page: its resolved settings. */
export type PartnerTerms = ReadonlyMap<string, ResolvedPartnerSettings>;

/** Builds the rule context of each order of a page from what {@link loadRuleContexts} read. */
export type ContextFor = (order: Order, duplicatePo: boolean) => RuleContext;

/** Every identifier the lines of `orders` carry, by kind, for one query per kind. */
function identifiersOf(orders: readonly Order[]) {
  const skus = new Set<string>();
  const gtins = new Set<string>();
  const buyerItems = new Set<string>();
  for (const order of orders)
    for (const line of order.lines) {
      const { items } = line;
      if (items.sku) skus.add(items.sku);
      if (items.vendorItem) skus.add(items.vendorItem);
      if (items.buyerItem) buyerItems.add(items.buyerItem);
      for (const g of [items.gtin, items.upc, items.ean]) {
        const normal = gtin14(g);
        if (normal) gtins.add(normal);
      }
    }
  return { skus, gtins, buyerItems };
}

/** A product row as the rules (and the API) see it: absent optional fields are left out. */
export function productOf(row: typeof products.$inferSelect): Product {
  return {
    sku: row.sku,
    ...(row.gtin ? { gtin: row.gtin } : {}),
    description: row.description,
    uom: row.uom,
    ...(row.packSize !== null ? { packSize: row.packSize } : {}),
    ...(row.moq !== null ? { moq: row.moq } : {}),
    ...(row.orderMultiple !== null ? { orderMultiple: row.orderMultiple } : {}),
    status: row.status,
    substitutes: row.substitutes,
  };
}

/** The products the page's lines can resolve to (by SKU, GTIN, cross-reference), with their substitutes. */
async function readCatalog(tx: Database, orders: readonly Order[], partnerIds: readonly string[]) {
  const { skus, gtins, buyerItems } = identifiersOf(orders);
  const [{ any } = { any: false }] = rowsOf<{ any: boolean }>(
    await tx.execute(sql`select exists (select 1 from ${products}) as any`),
  );
  const references =
    any && (buyerItems.size > 0 || gtins.size > 0)
      ? await tx
          .select()
          .from(partnerItems)
          .where(
            and(
              inList(partnerItems.partnerId, partnerIds),
              inList(partnerItems.value, [...buyerItems, ...gtins]),
            ),
          )
      : [];
  const wanted = [...skus, ...references.map((r) => r.sku)];
  // two reads, each by its own index: one `sku = any(…) or gtin = any(…)` scans the whole table
  const found = any
    ? [
        ...(wanted.length > 0 ? await tx.select().from(products).where(inList(products.sku, wanted)) : []),
        ...(gtins.size > 0
          ? await tx
              .select()
              .from(products)
              .where(inList(products.gtin, [...gtins]))
          : []),
      ]
    : [];
  const byKey = new Map(found.map((p) => [p.sku, productOf(p)]));
  const substitutes = [...byKey.values()].flatMap((p) => p.substitutes).filter((s) => !byKey.has(s));
  if (substitutes.length > 0)
    for (const p of await tx.select().from(products).where(inList(products.sku, substitutes)))
      byKey.set(p.sku, productOf(p));
  const ourGtins = new Map<string, string>();
  for (const p of byKey.values()) if (p.gtin) ourGtins.set(p.gtin, p.sku);
  return { empty: !any, products: byKey, gtins: ourGtins, references };
}

/** The price lists that name each partner, and the general ones (naming nobody), with the page's SKUs' tiers. */
async function readPriceLists(
  tx: Database,
  partnerIds: readonly string[],
  skus: readonly string[],
  orders: readonly Order[],
) {
  const lists = rowsOf<{
    id: string;
    currency: string;
    valid_from: string;
    valid_to: string | null;
    partners: string[] | null;
  }>(
    await tx.execute(sql`
      select l.id, l.currency, l.valid_from, l.valid_to,
             (select array_agg(p.partner_id) from price_list_partners p where p.price_list_id = l.id) as partners
      from ${priceLists} l
      where not exists (select 1 from price_list_partners p where p.price_list_id = l.id)
         or exists (select 1 from price_list_partners p where p.price_list_id = l.id and ${inList(sql`p.partner_id`, partnerIds)})`),
  );
  // every list's header counts (a partner with lists, none valid, is told its price is missing), but prices
  // are read only of lists valid on some PO date of the page and in one of its currencies
  const dates = orders.map((o) => o.poDate).sort();
  const currencies = new Set(orders.map((o) => o.currency));
  const first = dates[0] ?? '';
  const last = dates.at(-1) ?? '';
  const priced = lists.filter(
    (l) => currencies.has(l.currency) && l.valid_from <= last && (l.valid_to === null || l.valid_to >= first),
  );
  const prices =
    priced.length > 0 && skus.length > 0
      ? await tx
          .select()
          .from(priceListPrices)
          .where(
            and(
              inList(
                priceListPrices.priceListId,
                priced.map((l) => l.id),
              ),
              inList(priceListPrices.sku, skus),
            ),
          )
      : [];
  const tiers = new Map<string, Map<string, readonly PriceTier[]>>();
  for (const p of prices) {
    const of = tiers.get(p.priceListId) ?? new Map<string, readonly PriceTier[]>();
    of.set(p.sku, p.tiers);
    tiers.set(p.priceListId, of);
  }
  return (partnerId: string): PriceList[] =>
    lists
      .filter((l) => l.partners === null || l.partners.includes(partnerId))
      .map((l) => ({
        id: l.id,
        currency: l.currency,
        validFrom: l.valid_from,
        ...(l.valid_to ? { validTo: l.valid_to } : {}),
        forPartner: l.partners !== null,
        prices: tiers.get(l.id) ?? new Map(),
      }));
}

/**
 * Available to promise of the page's SKUs per warehouse (on hand − reserved, never below zero); undefined
 * when no inventory is kept at all.
 */
async function readStock(tx: Database, skus: readonly string[]) {
  const [{ any } = { any: false }] = rowsOf<{ any: boolean }>(
    await tx.execute(sql`select exists (select 1 from ${inventory}) as any`),
  );
  if (!any) return undefined;
  const rows =
    skus.length > 0
      ? await tx
          .select({
            sku: inventory.sku,
            warehouse: inventory.warehouse,
            onHand: inventory.onHand,
            reserved: inventory.reserved,
          })
          .from(inventory)
          .where(inList(inventory.sku, skus))
      : [];
  // one map per set of warehouses, shared by the partners that have it (the rules only read it): built per
  // partner, a page of 40 partners did the same Decimal sums 40 times
  const built = new Map<string, Map<string, string>>();
  return (warehouses: readonly string[] | undefined): Map<string, string> => {
    const key = warehouses ? JSON.stringify(warehouses) : '';
    const cached = built.get(key);
    if (cached) return cached;
    const available = new Map<string, Decimal>();
    for (const r of rows) {
      if (warehouses && !warehouses.includes(r.warehouse)) continue;
      const free = Decimal.max(new Decimal(r.onHand).minus(r.reserved), 0);
      available.set(r.sku, (available.get(r.sku) ?? new Decimal(0)).plus(free));
    }
    const map = new Map([...available].map(([sku, q]) => [sku, q.toFixed()]));
    built.set(key, map);
    return map;
  };
}

/**
 * Reads, with a handful of statements for a whole page of orders, everything the wholesale rules need to know
 * about them: the products their lines can name, the partners' cross-references, price lists, ship-to
 * locations, stock and (where a credit limit is set) open balance. Returns a function that builds each
 * order's {@link RuleContext} from that, so the rules stay pure.
 */
export async function loadRuleContexts(
  tx: Database,
  orders: readonly Order[],
  terms: PartnerTerms,
  now: Date,
): Promise<ContextFor> {
  const partnerIds = [...new Set(orders.map((o) => o.partnerId))];
  const read = await readCatalog(tx, orders, partnerIds);
  const skus = [...read.products.keys()];
  const listsOf = await readPriceLists(tx, partnerIds, skus, orders);
  const stockIn = await readStock(tx, skus);
  const locations = await tx
    .select()
    .from(partnerLocations)
    .where(inList(partnerLocations.partnerId, partnerIds));
  const balances = new Map<string, string>();
  for (const partnerId of partnerIds)
    if (terms.get(partnerId)?.creditLimit !== undefined)
      balances.set(partnerId, (await partnerBalance(tx, partnerId, now)).openBalance);

  const perPartner = new Map<string, Omit<RuleContext, 'duplicatePo'>>();
  const today = now.toISOString().slice(0, 10);
  for (const partnerId of partnerIds) {
    const settings = terms.get(partnerId);
    if (!settings) continue;
    const refs = read.references.filter((r) => r.partnerId === partnerId);
    const catalog: Catalog = {
      empty: read.empty,
      products: read.products,
      gtins: read.gtins,
      buyerItems: new Map(refs.filter((r) => r.kind === 'buyerItem').map((r) => [r.value, r.sku])),
      partnerGtins: new Map(refs.filter((r) => r.kind === 'gtin').map((r) => [r.value, r.sku])),
    };
    perPartner.set(partnerId, {
      today,
      settings,
      catalog,
      priceLists: listsOf(partnerId),
      available: stockIn?.(settings.warehouses),
      locations: locations
        .filter((l) => l.partnerId === partnerId)
        .map(
          (l): Location => ({
            id: l.id,
            name: l.name,
            qualifier: l.qualifier,
            address: l.address as Location['address'],
          }),
        ),
      openBalance: balances.get(partnerId) ?? '0',
    });
  }
  return (order, duplicatePo) => {
    const context = perPartner.get(order.partnerId);
    if (!context) throw new Error(`no terms loaded for partner ${order.partnerId}`);
    return { ...context, duplicatePo };
  };
}

/** The resolved settings of each partner, read once per page. */
export async function partnerTerms(
  tx: Database,
  partnerIds: readonly string[],
): Promise<Map<string, ResolvedPartnerSettings>> {
  const terms = new Map<string, ResolvedPartnerSettings>();
  for (const id of partnerIds) {
    const found = await partnerAgreement(tx, id);
    if (found) terms.set(id, found.settings);
  }
  return terms;
}
