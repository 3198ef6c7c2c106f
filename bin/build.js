#!/usr/bin/env node
// `npm run build`: compiles src/ and connectors/ to dist/ (tsconfig.build.json), copies the files the modules
// read beside themselves (the console's stylesheet), then writes the build stamp bin/ordergate.js checks.
// With `--if-stale` it does nothing when dist/ is current (`npm start` builds this way).
// The build is written to a directory of its own and moved into place whole, so a process starting meanwhile
// runs either the previous build or the new one, never half of one.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DIST, distIsCurrent, ROOT } from './dist-state.js';

/** Files that are not TypeScript yet read at run time from beside the module that reads them. */
const ASSETS = ['src/ui/console.css'];

if (process.argv.includes('--if-stale') && distIsCurrent()) process.exit(0);

const started = Date.now();
const next = `${DIST}.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write('ordergate build: tsc failed\n');
  process.exit(compiled.status ?? 1);
}
for (const asset of ASSETS) cpSync(`${ROOT}${asset}`, `${next}/${asset}`);
writeFileSync(`${next}/build-stamp`, String(started));

const previous = `${DIST}.old-${process.pid}`;
if (existsSync(DIST)) renameSync(DIST, previous);
renameSync(next, DIST);
rmSync(previous, { recursive: true, force: true });
process.stdout.write(`ordergate build: dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
