/**
 * The whole-program table (issue 16): `npm run bench -- table`. Runs each row-bench as its own process, one
 * after another on the same machine, collects the rows they report (bench/report.ts) and prints them together,
 * in the order a user meets them. BENCH_TABLE_RUNS=3 repeats the whole table and prints each run's figure side
 * by side, so a reader sees the spread. Each row-bench also runs alone: `node --import tsx bench/<file>`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TableRow } from './report.ts';
import { ROW_BENCHES } from './row-benches.ts';

const RUNS = Number(process.env.BENCH_TABLE_RUNS ?? 1);
const dir = mkdtempSync(join(tmpdir(), 'ordergate-table-'));
const runs: TableRow[][] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const file = join(dir, `run-${run}.jsonl`);
    writeFileSync(file, '');
    for (const bench of ROW_BENCHES) {
      console.log(`\n== run ${run}/${RUNS}: bench/${bench.file}`);
      execFileSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL(bench.file, import.meta.url))],
        {
          stdio: 'inherit',
          env: { ...process.env, ...bench.env, BENCH_TABLE_FILE: file },
        },
      );
    }
    runs.push(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as TableRow),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// One line per row (as the first run named them), one column per run.
const names = [...new Set(runs.flat().map((r) => r.row))];
const header = ['what a user does', ...runs.map((_, i) => `run ${i + 1}`), 'target', 'met'];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const name of names) {
  const ofRuns = runs.map((rows) => rows.find((r) => r.row === name));
  const target = ofRuns.find(Boolean)?.target ?? '';
  const met = ofRuns.every((r) => r?.met) ? 'yes' : 'no';
  console.log(`| ${[name, ...ofRuns.map((r) => r?.figure ?? '—'), target, met].join(' | ')} |`);
}
for (const [i, rows] of runs.entries()) {
  for (const row of rows.filter((r) => r.detail)) console.log(`\nrun ${i + 1}, ${row.row}:\n${row.detail}`);
}
