/**
 * `ordergate translate` as a user runs it, a whole process, beside node-x12 parsing the same file (issue 16):
 * `node --import tsx bench/translate-process.ts` or `npm run bench -- translate`.
 *
 * Generates (into the OS temp dir, once) a 17 MB interchange of 10,000 850s × 25 lines and a 200 MB one of
 * 117,000 × 25 (the same file bench/x12-decode.ts reads). Each run is a fresh `node` process, timed from spawn
 * to exit, so start-up, module loading and output count: `node bin/ordergate.js translate FILE --summary`
 * (on the compiled dist/, built first when absent or stale with `bin/build.js --if-stale`, not timed) and a script that
 * reads the file and parses it with node-x12's X12Parser, as bench/x12-decode.ts does. The two alternate,
 * best of BENCH_RUNS (default 3) each. Peak RSS is the child's own (process.resourceUsage().maxRSS, printed at
 * exit by a preload). BENCH_TRANSLATE_LARGE=0 skips the 200 MB row.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from '../bin/dist-state.js';
import { reportRow } from './report.ts';
import { generateInterchange } from './x12-fixture.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RATIO_TARGET = 5;
const RSS_TARGET_MB = 150;

/** Prints the process's peak RSS (kB) on stderr as it exits, for any child it is preloaded into. */
const PRELOAD = join(tmpdir(), 'ordergate-bench-maxrss.cjs');
const RSS_MARK = 'ordergate-bench-maxrss=';

/** node-x12 as bench/x12-decode.ts runs it: the file read whole, decoded to a string, parsed. */
const NODE_X12 = `
import { readFileSync } from 'node:fs';
import { X12Parser } from 'node-x12';
const parsed = new X12Parser().parse(readFileSync(process.argv[1]).toString('utf8'));
const interchanges = 'interchanges' in parsed ? parsed.interchanges : [parsed];
let sets = 0;
for (const ic of interchanges) for (const group of ic.functionalGroups) sets += group.transactions.length;
process.stdout.write(JSON.stringify({ transactions: sets }));
`;

interface Run {
  seconds: number;
  maxRssMb: number;
  transactions: number;
}

/** One child process, from spawn to exit, with its peak RSS and the sets it says it read. */
function runChild(args: string[]): Run {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const seconds = (performance.now() - start) / 1000;
  const rss = child.stderr.match(new RegExp(`${RSS_MARK}(\\d+)`));
  // translate exits 1 here (the sender is no partner's: a TA1 006 is an error), 2 when it could not run
  if (rss === null || child.status === null || child.status > 1)
    throw new Error(`${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  const { transactions } = JSON.parse(child.stdout) as { transactions: number };
  return { seconds, maxRssMb: Number(rss[1]) / 1024, transactions };
}

const ordergate = (file: string) => runChild(['bin/ordergate.js', 'translate', file, '--summary']);
const nodeX12 = (file: string) => runChild(['--input-type=module', '-e', NODE_X12, file]);

/** Best time of each over `runs` alternating rounds; the worst peak RSS seen, so a lucky run hides nothing. */
function bestOf(runs: number, candidates: Record<string, () => Run>): Record<string, Run> {
  const best: Record<string, Run> = {};
  for (let i = 0; i < runs; i++)
    for (const [name, run] of Object.entries(candidates)) {
      const r = run();
      const prior = best[name];
      best[name] = {
        ...(prior === undefined || r.seconds < prior.seconds ? r : prior),
        maxRssMb: Math.max(r.maxRssMb, prior?.maxRssMb ?? 0),
      };
    }
  return best;
}

const load = () => `1-min load average ${loadavg()[0]!.toFixed(1)}`;
const distNote = () =>
  distIsCurrent()
    ? 'bin ran dist/'
    : 'dist/ missing or stale (npm run build): bin ran the sources through tsx';

export async function run(): Promise<void> {
  // what a user runs is the compiled build: built here when absent or stale, not timed
  const build = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.js'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('npm run build failed');
  writeFileSync(
    PRELOAD,
    `process.on('exit', () => process.stderr.write('\\n${RSS_MARK}' + process.resourceUsage().maxRSS + '\\n'));\n`,
  );
  const small = join(tmpdir(), 'ordergate-bench-850-17mb-v1.x12');
  if (!existsSync(small)) await generateInterchange(small, 10_000, 25, 0);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const best = bestOf(runs, { ordergate: () => ordergate(small), 'node-x12': () => nodeX12(small) });
  const ours = best.ordergate!;
  const theirs = best['node-x12']!;
  for (const r of [ours, theirs])
    if (r.transactions !== 10_000) throw new Error(`read ${r.transactions} sets of 10,000: the run is wrong`);
  const ratio = theirs.seconds / ours.seconds;
  reportRow({
    row: '`ordergate translate --summary` on a 17 MB file of 10,000 850s × 25 lines, beside node-x12 parsing the same file',
    figure: `${ratio.toFixed(2)}× node-x12 (${ours.seconds.toFixed(2)} s vs ${theirs.seconds.toFixed(2)} s wall)`,
    target: `≥ ${RATIO_TARGET}× node-x12`,
    met: ratio >= RATIO_TARGET,
    detail: `  whole processes, best of ${runs}, alternating; peak RSS ordergate ${ours.maxRssMb.toFixed(0)} MB, node-x12 ${theirs.maxRssMb.toFixed(0)} MB; ${(statSync(small).size / 1e6).toFixed(1)} MB; ${distNote()}; ${load()}`,
  });

  if (process.env.BENCH_TRANSLATE_LARGE === '0') return;
  const large = join(tmpdir(), 'ordergate-bench-850-200mb-v4.x12');
  if (!existsSync(large)) await generateInterchange(large, 117_000, 25, 0);
  const big = ordergate(large);
  if (big.transactions !== 117_000) throw new Error(`read ${big.transactions} sets of 117,000`);
  reportRow({
    row: 'same on a 200 MB file',
    figure: `${big.maxRssMb.toFixed(0)} MB peak RSS (${big.seconds.toFixed(1)} s wall)`,
    target: `≤ ${RSS_TARGET_MB} MB`,
    met: big.maxRssMb <= RSS_TARGET_MB,
    detail: `  ${(statSync(large).size / 1e6).toFixed(0)} MB, 117,000 × 850, one process; ${distNote()}; ${load()}`,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
