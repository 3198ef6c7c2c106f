import { type SQL, sql } from 'drizzle-orm';
import { ROWS_PER_STATEMENT } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { jsonWithoutNul } from '../../db/json-safe.ts';

/** The master-data tables written in bulk; keys of the rows are their column names. */
export type MasterDataTable =
  | 'products'
  | 'partner_items'
  | 'partner_locations'
  | 'price_list_partners'
  | 'price_list_prices'
  | 'inventory';

/**
 * Inserts or updates any number of rows, {@link ROWS_PER_STATEMENT} per statement, each statement's rows ONE
 * JSON parameter expanded by jsonb_to_recordset (as insertRecordset does), so 50,000 products are 25
 * statements of one bind parameter each, never near PostgreSQL's 65,535. `columns` is the recordset's
 * definition ("sku text, pack_size numeric"); a row whose `conflict` key exists has its `update` columns set
 * (and `updated_at` when `touch`), every other column kept.
 */
export async function upsertRecordset(
  tx: Database,
  table: MasterDataTable,
  columns: string,
  rows: readonly object[],
  on?: { conflict: readonly string[]; update: readonly string[]; touch?: boolean },
): Promise<void> {
  const names = columns
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0])
    .join(', ');
  let onConflict: SQL = sql``;
  if (on !== undefined) {
    const sets = [
      ...on.update.map((c) => `${c} = excluded.${c}`),
      ...(on.touch ? ['updated_at = now()'] : []),
    ];
    onConflict =
      sets.length === 0
        ? sql.raw(` on conflict (${on.conflict.join(', ')}) do nothing`)
        : sql.raw(` on conflict (${on.conflict.join(', ')}) do update set ${sets.join(', ')}`);
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = jsonWithoutNul(rows.slice(i, i + ROWS_PER_STATEMENT));
    await tx.execute(
      sql`insert into ${sql.identifier(table)} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as r(${sql.raw(columns)})${onConflict}`,
    );
  }
}

/** Values per lookup statement: one JSON parameter each (inList), a few hundred KB of text at most. */
export const VALUES_PER_LOOKUP = 10_000;

/** `values` in slices of {@link VALUES_PER_LOOKUP}, for lookups by inList. */
export function* slices<T>(values: readonly T[], size = VALUES_PER_LOOKUP): Generator<T[]> {
  for (let i = 0; i < values.length; i += size) yield values.slice(i, i + size);
}

/** `value` as JSON with every object's keys sorted: jsonb gives keys back in its own order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Whether two contents (a stored row's and an input's, read alike) are the same, whatever their key order. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
