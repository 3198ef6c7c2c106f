import {
  type ColumnRef,
  columnIndex,
  type ResolvedSpreadsheetMapping,
  type SpreadsheetField,
} from '../../src/mapping/spreadsheet-mapping.schema.ts';
import {
  type ColumnField,
  DEFAULT_HEADERS,
  DEFAULT_LABELS,
  type LabelField,
  normalizeLabel,
} from './default-mapping.ts';

/** A header text the finder knows: the field it names, and its rank (0: the partner's own, 1: the default's). */
export interface KnownHeader {
  field: ColumnField;
  rank: 0 | 1;
}

/** What the table finder looks for in a sheet: header names, fixed positions, and labels above the table. */
export interface TableSpec {
  /** Normalized header text → the field it names (the partner mapping's texts win over the default's). */
  headers: ReadonlyMap<string, KnownHeader>;
  /** Fields whose column is fixed by the mapping (0-based), whatever the header row says. */
  positions: ReadonlyMap<ColumnField, number>;
  /** Normalized label text → the order-level field it introduces. */
  labels: ReadonlyMap<string, LabelField>;
}

/** The finder's spec: the partner mapping's columns first, then every header and label of the default. */
export function tableSpec(mapping?: ResolvedSpreadsheetMapping): TableSpec {
  const headers = new Map<string, KnownHeader>();
  const positions = new Map<ColumnField, number>();
  for (const [field, ref] of Object.entries(mapping?.columns ?? {}) as [SpreadsheetField, ColumnRef][]) {
    for (const text of ref.headers ?? []) headers.set(normalizeLabel(text), { field, rank: 0 });
    if (ref.position !== undefined) positions.set(field, columnIndex(ref.position));
  }
  for (const [field, texts] of Object.entries(DEFAULT_HEADERS) as [ColumnField, readonly string[]][]) {
    for (const text of texts) {
      const key = normalizeLabel(text);
      if (!headers.has(key)) headers.set(key, { field, rank: 1 });
    }
  }
  const labels = new Map<string, LabelField>();
  for (const [field, texts] of Object.entries(DEFAULT_LABELS) as [LabelField, readonly string[]][]) {
    for (const text of texts) {
      const key = normalizeLabel(text);
      if (!labels.has(key)) labels.set(key, field);
    }
  }
  return { headers, positions, labels };
}
