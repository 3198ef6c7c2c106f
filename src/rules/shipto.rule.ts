import type { Diagnostic } from '../core/diagnostic.ts';
import { finding, isChecked } from './finding.ts';
import type { Location, Rule } from './rule.ts';

const normal = (value: string) => value.trim().toLowerCase();

/** The qualifiers of each location id (normalized; '' for a location without one), per locations array. */
const indexes = new WeakMap<readonly Location[], Map<string, string[]>>();

function indexOf(locations: readonly Location[]): Map<string, string[]> {
  let index = indexes.get(locations);
  if (index === undefined) {
    index = new Map();
    for (const l of locations) {
      const id = normal(l.id);
      const qualifiers = index.get(id);
      if (qualifiers) qualifiers.push(normal(l.qualifier ?? ''));
      else index.set(id, [normal(l.qualifier ?? '')]);
    }
    indexes.set(locations, index);
  }
  return index;
}

/**
 * True when `id` (with the sender's qualifier, if it gave one) is one of the locations. Ids compare trimmed and
 * case-insensitively; a location with a qualifier matches only that qualifier (store 0042 by DUNS+4 is not
 * store 0042 by the buyer's own numbering), but a reference without a qualifier (an SDQ store, a spreadsheet
 * cell) matches by id alone, as nothing says which numbering it uses.
 */
function isKnown(index: Map<string, string[]>, id: string, qualifier: string | undefined): boolean {
  const qualifiers = index.get(normal(id));
  if (qualifiers === undefined) return false;
  const q = qualifier === undefined ? '' : normal(qualifier);
  return q === '' || qualifiers.some((of) => of === '' || of === q);
}

/**
 * `shipto.unknown`: the order's ship-to (N1*ST id) or a store of its distribution (SDQ, `destinations`) is
 * none of the partner's locations. Silent when the partner has no locations configured, and for a ship-to
 * given by address only (nothing to match; the address is shipped to as written). One finding per unknown
 * id; a store's finding names the first line that ships to it.
 */
export const shiptoRule: Rule = (order, { locations }) => {
  const found: Diagnostic[] = [];
  if (locations.length === 0 || !isChecked(order)) return found;
  const index = indexOf(locations);
  const shipTo = order.parties.shipTo;
  if (shipTo?.id !== undefined && shipTo.id.trim() !== '' && !isKnown(index, shipTo.id, shipTo.idQualifier)) {
    const by = shipTo.idQualifier ? ` (qualifier ${shipTo.idQualifier})` : '';
    found.push(
      finding('shipto.unknown', `ship-to ${shipTo.id}${by} is none of the partner's locations`, {
        found: shipTo.id,
      }),
    );
  }
  // a store the distribution names on many lines is one finding, naming its first line
  const unknownStores = new Map<string, { id: string; lines: string[] }>();
  for (const line of order.lines)
    for (const d of line.destinations ?? []) {
      if (isKnown(index, d.locationId, undefined)) continue;
      const store = unknownStores.get(normal(d.locationId));
      if (store) store.lines.push(line.lineNumber);
      else unknownStores.set(normal(d.locationId), { id: d.locationId, lines: [line.lineNumber] });
    }
  for (const { id, lines } of unknownStores.values())
    found.push(
      finding(
        'shipto.unknown',
        `store ${id} (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}) is none of the partner's locations`,
        { line: lines[0], found: id },
      ),
    );
  return found;
};
