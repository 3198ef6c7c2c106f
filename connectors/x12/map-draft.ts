import type { Address, Order, OrderLine } from '../../src/core/order.ts';
import type { ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import type { Segment, TransactionSet } from '../../src/x12/types.ts';
import type { Findings } from './map-diagnostics.ts';

/** A qualifier/value pair as sent (REF01/REF02, DTM01/DTM02, PO106/PO107), kept until preferences resolve. */
export interface Qualified {
  qualifier: string;
  value: string;
  segment: Segment;
  element: number;
}

/** An N1 loop: the N1 and its N2/N3/N4/REF/PER children. */
export interface PartyLoop {
  qualifier: string;
  name?: string;
  idQualifier?: string;
  id?: string;
  address: Address;
  segments: Segment[];
}

/** One PO1/POC loop while it is being read. */
export interface LineDraft {
  segment: Segment;
  lineNumber?: string;
  quantity?: string;
  uom: string;
  unitPrice?: string;
  change?: OrderLine['change'];
  itemIds: Qualified[];
  descriptions: string[];
  pack?: OrderLine['pack'];
  destinations: NonNullable<OrderLine['destinations']>;
  dates: Qualified[];
  notes: string[];
  /** Every segment of the loop, for `lines.*` path-expression overrides. */
  segments: Segment[];
}

/** The order being assembled from one transaction set. */
export interface OrderDraft {
  poNumber?: string;
  poDate?: string;
  purpose?: Order['purpose'];
  orderType?: string;
  currency?: string;
  /** References set from fixed elements (BEG04 release, FOB01 …), before qualifier-mapped ones. */
  named: Record<string, string>;
  /** Header REF/N9 pairs, named by the mapping's preference when the order is built. */
  headerReferences: Qualified[];
  /** Every REF/N9 pair, header and N1 loops, as Order.references.raw. */
  rawReferences: { qualifier: string; value: string }[];
  dates: Qualified[];
  terms?: Order['terms'];
  carrier?: Order['carrier'];
  parties: PartyLoop[];
  lines: LineDraft[];
  notes: string[];
  amount?: { value: string; segment: Segment };
  ctt?: Segment;
  /** Segments before the first line, for header path-expression overrides. */
  headerSegments: Segment[];
}

/** What every segment handler needs. */
export interface MapEnv {
  set: TransactionSet;
  mapping: ResolvedOrderMapping;
  findings: Findings;
  draft: OrderDraft;
}

export function newDraft(): OrderDraft {
  return {
    named: {},
    headerReferences: [],
    rawReferences: [],
    dates: [],
    parties: [],
    lines: [],
    notes: [],
    headerSegments: [],
  };
}

/** The first value whose qualifier comes earliest in `preference`; ties go to the first sent. */
export function preferred(
  candidates: readonly Qualified[],
  preference: readonly string[],
): Qualified | undefined {
  let best: Qualified | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const rank = preference.indexOf(candidate.qualifier);
    if (rank !== -1 && rank < bestRank) {
      best = candidate;
      bestRank = rank;
    }
  }
  return best;
}

/** The field a qualifier maps to in a qualifier table (`items`, `dates`, `parties`, `references`). */
export function fieldOf<F extends string>(
  table: Partial<Record<F, string[]>>,
  qualifier: string,
): F | undefined {
  for (const [field, codes] of Object.entries(table) as [F, string[] | undefined][]) {
    if (codes?.includes(qualifier)) return field;
  }
  return undefined;
}
