import type { Diagnostic } from '../core/diagnostic.ts';
import type { Address, Order } from '../core/order.ts';
import type { ResolvedWholesaleSettings } from '../core/wholesale-settings.ts';

/** One of our products as the rules see it (quantities and prices are decimal strings). */
export interface Product {
  sku: string;
  /** GTIN-14: a UPC-12 or EAN-13 padded with zeros on the left. */
  gtin?: string;
  description: string;
  uom: string;
  packSize?: string;
  moq?: string;
  orderMultiple?: string;
  status: 'active' | 'discontinued';
  substitutes: readonly string[];
}

/** A price tier: from `minQuantity` units on, each costs `unitPrice`. */
export interface PriceTier {
  minQuantity: string;
  unitPrice: string;
}

/** A price list as the rules see it: its validity, whether it names the partner, its tiers per SKU. */
export interface PriceList {
  id: string;
  currency: string;
  validFrom: string;
  validTo?: string;
  /** True when the list names this partner; false for a general list (for everyone). */
  forPartner: boolean;
  prices: ReadonlyMap<string, readonly PriceTier[]>;
}

/** A partner's ship-to location (store, DC) by the number the partner uses. */
export interface Location {
  id: string;
  name: string;
  qualifier: string;
  address: Address;
}

/**
 * The products an order's lines may name, and the partner's cross-references: every way a line's item
 * identifiers can resolve to our SKU. A catalog holds at least the entries the order at hand needs; `empty`
 * says no products are configured at all, when item rules stay silent (the pass-through gateway).
 */
export interface Catalog {
  empty: boolean;
  /** Products by SKU. */
  products: ReadonlyMap<string, Product>;
  /** Our products' GTIN-14 → SKU. */
  gtins: ReadonlyMap<string, string>;
  /** This partner's item numbers → SKU. */
  buyerItems: ReadonlyMap<string, string>;
  /** This partner's own GTIN-14s for our SKUs → SKU. */
  partnerGtins: ReadonlyMap<string, string>;
}

/**
 * Everything a rule may know besides the order: plain data loaded before the rules run (so the rules are
 * pure functions and a benchmark or a test builds it by hand).
 */
export interface RuleContext {
  /** Today (YYYY-MM-DD) by the gateway's clock: dates in the past are late. */
  today: string;
  settings: ResolvedWholesaleSettings;
  catalog: Catalog;
  /** Every price list that names the partner and every general one, valid or not on the PO date. */
  priceLists: readonly PriceList[];
  /**
   * Available to promise per SKU (on hand − reserved, in the partner's warehouses). `undefined` when no
   * inventory is kept at all (the rule stays silent); a SKU missing from a kept inventory has none.
   */
  available: ReadonlyMap<string, string> | undefined;
  /** The partner's ship-to locations; empty: none configured, the ship-to rule stays silent. */
  locations: readonly Location[];
  /** What the partner owes now: open invoices minus payments. */
  openBalance: string;
  /** True when another live order of this partner already has the PO number. */
  duplicatePo: boolean;
}

/** One wholesale rule: a pure function of the order and its context, returning what it found. */
export type Rule = (order: Order, context: RuleContext) => Diagnostic[];
