/**
 * The seeded master data (bench/rules-data.ts) as the validate stage sees it: the rule contexts of a page of
 * orders built in memory the way src/pipeline/wholesale/rule-context.ts builds them from the database, and the
 * master data written to a database for the real loader and the pipeline.
 */
import { insertRecordset } from '../src/db/bulk.ts';
import type { Database } from '../src/db/client.ts';
import { priceLists } from '../src/db/schema.ts';
import { createPartner } from '../src/partners/partner-store.ts';
import { gtin14 } from '../src/rules/gtin.ts';
import type { Catalog, PriceList, PriceTier, Product, RuleContext } from '../src/rules/rule.ts';
import { BENCH_PARTNER, type MasterData, WAREHOUSES } from './rules-data.ts';
import type { BenchOrder } from './rules-orders.ts';

/**
 * The rule context of each order of a page, built in memory as loadRuleContexts builds it from the database:
 * the products the page's lines name (by SKU, GTIN or the partners' cross-references, plus substitutes), the
 * partners' cross-references among them, every general list and the partner's own with the page's SKUs'
 * tiers, stock of those SKUs in the partner's warehouses, the partner's locations.
 */
export function contextsForPage(master: MasterData, page: readonly BenchOrder[], today: string) {
  const skus = new Set<string>();
  const gtins = new Set<string>();
  const buyerItems = new Set<string>();
  for (const { order } of page)
    for (const { items } of order.lines) {
      if (items.sku) skus.add(items.sku);
      if (items.vendorItem) skus.add(items.vendorItem);
      if (items.buyerItem) buyerItems.add(items.buyerItem);
      for (const g of [items.gtin, items.upc, items.ean]) {
        const normal = gtin14(g);
        if (normal) gtins.add(normal);
      }
    }
  const partners = [...new Set(page.map((b) => b.order.partnerId))].map((id) => master.partnerById.get(id)!);
  const refs = new Map<string, { buyerItems: Map<string, string>; partnerGtins: Map<string, string> }>();
  for (const p of partners) {
    const own = { buyerItems: new Map<string, string>(), partnerGtins: new Map<string, string>() };
    for (const v of buyerItems) if (p.buyerItems.has(v)) own.buyerItems.set(v, p.buyerItems.get(v)!);
    for (const v of gtins) if (p.partnerGtins.has(v)) own.partnerGtins.set(v, p.partnerGtins.get(v)!);
    for (const sku of [...own.buyerItems.values(), ...own.partnerGtins.values()]) skus.add(sku);
    refs.set(p.id, own);
  }
  const products = new Map<string, Product>();
  for (const sku of skus) if (master.bySku.has(sku)) products.set(sku, master.bySku.get(sku)!);
  for (const g of gtins)
    if (master.byGtin.has(g)) products.set(master.byGtin.get(g)!, master.bySku.get(master.byGtin.get(g)!)!);
  for (const p of [...products.values()])
    for (const s of p.substitutes) products.set(s, master.bySku.get(s)!);
  const ourGtins = new Map<string, string>();
  for (const p of products.values()) if (p.gtin) ourGtins.set(p.gtin, p.sku);
  const pagePrices = new Map<string, Map<string, readonly PriceTier[]>>();
  for (const list of master.lists) {
    const of = new Map<string, readonly PriceTier[]>();
    if (list.prices.size < products.size) {
      for (const [sku, tiers] of list.prices) if (products.has(sku)) of.set(sku, tiers);
    } else for (const sku of products.keys()) if (list.prices.has(sku)) of.set(sku, list.prices.get(sku)!);
    pagePrices.set(list.id, of);
  }
  const stock = new Map<string, Map<string, string>>();
  const stockIn = (warehouses: readonly string[] | undefined) => {
    const key = warehouses?.join() ?? '';
    let available = stock.get(key);
    if (available === undefined) {
      available = new Map();
      for (const sku of products.keys()) {
        const counts = master.onHand.get(sku)!;
        const free = WAREHOUSES.reduce(
          (sum, w, i) => (warehouses && !warehouses.includes(w) ? sum : sum + counts[i]!),
          0,
        );
        available.set(sku, String(free));
      }
      stock.set(key, available);
    }
    return available;
  };
  const byPartner = new Map<string, Omit<RuleContext, 'duplicatePo'>>();
  for (const p of partners) {
    const catalog: Catalog = { empty: false, products, gtins: ourGtins, ...refs.get(p.id)! };
    const priceLists: PriceList[] = p.lists.map((l) => ({
      id: l.id,
      currency: l.currency,
      validFrom: l.validFrom,
      ...(l.validTo ? { validTo: l.validTo } : {}),
      forPartner: l.partners.length > 0,
      prices: pagePrices.get(l.id)!,
    }));
    const available = stockIn(p.settings.warehouses);
    byPartner.set(p.id, {
      today,
      settings: p.settings,
      catalog,
      priceLists,
      available,
      locations: p.locations,
      openBalance: '0',
    });
  }
  return (b: BenchOrder): RuleContext => ({
    ...byPartner.get(b.order.partnerId)!,
    duplicatePo: b.duplicatePo,
  });
}

