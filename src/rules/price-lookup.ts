import type { Order } from '../core/order.ts';
import { compareDecimal } from './decimal-math.ts';
import type { PriceList } from './rule.ts';

/** Our price for a quantity of a SKU: the tier's unit price, and the list and tier it comes from. */
export interface ListPrice {
  unitPrice: string;
  listId: string;
  minQuantity: string;
}

/** Best first: a list naming the partner before a general one, then the latest `validFrom`, then by id. */
function better(a: PriceList, b: PriceList): number {
  if (a.forPartner !== b.forPartner) return a.forPartner ? -1 : 1;
  if (a.validFrom !== b.validFrom) return a.validFrom > b.validFrom ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Per context's lists (one array per partner and page), the valid lists per PO date and currency. */
const validLists = new WeakMap<readonly PriceList[], Map<string, readonly PriceList[]>>();

/**
 * The price lists that may price `order`, best first: valid on the PO date (validFrom ≤ poDate ≤ validTo,
 * YYYY-MM-DD compares as text) and in the order's currency (a list in another currency prices nothing here:
 * no exchange rates). Worked out once per list array, PO date and currency, so the lines of 10,000 orders
 * share it.
 */
export function listsFor(order: Pick<Order, 'poDate' | 'currency'>, lists: readonly PriceList[]) {
  if (lists.length === 0) return lists;
  let byKey = validLists.get(lists);
  if (byKey === undefined) {
    byKey = new Map();
    validLists.set(lists, byKey);
  }
  const key = `${order.poDate}|${order.currency}`;
  let valid = byKey.get(key);
  if (valid === undefined) {
    valid = lists
      .filter(
        (l) =>
          l.currency === order.currency &&
          l.validFrom <= order.poDate &&
          (l.validTo === undefined || order.poDate <= l.validTo),
      )
      .sort(better);
    byKey.set(key, valid);
  }
  return valid;
}

/**
 * Our price for `quantity` of `sku` from `lists` (best first, from {@link listsFor}): the first list with a
 * tier for the quantity wins (so a partner's list that prices only some SKUs leaves the rest to the general
 * list), and its tier is the one with the highest `minQuantity` not above the quantity. Undefined when no
 * list prices the SKU at that quantity (`price.missing`).
 */
export function listPrice(sku: string, quantity: string, lists: readonly PriceList[]): ListPrice | undefined {
  for (const list of lists) {
    const tiers = list.prices.get(sku);
    if (tiers === undefined) continue;
    let best: (typeof tiers)[number] | undefined;
    for (const tier of tiers)
      if (
        compareDecimal(tier.minQuantity, quantity) <= 0 &&
        (best === undefined || compareDecimal(tier.minQuantity, best.minQuantity) > 0)
      )
        best = tier;
    if (best !== undefined)
      return { unitPrice: best.unitPrice, listId: list.id, minQuantity: best.minQuantity };
  }
  return undefined;
}
