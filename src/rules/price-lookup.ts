import type { Order } from '../core/order.ts';
import { compareDecimal, plainNumber } from './decimal-math.ts';
import type { PriceList } from './rule.ts';

/** Our price for a quantity of a SKU: the tier's unit price, and the list and tier it comes from. */
export interface ListPrice {
  readonly unitPrice: string;
  readonly listId: string;
  readonly minQuantity: string;
}

/** A tier of the list that prices a SKU: its minimum as a number (when exact), and the price it gives. */
interface Tier {
  min: number | undefined;
  price: ListPrice;
}

/** The tiers of the list that prices a SKU for an order, highest `minQuantity` first. */
type SkuPrices = readonly Tier[];

/**
 * The price lists that may price an order (valid on its PO date, in its currency), best first, and what they
 * price per SKU, filled in as SKUs are asked for: a SKU's list is found once per list array, PO date and
 * currency, not once per line.
 */
export interface Pricing {
  lists: readonly PriceList[];
  bySku: Map<string, SkuPrices | null>;
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

/** The best list that prices `sku` at all, as its tiers sorted; null when none does. */
function pricesOf(sku: string, pricing: Pricing): SkuPrices | null {
  let found = pricing.bySku.get(sku);
  if (found !== undefined) return found;
  found = null;
  for (const list of pricing.lists) {
    const tiers = list.prices.get(sku);
    if (tiers === undefined || tiers.length === 0) continue;
    found = tiers
      .map((t) => ({
        min: plainNumber(t.minQuantity),
        price: { unitPrice: t.unitPrice, listId: list.id, minQuantity: t.minQuantity },
      }))
      .sort((a, b) => compareDecimal(b.price.minQuantity, a.price.minQuantity));
    break;
  }
  pricing.bySku.set(sku, found);
  return found;
}

/**
 * Our price for `quantity` of `sku`: the best list that prices the SKU (so a partner's list that prices only
 * some SKUs leaves the rest to the general list) and in it the tier with the highest `minQuantity` not above
 * the quantity. Undefined when no list prices the SKU, or its list has no tier for so few (`price.missing`).
 * The answer is shared: never change it.
 */
export function listPrice(sku: string, quantity: string, pricing: Pricing): ListPrice | undefined {
  if (pricing.lists.length === 0) return undefined;
  const tiers = pricesOf(sku, pricing);
  if (tiers === null) return undefined;
  const q = plainNumber(quantity);
  for (const tier of tiers)
    if (
      q !== undefined && tier.min !== undefined
        ? tier.min <= q
        : compareDecimal(tier.price.minQuantity, quantity) <= 0
    )
      return tier.price;
  return undefined;
}
