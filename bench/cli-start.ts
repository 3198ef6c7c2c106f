/**
 * `ordergate --help` as a whole process (issue 16): `node --import tsx bench/cli-start.ts`.
 *
 * Builds dist/ when it is absent or stale (`node bin/build.js --if-stale`, not timed), then spawns
 * `node bin/ordergate.js --help` BENCH_CLI_RUNS (10) times as a user runs it: the launcher's staleness check and
 * the compiled CLI on plain node. Reports the median wall time (spawn to exit, seen from here) and the largest
 * peak RSS (the child's own `process.resourceUsage().maxRSS`, printed at exit by a preload). Beside it, the same
 * command from the TypeScript sources through tsx (`node --import tsx src/cli.ts --help`, BENCH_CLI_TSX_RUNS (3)
 * times): what every start cost before the build, and what a checkout edited since its build still costs. And
 * `node -e 0` as often as the built command: the floor any node process pays on this machine right now.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from '../bin/dist-state.js';
import { reportRow } from './report.ts';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);
const TSX_RUNS = Number(process.env.BENCH_CLI_TSX_RUNS ?? 3);
const WALL_TARGET_S = 0.3;
const RSS_TARGET_MB = 80;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Prints the process's peak resident memory (KB) on stderr as it exits. */
const PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

interface Run {
  seconds: number;
  peakMb: number;
}

function runOnce(args: string[]): Run {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', PEAK_RSS, ...args], { cwd: ROOT, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const peak = /maxrss=(\d+)/.exec(child.stderr);
  if (child.status !== 0 || !peak) throw new Error(`ordergate ${args.join(' ')} failed:\n${child.stderr}`);
  return { seconds, peakMb: Number(peak[1]) / 1024 };
}

function measure(args: string[], runs: number): { medianS: number; peakMb: number } {
  const all = Array.from({ length: runs }, () => runOnce(args));
  const seconds = all.map((r) => r.seconds).sort((a, b) => a - b);
  return { medianS: seconds[Math.floor(runs / 2)]!, peakMb: Math.max(...all.map((r) => r.peakMb)) };
}

const build = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.js'), '--if-stale'], {
  stdio: 'inherit',
});
if (build.status !== 0) throw new Error('npm run build failed');
if (!distIsCurrent())
  throw new Error('a source changed during the build: dist/ is stale, run the bench again');
const built = measure(['bin/ordergate.js', '--help'], RUNS);
// a source edited while measuring would have sent some runs through tsx: say so rather than report them
if (!distIsCurrent())
  throw new Error('a source changed while measuring: dist/ went stale, run the bench again');
const sources = measure(['--import', 'tsx', 'src/cli.ts', '--help'], TSX_RUNS);
const bareNode = measure(['-e', '0'], RUNS);

const figure = (m: { medianS: number; peakMb: number }) =>
  `${m.medianS.toFixed(2)} s wall, ${m.peakMb.toFixed(0)} MB RSS`;
reportRow({
  row: '`ordergate --help`',
  figure: figure(built),
  target: `≤ ${WALL_TARGET_S} s, ≤ ${RSS_TARGET_MB} MB`,
  met: built.medianS <= WALL_TARGET_S && built.peakMb <= RSS_TARGET_MB,
  detail:
    `  bin/ordergate.js on dist/ (plain node): median of ${RUNS}, peak RSS the largest; ` +
    `the sources through tsx: ${figure(sources)} (median of ${TSX_RUNS}); bare \`node -e 0\`: ${figure(bareNode)}`,
});
