/**
 * Seeded master data for the wholesale rules bench (bench/rules.ts): 50,000 products, 40 partners with
 * cross-references and ship-to locations, 200 price lists (general and partner-specific, tiers, date validity,
 * one in CAD) and every product stocked in 2 warehouses. Orders against it: bench/rules-orders.ts; the rule
 * contexts built from it, and it written to a database: bench/rules-load.ts.
 */
import {
  type PartnerSettings,
  partnerSettingsDefaults,
  type ResolvedPartnerSettings,
} from '../src/core/partner.ts';
import { gtin14 } from '../src/rules/gtin.ts';
import type { Location, PriceTier, Product } from '../src/rules/rule.ts';
import { seededRandom } from '../test/support/seeded-random.ts';

export const PRODUCTS = 50_000;
export const PARTNERS = 40;
export const WAREHOUSES = ['EAST', 'WEST'] as const;
/** The partner bench/pipeline.ts creates (X12 sender BUYER): partner 0, with the default settings. */
export const BENCH_PARTNER = 'bench-buyer';
/** The ship-to of bench/x12-fixture.ts's 850s (N1*ST*…*92*0012): one of every partner's locations. */
const STORES = 25;

export interface ListData {
  id: string;
  currency: string;
  validFrom: string;
  validTo?: string;
  /** The partners it names; empty: a general list. */
  partners: string[];
  prices: Map<string, PriceTier[]>;
}

export interface PartnerData {
  id: string;
  /** What its agreement sets, and that over the defaults. */
  over: PartnerSettings;
  settings: ResolvedPartnerSettings;
  /** The partner's item number → our SKU, and back. */
  buyerItems: Map<string, string>;
  itemOf: Map<string, string>;
  /** The partner's own GTIN-14 → our SKU, and back. */
  partnerGtins: Map<string, string>;
  gtinOf: Map<string, string>;
  locations: Location[];
  /** General lists and the partner's own. */
  lists: ListData[];
}

export interface MasterData {
  products: Product[];
  bySku: Map<string, Product>;
  byGtin: Map<string, string>;
  partners: PartnerData[];
  partnerById: Map<string, PartnerData>;
  lists: ListData[];
  /** On hand per SKU, per warehouse of {@link WAREHOUSES}. */
  onHand: Map<string, readonly [number, number]>;
  /** Products to order from without a finding: active, well stocked. */
  plain: Product[];
  discontinued: Product[];
  lowStock: Product[];
}

export const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
export const cents = (price: string) => Math.round(Number(price) * 100);

