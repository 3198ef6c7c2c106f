import { asc, eq, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { PriceListInput, PriceTier } from '../../core/master-data.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { partners, priceListPartners, priceListPrices, priceLists } from '../../db/schema.ts';
import { checkSkusExist, LISTED_PROBLEMS } from './products.ts';
import { sameContent, slices, upsertRecordset } from './recordset.ts';

/** A price list without its prices: what the list of lists shows. */
export interface PriceListSummary {
  id: string;
  currency: string;
  validFrom: string;
  validTo?: string;
  /** The partners it is for; empty: a general list. */
  partners: string[];
  /** How many SKUs it prices. */
  skus: number;
  createdAt: string;
  updatedAt: string;
}

/** A price list whole, its prices by SKU. */
export interface PriceListView extends Omit<PriceListSummary, 'skus'> {
  prices: { sku: string; tiers: PriceTier[] }[];
}

/** What a list holds, as the audit trail records it and a change is told by. */
function content(list: Omit<PriceListInput, 'validTo'> & { validTo?: string | null | undefined }) {
  return {
    id: list.id,
    currency: list.currency,
    validFrom: list.validFrom,
    validTo: list.validTo ?? null,
    partners: [...list.partners].sort(),
    prices: [...list.prices].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
  };
}

/**
 * Saves a price list whole (`POST /v1/price-lists`): a list whose id exists has its dates, currency, partners
 * and prices replaced (nothing of the old list is kept), in one transaction, audited with before and after.
 * Saving the same list again changes nothing. Refused: a partner that does not exist
 * (`product.unknown_partner`), a SKU that is no product (`product.unknown_sku`), each listed.
 */
export async function savePriceList(
  db: Database,
  input: PriceListInput,
  actor: string,
): Promise<{ created: boolean; changed: boolean; list: PriceListView }> {
  await checkPartnersExist(db, input.partners);
  await checkSkusExist(db, input.prices, (i) => `prices.${i}.sku`);
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(priceLists).where(eq(priceLists.id, input.id)).for('update');
    const before = row === undefined ? undefined : await listContent(tx, row);
    if (before !== undefined && sameContent(before, content(input)))
      return { created: false, changed: false };
    if (row === undefined)
      await tx.insert(priceLists).values({
        id: input.id,
        currency: input.currency,
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
      });
    else {
      await tx
        .update(priceLists)
        .set({
          currency: input.currency,
          validFrom: input.validFrom,
          validTo: input.validTo ?? null,
          updatedAt: sql`now()`,
        })
        .where(eq(priceLists.id, input.id));
      await tx.delete(priceListPartners).where(eq(priceListPartners.priceListId, input.id));
      await tx.delete(priceListPrices).where(eq(priceListPrices.priceListId, input.id));
    }
    await upsertRecordset(
      tx,
      'price_list_partners',
      'price_list_id text, partner_id text',
      input.partners.map((partnerId) => ({ price_list_id: input.id, partner_id: partnerId })),
    );
    await upsertRecordset(
      tx,
      'price_list_prices',
      'price_list_id text, sku text, tiers jsonb',
      input.prices.map((p) => ({ price_list_id: input.id, sku: p.sku, tiers: p.tiers })),
    );
    await audit(tx, {
      actor,
      entityType: 'price_list',
      entityId: input.id,
      action: before === undefined ? 'create' : 'replace',
      ...(before !== undefined ? { before } : {}),
      after: content(input),
    });
    return { created: before === undefined, changed: true };
  });
  return { ...saved, list: (await getPriceList(db, input.id))! };
}

/** The `product.unknown_partner` error when a list names partners that do not exist. */
async function checkPartnersExist(db: Database, wanted: readonly string[]): Promise<void> {
  if (wanted.length === 0) return;
  const found = new Set<string>();
  for (const slice of slices(wanted)) {
    const rows = await db.select({ id: partners.id }).from(partners).where(inList(partners.id, slice));
    for (const { id } of rows) found.add(id);
  }
  const unknown = wanted.flatMap((id, i) =>
    found.has(id) ? [] : [{ path: `partners.${i}`, partnerId: id, message: `no partner ${id}` }],
  );
  if (unknown.length > 0)
    throw permanent('product.unknown_partner', `the price list names ${unknown.length} unknown partner(s)`, {
      details: unknown.slice(0, LISTED_PROBLEMS),
    });
}

async function listContent(db: Database, row: typeof priceLists.$inferSelect) {
  const names = await db
    .select({ partnerId: priceListPartners.partnerId })
    .from(priceListPartners)
    .where(eq(priceListPartners.priceListId, row.id));
  const prices = await db
    .select({ sku: priceListPrices.sku, tiers: priceListPrices.tiers })
    .from(priceListPrices)
    .where(eq(priceListPrices.priceListId, row.id))
    .orderBy(asc(priceListPrices.sku));
  return content({ ...row, partners: names.map((n) => n.partnerId), prices });
}

function dates(row: typeof priceLists.$inferSelect) {
  return {
    id: row.id,
    currency: row.currency,
    validFrom: row.validFrom,
    ...(row.validTo !== null ? { validTo: row.validTo } : {}),
  };
}

/** One price list with its partners and prices (by SKU). */
export async function getPriceList(db: Database, id: string): Promise<PriceListView | undefined> {
  const [row] = await db.select().from(priceLists).where(eq(priceLists.id, id));
  if (row === undefined) return undefined;
  const { partners: names, prices } = await listContent(db, row);
  return {
    ...dates(row),
    partners: names,
    prices,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Every price list by id, without prices; `partnerId` keeps those for that partner and the general ones (the
 * lists its orders are priced from).
 */
export async function listPriceLists(
  db: Database,
  filter: { partnerId?: string } = {},
): Promise<PriceListSummary[]> {
  const rows = await db.select().from(priceLists).orderBy(asc(priceLists.id));
  const named = await db.select().from(priceListPartners);
  const counts = await db
    .select({ id: priceListPrices.priceListId, skus: sql<number>`count(*)::int` })
    .from(priceListPrices)
    .groupBy(priceListPrices.priceListId);
  const partnersOf = new Map<string, string[]>();
  for (const n of named)
    partnersOf.set(n.priceListId, [...(partnersOf.get(n.priceListId) ?? []), n.partnerId]);
  const skus = new Map(counts.map((c) => [c.id, c.skus]));
  return rows
    .map((row) => ({
      ...dates(row),
      partners: (partnersOf.get(row.id) ?? []).sort(),
      skus: skus.get(row.id) ?? 0,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }))
    .filter(
      (list) =>
        filter.partnerId === undefined ||
        list.partners.length === 0 ||
        list.partners.includes(filter.partnerId),
    );
}
