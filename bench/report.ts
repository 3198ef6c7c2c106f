/**
 * One row of the whole-program table (`npm run bench -- table`, issue 16): each row-bench measures its rows as
 * whole processes and reports them here; `bench/table.ts` runs the row-benches one after another and prints
 * every row together. Run alone, a row-bench just prints its rows.
 */
import { appendFileSync } from 'node:fs';

/** A measured figure beside its target. */
export interface TableRow {
  /** What a user does, as the table names it ("`ordergate --help`"). */
  row: string;
  /** The measured figure, with units ("0.21 s wall, 62 MB RSS"). */
  figure: string;
  /** The target, with units ("≤ 0.3 s, ≤ 80 MB"). */
  target: string;
  /** Whether the figure meets the target. */
  met: boolean;
  /** What explains the figure (CPU breakdown, per-stage percentiles…), printed under the table. */
  detail?: string;
}

/** Prints `row` and, under `bench/table.ts`, hands it to the table (a JSON line in BENCH_TABLE_FILE). */
export function reportRow(row: TableRow): void {
  console.log(`ROW ${row.met ? 'met ' : 'MISS'} | ${row.row} | ${row.figure} | target ${row.target}`);
  if (row.detail) console.log(row.detail);
  const file = process.env.BENCH_TABLE_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}
