/**
 * `npm run bench`: runs every benchmark in turn, each as its own process so one bench's heap and JIT state
 * cannot skew the next. Add a bench by appending its file here.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['x12-decode.ts', 'encode.ts', 'pipeline.ts', 'spreadsheet.ts', 'mailbox.ts'];

for (const file of BENCHES) {
  console.log(`\n== bench/${file}`);
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
    stdio: 'inherit',
  });
}
