import type { Order } from '../core/order.ts';
import { compareDecimal, plainNumber } from './decimal-math.ts';
import type { PriceList, PriceTier } from './rule.ts';

/** Our price for a quantity of a SKU: the tier's unit price, and the list and tier it comes from. */
export interface ListPrice {
  readonly unitPrice: string;
  readonly listId: string;
  readonly minQuantity: string;
}

/**
 * The price lists that may price an order (valid on its PO date, in its currency), best first, and the list
 * that prices each SKU, filled in as SKUs are asked for.
 */
export interface Pricing {
  lists: readonly PriceList[];
  /** The best list that prices a SKU, null when none does (found once per SKU). */
  bySku: Map<string, PriceList | null>;
}

/** Best first: a list naming the partner before a general one, then the latest `validFrom`, then by id. */
function better(a: PriceList, b: PriceList): number {
  if (a.forPartner !== b.forPartner) return a.forPartner ? -1 : 1;
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Per context's lists (one array per partner and page of orders): the pricing per PO date and currency. */
const pricings = new WeakMap<readonly PriceList[], Map<string, Pricing>>();

/**
 * The pricing of `order` from the partner's `lists`: the lists valid on the PO date (validFrom ≤ poDate ≤
 * validTo; YYYY-MM-DD compares as text) and in the order's currency (a list in another currency prices
 * nothing here: no exchange rates), best first — a list naming the partner before a general one, among those
 * the latest validFrom. Made once per list array, PO date and currency, so the lines of 10,000 orders share it.
 */
export function pricingFor(order: Pick<Order, 'poDate' | 'currency'>, lists: readonly PriceList[]): Pricing {
  let byKey = pricings.get(lists);
  if (byKey === undefined) {
    byKey = new Map();
    pricings.set(lists, byKey);
  }
  const key = `${order.poDate}|${order.currency}`;
  let pricing = byKey.get(key);
  if (pricing === undefined) {
    const valid = lists
      .filter(
        (l) =>
          l.currency === order.currency &&
          l.validFrom <= order.poDate &&
          (l.validTo === undefined || order.poDate <= l.validTo),
      )
      .sort(better);
    pricing = { lists: valid, bySku: new Map() };
    byKey.set(key, pricing);
  }
  return pricing;
}

/** The best list that prices `sku` at all; null when none does. */
function listOf(sku: string, pricing: Pricing): PriceList | null {
  let found = pricing.bySku.get(sku);
  if (found !== undefined) return found;
  found = null;
  for (const list of pricing.lists)
    if (list.prices.get(sku)?.length) {
      found = list;
      break;
    }
  pricing.bySku.set(sku, found);
  return found;
}

/** The tier with the highest `minQuantity` not above `quantity`, if any (tiers in any order). */
function tierFor(tiers: readonly PriceTier[], quantity: string): PriceTier | undefined {
  const q = plainNumber(quantity);
  let best: PriceTier | undefined;
  let bestMin = 0;
  for (const tier of tiers) {
    const min = q === undefined ? undefined : plainNumber(tier.minQuantity);
    // a number too long to compare as a double: every tier by Decimal
    if (min === undefined || q === undefined) return tierForExact(tiers, quantity);
    if (min <= q && (best === undefined || min > bestMin)) {
      best = tier;
      bestMin = min;
    }
  }
  return best;
}

function tierForExact(tiers: readonly PriceTier[], quantity: string): PriceTier | undefined {
  let best: PriceTier | undefined;
  for (const tier of tiers)
    if (
      compareDecimal(tier.minQuantity, quantity) <= 0 &&
      (best === undefined || compareDecimal(tier.minQuantity, best.minQuantity) > 0)
    )
      best = tier;
  return best;
}

/**
 * Our price for `quantity` of `sku`: the best list that prices the SKU (so a partner's list that prices only
 * some SKUs leaves the rest to the general list) and in it the tier with the highest `minQuantity` not above
 * the quantity. Undefined when no list prices the SKU, or its list has no tier for so few (`price.missing`).
 */
export function listPrice(sku: string, quantity: string, pricing: Pricing): ListPrice | undefined {
  if (pricing.lists.length === 0) return undefined;
  const list = listOf(sku, pricing);
  const tiers = list?.prices.get(sku);
  if (list === null || tiers === undefined) return undefined;
  const tier = tierFor(tiers, quantity);
  return tier && { unitPrice: tier.unitPrice, listId: list.id, minQuantity: tier.minQuantity };
}
