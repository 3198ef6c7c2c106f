/**
 * `npm run bench`: runs every benchmark in turn, each as its own process so one bench's heap and JIT state
 * cannot skew the next (`npm run bench -- rules` runs those whose file names contain `rules`). Add a bench by
 * appending its file here.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = [
  'x12-decode.ts',
  'translate-process.ts',
  'encode.ts',
  'pipeline.ts',
  'spreadsheet.ts',
  'mailbox.ts',
  'rules.ts',
  'console.ts',
  'http-intake.ts',
  'cli-start.ts',
  'embedded-start.ts',
];

// `npm run bench -- rules pipeline`: only the benches whose file names contain one of the words
const only = process.argv.slice(2);
for (const file of BENCHES.filter((f) => only.length === 0 || only.some((word) => f.includes(word)))) {
  console.log(`\n== bench/${file}`);
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
    stdio: 'inherit',
  });
}
