import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { jsonWithoutNul } from './json-safe.ts';

/**
 * Rows per statement. Each statement takes its rows as ONE JSON parameter, so PostgreSQL's limit of 65,535
 * bind parameters never applies, and drizzle never builds a multi-row VALUES list: it merges parameter lists
 * with `push(...params)`, which overflows the call stack near 100,000 parameters. 2,000 rows keep a statement's
 * JSON at a few MB.
 */
export const ROWS_PER_STATEMENT = 2_000;

/** Tables written in bulk; keys of the rows are their column names. */
export type BulkTable =
  | 'orders'
  | 'order_lines'
  | 'audit_events'
  | 'outbound_documents'
  | 'exceptions'
  | 'products'
  | 'partner_items'
  | 'partner_locations'
  | 'price_list_partners'
  | 'price_list_prices'
  | 'inventory'
  | 'reservations'
  | 'events';

/**
 * Inserts any number of rows, {@link ROWS_PER_STATEMENT} per statement, each statement's rows one JSON
 * parameter expanded by jsonb_to_recordset. `columns` is the recordset's definition ("id text, data jsonb").
 * The pipeline bench showed drizzle building a 17,500-parameter multi-row insert (and postgres.js preparing a
 * statement per row count) as the worker's largest CPU cost; this is one parameter and one statement shape.
 */
export async function insertRecordset(
  tx: Database,
  table: BulkTable,
  columns: string,
  rows: readonly object[],
): Promise<void> {
  const names = columns
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0])
    .join(', ');
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const json = jsonWithoutNul(rows.slice(i, i + ROWS_PER_STATEMENT));
    await tx.execute(
      sql`insert into ${sql.identifier(table)} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as r(${sql.raw(columns)})`,
    );
  }
}

/**
 * `column = ANY(values)` with the list as one JSON parameter, however long it is: use it instead of drizzle's
 * `inArray`, which binds one parameter per value, wherever the list is not bounded by the code itself.
 */
export function inList(column: SQLWrapper, values: readonly string[]): SQL {
  return sql`${column} = any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)))`;
}
