import type { ItemIds, Order, Party } from '../../src/core/order.ts';
import type { ResolvedOutboundMapping } from '../../src/mapping/outbound-mapping.schema.ts';
import type { SegmentData } from '../../src/x12/writer.ts';

/** Segments the 855, 856 and 810 encoders write alike, shaped by the partner's outbound mapping. */

export const x12Date = (iso: string) => iso.replaceAll('-', '');

/**
 * Product/service ID qualifier/ID pairs (235) for PO1-06…, LIN-02…, IT1-06…: the item fields the mapping
 * lists, in its order, each with its qualifier; fields without a value are skipped.
 */
export function itemIdPairs(items: ItemIds, qualifiers: ResolvedOutboundMapping['items']): string[] {
  return appendItemIdPairs([], items, qualifiers);
}

/** {@link itemIdPairs} added to the end of `segment` (e.g. `['LIN', lineNumber]`), which it returns. */
export function appendItemIdPairs(
  segment: string[],
  items: ItemIds,
  qualifiers: ResolvedOutboundMapping['items'],
): string[] {
  for (const field in qualifiers) {
    const value = items[field as keyof ItemIds];
    if (value !== undefined && value !== '') segment.push(qualifiers[field as keyof ItemIds]!, value);
  }
  return segment;
}

/** Whether the mapping would write any ID for these items (LIN-02/03 are mandatory). */
export function hasItemIds(items: ItemIds, qualifiers: ResolvedOutboundMapping['items']): boolean {
  // what itemIdPairs would find first, without building the pairs (this runs once per line shipped)
  for (const field in qualifiers) {
    const value = items[field as keyof ItemIds];
    if (value !== undefined && value !== '') return true;
  }
  return false;
}

/** One N1 loop: N1, then N3 per two address lines, then N4. Nothing for a party with neither name nor id. */
export function partyLoop(code: string, party: Party | undefined): SegmentData[] {
  if (!party || (party.name === undefined && party.id === undefined)) return [];
  // N1-03/04 go together (P0304); "92" (assigned by buyer) when the party has an id without a qualifier
  const qualified = party.id === undefined ? [] : [party.idQualifier ?? '92', party.id];
  const segments: SegmentData[] = [['N1', code, party.name ?? '', ...qualified]];
  const address = party.address;
  if (address) {
    // N3-01/02 address information, two lines per N3
    for (let i = 0; i < address.lines.length; i += 2) segments.push(['N3', ...address.lines.slice(i, i + 2)]);
    const n4 = [address.city, address.region, address.postalCode, address.country];
    if (n4.some((value) => value !== undefined)) segments.push(['N4', ...n4.map((value) => value ?? '')]);
  }
  return segments;
}

/** The N1 loops the mapping lists, in its order, for the parties the order has. */
export function partyLoops(
  parties: Order['parties'],
  loops: ResolvedOutboundMapping['parties'],
): SegmentData[] {
  return loops.flatMap(({ role, code }) => partyLoop(code, parties[role]));
}

/** REF-01 qualifier, REF-02 value: the order's named references the mapping lists, in its order. */
export function referenceSegments(
  references: Order['references'],
  qualifiers: ResolvedOutboundMapping['references'],
): SegmentData[] {
  const segments: SegmentData[] = [];
  for (const [name, qualifier] of Object.entries(qualifiers)) {
    const value = references[name];
    if (typeof value === 'string' && value !== '') segments.push(['REF', qualifier, value]);
  }
  return segments;
}

/** PID-01 F free-form, PID-05 description, when the mapping sends descriptions and the line has one. */
export function descriptionSegments(description: string | undefined, send: boolean): SegmentData[] {
  return send && description !== undefined && description !== ''
    ? [['PID', 'F', '', '', '', description]]
    : [];
}