/** A UPC-A (12 digits) with its GS1 check digit from an 11-digit body. */
function upc(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** Tiers of one SKU in one list: 1 tier, or 3 (from 48 and 144 units, 5 and 10% off). */
function tiersOf(base: number, threeTiers: boolean): PriceTier[] {
  const tier = (minQuantity: string, c: number) => ({ minQuantity, unitPrice: money(c) });
  return threeTiers
    ? [tier('1', base), tier('48', Math.floor((base * 95) / 100)), tier('144', Math.floor((base * 90) / 100))]
    : [tier('1', base)];
}

export function buildMasterData(seed = 14): MasterData {
  const r = seededRandom(seed);
  const pick = <T>(of: readonly T[]) => of[Math.floor(r() * of.length)] as T;
  const products: Product[] = [];
  const onHand = new Map<string, readonly [number, number]>();
  const low = new Set<string>();
  const skuOf = (i: number) => `SKU-${String(i).padStart(5, '0')}`;
  for (let i = 0; i < PRODUCTS; i++) {
    const sku = skuOf(i);
    const p: Product = { sku, description: `Product ${i}`, uom: 'EA', status: 'active', substitutes: [] };
    if (r() < 0.85) p.gtin = gtin14(upc(String(10_000_000_000 + i)));
    const shape = r();
    if (shape < 0.3) p.packSize = pick(['6', '12']);
    else if (shape < 0.4) p.orderMultiple = pick(['4', '10']);
    if (r() < 0.15) p.moq = pick(['12', '24', '48']);
    if (r() < 0.01 && i + 1 < PRODUCTS) {
      p.status = 'discontinued';
      p.substitutes = [skuOf(i + 1)];
    }
    products.push(p);
    const isLow = r() < 0.02;
    if (isLow) low.add(sku);
    const count = () => (isLow ? Math.floor(r() * 6) : 500 + Math.floor(r() * 5000));
    onHand.set(sku, [count(), count()]);
  }
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const byGtin = new Map(products.flatMap((p) => (p.gtin ? [[p.gtin, p.sku] as const] : [])));

  const partnerIds = Array.from({ length: PARTNERS }, (_, n) =>
    n === 0 ? BENCH_PARTNER : `partner-${String(n).padStart(2, '0')}`,
  );
  const lists: ListData[] = [];
  const general = (
    id: string,
    currency: string,
    validFrom: string,
    validTo: string | undefined,
    share: number,
  ) => {
    const prices = new Map<string, PriceTier[]>();
    for (const [i, p] of products.entries())
      if (share >= 1 ? i % 997 !== 0 || validFrom < '2026' : r() < share)
        prices.set(p.sku, tiersOf(150 + ((i * 7919) % 4850), i % 5 < 3));
    lists.push({ id, currency, validFrom, ...(validTo ? { validTo } : {}), partners: [], prices });
  };
  general('GEN-2025', 'USD', '2025-01-01', '2025-12-31', 1);
  // SKUs i % 997 === 0 are in no current general list: price.missing unless a partner's list prices them
  general('GEN-2026', 'USD', '2026-01-01', undefined, 1);
  general('GEN-2026-FEB', 'USD', '2026-02-01', '2026-02-28', 0.1);
  general('GEN-2026-SPRING', 'USD', '2026-02-20', '2026-05-31', 0.04);
  general('GEN-2026-CAD', 'CAD', '2026-01-01', undefined, 0.1);
  for (let k = 0; k < 5; k++)
    general(`GEN-CLEARANCE-${k}`, 'USD', `2026-0${k + 1}-15`, `2026-0${k + 2}-14`, 0.02);
  const windows = [
    ['2026-01-01', undefined],
    ['2025-07-01', '2025-12-31'],
    ['2026-02-15', '2026-06-30'],
  ] as const;
  for (let k = 0; lists.length < 200; k++) {
    const p = k % PARTNERS;
    const partners = [partnerIds[p]!, ...(k % 10 === 5 ? [partnerIds[(p + 1) % PARTNERS]!] : [])];
    const [validFrom, validTo] = windows[Math.floor(k / PARTNERS) % windows.length]!;
    const off = 85 + (k % 10);
    const prices = new Map<string, PriceTier[]>();
    for (let n = 0; n < 500; n++) {
      const i = Math.floor(r() * PRODUCTS);
      prices.set(skuOf(i), tiersOf(Math.floor(((150 + ((i * 7919) % 4850)) * off) / 100), i % 5 < 3));
    }
    lists.push({
      id: `PL-${partners[0]}-${k}`,
      currency: 'USD',
      validFrom,
      ...(validTo ? { validTo } : {}),
      partners,
      prices,
    });
  }

  const partners = partnerIds.map((id, n): PartnerData => {
    const over: PartnerSettings = {};
    if (n > 0 && n % 4 === 1) Object.assign(over, { priceMismatch: 'accept-ours', quantityRule: 'round-up' });
    if (n % 4 === 2) Object.assign(over, { shortage: 'ship-available', unknownItem: 'reject-line' });
    if (n % 4 === 3)
      Object.assign(over, { priceMismatch: 'reject-line', shortage: 'hold', warehouses: ['EAST'] });
    if (n % 5 === 4) Object.assign(over, { creditLimit: '40000', approvalThreshold: '30000' });
    const settings = { ...partnerSettingsDefaults([{ type: 'x12' }]), ...over };
    const buyerItems = new Map<string, string>();
    const partnerGtins = new Map<string, string>();
    for (let k = 0; k < 3_000; k++) buyerItems.set(`B${n}-${k}`, skuOf(Math.floor(r() * PRODUCTS)));
    for (let k = 0; k < 200; k++)
      partnerGtins.set(
        gtin14(upc(String(20_000_000_000 + n * 1_000 + k)))!,
        skuOf(Math.floor(r() * PRODUCTS)),
      );
    const reverse = (m: Map<string, string>) => new Map([...m].map(([value, sku]) => [sku, value]));
    const locations = Array.from({ length: STORES }, (_, s) => ({
      id: String(s + 1).padStart(4, '0'),
      name: `${id} store ${s + 1}`,
      qualifier: '92',
      address: { lines: [`${s + 1} Main St`] },
    }));
    const own = lists.filter((l) => l.partners.length === 0 || l.partners.includes(id));
    return {
      id,
      over,
      settings,
      buyerItems,
      itemOf: reverse(buyerItems),
      partnerGtins,
      gtinOf: reverse(partnerGtins),
      locations,
      lists: own,
    };
  });
  return {
    products,
    bySku,
    byGtin,
    partners,
    partnerById: new Map(partners.map((p) => [p.id, p])),
    lists,
    onHand,
    plain: products.filter((p) => p.status === 'active' && !low.has(p.sku)),
    discontinued: products.filter((p) => p.status === 'discontinued'),
    lowStock: products.filter((p) => p.status === 'active' && low.has(p.sku)),
  };
}
