/**
 * `npm run bench`: runs every benchmark in turn, each as its own process so one bench's heap and JIT state
 * cannot skew the next, ending with issue 16's whole-program table (bench/table.ts, which runs the row-benches
 * of bench/row-benches.ts). `npm run bench -- rules pipeline` runs only the benches whose file names contain one
 * of the words; `npm run bench -- table` the table alone. Add a bench by appending its file here (or, for a
 * table row, to bench/row-benches.ts).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROW_BENCHES } from './row-benches.ts';

/** Benches with no row in the table: they measure parts (decoders, encoders, rules, pages, the AS2 door). */
const PART_BENCHES = [
  'x12-decode.ts',
  'encode.ts',
  'spreadsheet.ts',
  'mailbox.ts',
  'rules.ts',
  'console.ts',
  'as2-receive.ts',
];

const only = process.argv.slice(2);
const files =
  only.length === 0
    ? [...PART_BENCHES, 'table.ts']
    : [...PART_BENCHES, ...ROW_BENCHES.map((b) => b.file), 'table.ts'].filter((f) =>
        only.some((word) => f.includes(word)),
      );
for (const file of files) {
  console.log(`\n== bench/${file}`);
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
    stdio: 'inherit',
  });
}
