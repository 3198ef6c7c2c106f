import type { OrderLine } from '../../src/core/order.ts';
import type { ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import type { Segment } from '../../src/x12/types.ts';
import type { LineDraft, MapEnv } from './map-draft.ts';
import { allowanceChargeNote, readDateSegment, readReference } from './map-header.ts';
import { resolveItemIds } from './map-items.ts';
import { element, pad, readQuantity, sameDecimal, sumDecimals } from './map-values.ts';

/** A unit of measure code through the mapping's `codes.uom` table (CA → CS). */
export function translateUom(mapping: ResolvedOrderMapping, code: string): string {
  return mapping.codes.uom[code] ?? code;
}

/** PO4-01 pack (inner units per outer pack), PO4-02 size, PO4-03 unit of measure of the size. */
function pack(env: MapEnv, line: LineDraft, segment: Segment): void {
  const innerPack = readQuantity(env.findings, segment, 1);
  const size = readQuantity(env.findings, segment, 2);
  const uom = element(segment, 3);
  line.pack = {
    ...(innerPack !== undefined && { innerPack }),
    ...(size !== undefined && { size }),
    ...(uom !== undefined && { uom: translateUom(env.mapping, uom) }),
  };
}

/** SDQ-03/04 … SDQ-21/22: location ID and quantity pairs (store distribution); several SDQs add up. */
function distribution(env: MapEnv, line: LineDraft, segment: Segment): void {
  for (let n = 3; n < segment.elements.length; n += 2) {
    const locationId = element(segment, n);
    const quantity = readQuantity(env.findings, segment, n + 1);
    if (locationId !== undefined && quantity !== undefined) {
      line.destinations.push({ locationId, quantity });
    } else if (locationId !== undefined && element(segment, n + 1) === undefined) {
      env.findings.elementError(
        '2',
        `SDQ${pad(n + 1)}: quantity missing for location ${locationId}`,
        segment,
        n + 1,
      );
    } else if (locationId === undefined && element(segment, n + 1) !== undefined) {
      env.findings.elementError('2', `SDQ${pad(n)}: location missing for a quantity`, segment, n);
    }
  }
}

/** CUR inside a line: the order has one currency, so a different one would misprice the line. */
function lineCurrency(env: MapEnv, line: LineDraft, segment: Segment): void {
  const code = element(segment, 2);
  const orderCurrency = env.draft.currency ?? env.mapping.defaults.currency;
  if (code !== undefined && code !== orderCurrency) {
    env.findings.error(
      'x12.mapping.line_currency',
      `line ${line.lineNumber ?? '?'} is priced in ${code}, the order in ${orderCurrency}`,
      segment,
      2,
    );
  }
}

/**
 * Segments inside a PO1/POC loop. Lines have no dates, references or notes of their own in the canonical
 * order: DTM dates are lifted to the order (see liftLineDates) and REF/N9/MSG/NTE/SAC become order notes
 * prefixed with the line number.
 */
export const LINE_HANDLERS: Record<string, (env: MapEnv, line: LineDraft, segment: Segment) => void> = {
  PID: (_env, line, segment) => {
    // PID-05: free-form description (PID-01 F) or the text of a coded one (S)
    const text = element(segment, 5);
    if (text !== undefined) line.descriptions.push(text);
  },
  PO4: pack,
  SDQ: distribution,
  CUR: lineCurrency,
  DTM: (env, line, segment) => {
    const pair = readDateSegment(env, segment);
    if (pair) line.dates.push({ ...pair, segment, element: 2 });
  },
  REF: (env, line, segment) => {
    const pair = readReference(env, segment);
    if (pair) line.notes.push(`${pair.qualifier} ${pair.value}`);
  },
  N9: (env, line, segment) => {
    const pair = readReference(env, segment);
    if (pair) line.notes.push(`${pair.qualifier} ${pair.value}`);
  },
  MSG: (_env, line, segment) => {
    const text = element(segment, 1);
    if (text !== undefined) line.notes.push(text);
  },
  NTE: (_env, line, segment) => {
    const text = element(segment, 2);
    if (text !== undefined) line.notes.push(text);
  },
  SAC: (_env, line, segment) => {
    line.notes.push(allowanceChargeNote(segment));
  },
};

/**
 * Turns line drafts into canonical lines: missing line numbers get the line's position (or the next free
 * number) with a warning, duplicates are errors (acknowledgments and shipments refer to lines by number),
 * item IDs are resolved by preference and store distributions checked against the line quantity.
 */
export function finishLines(env: MapEnv): OrderLine[] {
  const taken = new Set<string>();
  for (const line of env.draft.lines) if (line.lineNumber !== undefined) taken.add(line.lineNumber);
  const seen = new Set<string>();
  return env.draft.lines.map((line, index) => {
    let lineNumber = line.lineNumber;
    if (lineNumber === undefined) {
      let candidate = index + 1;
      while (taken.has(String(candidate))) candidate += 1;
      lineNumber = String(candidate);
      taken.add(lineNumber);
      env.findings.warning(
        'x12.mapping.line_number_assigned',
        `${line.segment.tag}01 line number missing: numbered ${lineNumber}`,
        line.segment,
        1,
      );
    } else if (seen.has(lineNumber)) {
      env.findings.error(
        'x12.mapping.duplicate_line_number',
        `line number ${lineNumber} is used twice`,
        line.segment,
        1,
      );
    }
    seen.add(lineNumber);
    for (const note of line.notes) env.draft.notes.push(`Line ${lineNumber}: ${note}`);
    const quantity = line.quantity ?? '0';
    if (line.destinations.length > 0) {
      const distributed = sumDecimals(line.destinations.map((destination) => destination.quantity));
      if (!sameDecimal(distributed, quantity)) {
        env.findings.warning(
          'x12.mapping.destination_quantity',
          `line ${lineNumber}: store distribution totals ${distributed}, the line quantity is ${quantity}`,
          line.segment,
        );
      }
    }
    // assignments instead of conditional spreads (slow in V8, and this runs per line); same key order
    const out: OrderLine = { lineNumber, quantity, uom: line.uom } as OrderLine;
    if (line.unitPrice !== undefined) out.unitPrice = line.unitPrice;
    out.items = resolveItemIds(env, line.itemIds);
    if (line.descriptions.length > 0) out.description = line.descriptions.join(' ');
    if (line.pack !== undefined) out.pack = line.pack;
    if (line.destinations.length > 0) out.destinations = line.destinations;
    if (line.change !== undefined) out.change = line.change;
    return out;
  });
}