/**
 * Writes the master data to `db`: the partners but {@link BENCH_PARTNER} (bench/pipeline.ts creates it) as
 * the API does, the rest in one transaction, one JSON parameter per 2,000 rows (src/db/bulk.ts).
 */
export async function insertMasterData(db: Database, master: MasterData): Promise<void> {
  for (const [n, p] of master.partners.entries())
    if (p.id !== BENCH_PARTNER)
      await createPartner(
        db,
        {
          id: p.id,
          name: p.id,
          identifiers: [{ type: 'x12', qualifier: 'ZZ', value: `BENCH${n}` }],
          settings: p.over,
        },
        'bench',
      );
  await db.transaction(async (tx) => {
    await insertRecordset(
      tx,
      'products',
      'sku text, gtin text, description text, uom text, pack_size numeric, moq numeric, order_multiple numeric, status text, substitutes jsonb',
      master.products.map((p) => ({
        sku: p.sku,
        gtin: p.gtin ?? null,
        description: p.description,
        uom: p.uom,
        pack_size: p.packSize ?? null,
        moq: p.moq ?? null,
        order_multiple: p.orderMultiple ?? null,
        status: p.status,
        substitutes: p.substitutes,
      })),
    );
    await tx.insert(priceLists).values(
      master.lists.map((l) => ({
        id: l.id,
        currency: l.currency,
        validFrom: l.validFrom,
        validTo: l.validTo ?? null,
      })),
    );
    await insertRecordset(
      tx,
      'price_list_partners',
      'price_list_id text, partner_id text',
      master.lists.flatMap((l) => l.partners.map((partner_id) => ({ price_list_id: l.id, partner_id }))),
    );
    await insertRecordset(
      tx,
      'price_list_prices',
      'price_list_id text, sku text, tiers jsonb',
      master.lists.flatMap((l) => [...l.prices].map(([sku, tiers]) => ({ price_list_id: l.id, sku, tiers }))),
    );
    await insertRecordset(
      tx,
      'inventory',
      'sku text, warehouse text, on_hand numeric',
      [...master.onHand].flatMap(([sku, counts]) =>
        WAREHOUSES.map((warehouse, i) => ({ sku, warehouse, on_hand: String(counts[i]) })),
      ),
    );
    await insertRecordset(
      tx,
      'partner_items',
      'partner_id text, kind text, value text, sku text',
      master.partners.flatMap((p) => [
        ...[...p.buyerItems].map(([value, sku]) => ({ partner_id: p.id, kind: 'buyerItem', value, sku })),
        ...[...p.partnerGtins].map(([value, sku]) => ({ partner_id: p.id, kind: 'gtin', value, sku })),
      ]),
    );
    await insertRecordset(
      tx,
      'partner_locations',
      'partner_id text, id text, name text, address jsonb, qualifier text',
      master.partners.flatMap((p) =>
        p.locations.map((l) => ({
          partner_id: p.id,
          id: l.id,
          name: l.name,
          address: l.address,
          qualifier: l.qualifier,
        })),
      ),
    );
  });
}
