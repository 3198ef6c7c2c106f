import type { Order, Party } from '../../src/core/order.ts';
import { PartyRole } from '../../src/mapping/order-mapping.schema.ts';
import type { Segment } from '../../src/x12/types.ts';
import { fieldOf, type MapEnv, type PartyLoop } from './map-draft.ts';
import { contact, readReference } from './map-header.ts';
import { element, mandatory } from './map-values.ts';

/** Segments that belong to an N1 loop when they follow its N1 (850/860 N1 loop, positions 310-360). */
export const PARTY_LOOP_CHILDREN = new Set(['N2', 'N3', 'N4', 'REF', 'PER']);

/**
 * Whether `tag` is in PARTY_LOOP_CHILDREN, asked for every segment of a set. Comparing a few short strings
 * beats Set#has here: each tag is a fresh string whose hash would be computed just for this lookup.
 */
export function isPartyLoopChild(tag: string): boolean {
  return tag === 'N2' || tag === 'N3' || tag === 'N4' || tag === 'REF' || tag === 'PER';
}

/** N1-01 entity identifier code, N1-02 name, N1-03/04 identification code qualifier and code. */
export function startPartyLoop(env: MapEnv, segment: Segment): PartyLoop {
  const qualifier = mandatory(env.findings, segment, 1, 'entity identifier code') ?? '';
  const name = element(segment, 2);
  const idQualifier = element(segment, 3);
  const id = element(segment, 4);
  return {
    qualifier,
    ...(name !== undefined && { name }),
    ...(idQualifier !== undefined && { idQualifier }),
    ...(id !== undefined && { id }),
    address: { lines: [] },
    segments: [segment],
  };
}

/**
 * N2 (additional names) and N3 (street) both become address lines, N2 first, as a label prints them;
 * N4-01 city, N4-02 state/province, N4-03 postal code, N4-04 country. REF and PER wait until the party is
 * known to be used (see resolveParties).
 */
export function addToPartyLoop(loop: PartyLoop, segment: Segment): void {
  loop.segments.push(segment);
  const { address } = loop;
  if (segment.tag === 'N2' || segment.tag === 'N3') {
    for (const n of [1, 2]) {
      const line = element(segment, n);
      if (line !== undefined) address.lines.push(line);
    }
  } else if (segment.tag === 'N4') {
    const [city, region, postalCode, country] = [1, 2, 3, 4].map((n) => element(segment, n));
    if (city !== undefined) address.city = city;
    if (region !== undefined) address.region = region;
    if (postalCode !== undefined) address.postalCode = postalCode;
    if (country !== undefined) address.country = country;
  }
}

function toParty(loop: PartyLoop): Party {
  const { address } = loop;
  const hasAddress = address.lines.length > 0 || Object.keys(address).length > 1;
  return {
    ...(loop.name !== undefined && { name: loop.name }),
    ...(loop.idQualifier !== undefined && { idQualifier: loop.idQualifier }),
    ...(loop.id !== undefined && { id: loop.id }),
    ...(hasAddress && { address }),
  };
}

/**
 * Picks one N1 loop per role by the mapping's preference (the first sent wins among equals). REF in a used
 * loop joins references.raw (never a named reference: it describes the party, not the order) and PER
 * becomes a note; loops no role takes are reported with their children.
 */
export function resolveParties(env: MapEnv): Order['parties'] {
  const parties: Order['parties'] = {};
  const chosen = new Map<PartyLoop, string>();
  for (const role of PartyRole.options) {
    const preference = env.mapping.parties[role] ?? [];
    let best: PartyLoop | undefined;
    for (const loop of env.draft.parties) {
      const rank = preference.indexOf(loop.qualifier);
      if (rank !== -1 && (best === undefined || rank < preference.indexOf(best.qualifier))) best = loop;
    }
    if (best) {
      parties[role] = toParty(best);
      chosen.set(best, role);
    }
  }
  for (const loop of env.draft.parties) {
    const [n1, ...children] = loop.segments as [Segment, ...Segment[]];
    if (!chosen.has(loop)) {
      const role = fieldOf(env.mapping.parties, loop.qualifier);
      const reason =
        role === undefined ? 'no party role is mapped to it' : `${role} was taken from another N1 loop`;
      const with_ = children.length > 0 ? ` (with ${children.map((s) => s.tag).join(', ')})` : '';
      env.findings.unmapped(`N1 loop ${loop.qualifier}${with_} not used: ${reason}`, n1);
      continue;
    }
    for (const child of children) {
      if (child.tag === 'REF') {
        const pair = readReference(env, child);
        if (pair) env.draft.rawReferences.push(pair);
      } else if (child.tag === 'PER') {
        contact(env, child, `${chosen.get(loop)} ${loop.name ?? loop.qualifier}`);
      }
    }
  }
  return parties;
}
