import type { ItemIds } from '../../src/core/order.ts';
import { ItemField } from '../../src/mapping/order-mapping.schema.ts';
import type { Segment } from '../../src/x12/types.ts';
import { fieldOf, type MapEnv, preferred, type Qualified } from './map-draft.ts';
import { element, pad } from './map-values.ts';

/**
 * Product/service ID qualifier/ID pairs of a line: PO1-06/07 … PO1-24/25 (850), POC-08/09 … POC-26/27 (860).
 * `basis` is the element just before the first pair (PO1-05 / POC-07, basis of unit price code).
 *
 * Some partners leave out the basis code without keeping its empty element, shifting every pair left by
 * one (`PO1*1*10*EA*25.00*BP*SKU-A`). When the basis element holds a qualifier the mapping knows and the
 * elements after it come in pairs from there, the pairs are read from the basis element on and the repair
 * is reported as a warning.
 */
export function readItemIds(env: MapEnv, segment: Segment, basis: number): Qualified[] {
  const { findings } = env;
  const basisValue = element(segment, basis);
  const shifted =
    basisValue !== undefined &&
    fieldOf(env.mapping.items, basisValue) !== undefined &&
    element(segment, basis + 1) !== undefined &&
    // shifted pairs end one element early: the last element sits at odd distance from the basis
    (segment.elements.findLastIndex((value) => value.trim() !== '') - basis) % 2 === 1;
  if (shifted) {
    findings.warning(
      'x12.mapping.shifted_item_id',
      `${segment.tag}${pad(basis)} holds item ID qualifier ${basisValue}, not a basis of unit price code: the ID pairs are read one element early`,
      segment,
      basis,
    );
  }
  const pairs: Qualified[] = [];
  for (let n = shifted ? basis : basis + 1; n < segment.elements.length; n += 2) {
    const qualifier = element(segment, n);
    const value = element(segment, n + 1);
    if (qualifier !== undefined && value !== undefined) {
      pairs.push({ qualifier, value, segment, element: n + 1 });
    } else if (qualifier !== undefined) {
      findings.elementError(
        '2',
        `${segment.tag}${pad(n + 1)}: product ID missing for qualifier ${qualifier}`,
        segment,
        n + 1,
      );
    } else if (value !== undefined) {
      findings.elementError(
        '2',
        `${segment.tag}${pad(n)}: qualifier missing for product ID ${value}`,
        segment,
        n,
      );
    }
  }
  return pairs;
}

/** One value per item field by preference; every pair not used is reported with the reason. */
export function resolveItemIds(env: MapEnv, pairs: readonly Qualified[]): ItemIds {
  const items: ItemIds = {};
  if (pairs.length === 0) return items;
  // runs once per line with a pair or two: a small array is cheaper than a Set
  const used: Qualified[] = [];
  for (const field of ItemField.options) {
    const preference = env.mapping.items[field];
    const best = preference === undefined ? undefined : preferred(pairs, preference);
    if (best) {
      items[field] = best.value;
      used.push(best);
    }
  }
  for (const pair of pairs) {
    if (used.includes(pair)) continue;
    const field = fieldOf(env.mapping.items, pair.qualifier);
    const reason =
      field === undefined ? 'no item field is mapped to it' : `${field} was taken from another qualifier`;
    env.findings.unmapped(
      `${pair.segment.tag} item ID ${pair.qualifier} "${pair.value}" not used: ${reason}`,
      pair.segment,
      pair.element - 1,
    );
  }
  return items;
}
