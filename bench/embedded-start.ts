/**
 * Embedded gateway start and idle memory (issue 16): `node --import tsx bench/embedded-start.ts`.
 *
 * Spawns the gateway as a user's `npm start` runs it, `node bin/ordergate.js serve` (the process itself: the build
 * `npm start` runs first when dist/ is stale is made before, `npm run build -- --if-stale`, and not counted; when
 * it fails the sources run through tsx and the row says so), in embedded mode (no DATABASE_URL or REDIS_URL: PGlite on disk under
 * a fresh ORDERGATE_DATA_DIR, the in-process queue) on a free PORT. It measures the time from spawn to the first
 * 200 from `/healthz` with the "ordergate started" log line written, then, after BENCH_EMBEDDED_IDLE_S (5) seconds idle, the whole process's resident memory
 * (VmRSS of /proc/<pid>/status) and its peak (VmHWM). Twice on the same data directory: the first start (PGlite
 * runs initdb, migrations create every table) and a later start (the database found, nothing to migrate).
 * BENCH_EMBEDDED_STARTS (3) later starts; the row reports the slowest first start and the median later start.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/processes.ts';
import { cpuSeconds } from './gateway-process.ts';
import { reportRow } from './report.ts';

const IDLE_S = Number(process.env.BENCH_EMBEDDED_IDLE_S ?? 5);
const LATER_STARTS = Number(process.env.BENCH_EMBEDDED_STARTS ?? 3);
const READY_TARGET_S = 3;
const RSS_TARGET_MB = 200;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ordergate.js');

interface Start {
  /** Spawn to the first 200 from /healthz. */
  readySeconds: number;
  /** The gateway's own figure from its "ordergate started" log line (open database → listening). */
  startupMs?: number;
  /** CPU seconds (user + system, every thread) the process spent to ready: what load on the machine leaves alone. */
  cpuSeconds: number;
  rssMb: number;
  hwmMb: number;
}

/** A field of /proc/<pid>/status in MB (`VmRSS`, `VmHWM`). */
function statusMb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return kb / 1024;
}

/**
 * Resolves once `url` answers 200 and the gateway logged "ordergate started" (its pipeline started too); polls
 * every 10 ms, fails after 60 s or when the child exits.
 */
async function waitForOk(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok && output().includes('"msg":"ordergate started"')) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no 200 from ${url} within 60 s:\n${output()}`);
}

/** One start of the gateway on `dataDir`: ready time, then idle memory; stopped with SIGTERM. */
async function start(dataDir: string): Promise<Start> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ORDERGATE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ORDERGATE_ADMIN_TOKEN: 'bench-embedded-admin-token',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const began = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  try {
    await waitForOk(`http://127.0.0.1:${port}/healthz`, child, () => output);
    const readySeconds = (performance.now() - began) / 1000;
    const cpu = cpuSeconds(child.pid!);
    await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000));
    const rssMb = statusMb(child.pid!, 'VmRSS');
    const hwmMb = statusMb(child.pid!, 'VmHWM');
    const startupMs = Number(/"startupMs":(\d+)/.exec(output)?.[1]) || undefined;
    return { readySeconds, startupMs, cpuSeconds: cpu, rssMb, hwmMb };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const show = (s: Start) =>
  `${s.readySeconds.toFixed(2)} s to ready (gateway ${s.startupMs ?? '?'} ms, ${s.cpuSeconds.toFixed(2)} s CPU), ` +
  `${s.rssMb.toFixed(0)} MB idle RSS, ${s.hwmMb.toFixed(0)} MB peak`;

const built = spawnSync(process.execPath, [join(ROOT, 'bin', 'build.js'), '--if-stale'], {
  stdio: 'inherit',
});
const runs = built.status === 0 ? 'dist/ on plain node' : 'the sources through tsx (the build failed)';
const dataDir = mkdtempSync(join(tmpdir(), 'ordergate-embedded-'));
try {
  const first = await start(dataDir);
  console.log(`first start (fresh data dir): ${show(first)}`);
  const later: Start[] = [];
  for (let i = 0; i < LATER_STARTS; i++) {
    later.push(await start(dataDir));
    console.log(`later start ${i + 1}: ${show(later[i]!)}`);
  }
  const laterReady = median(later.map((s) => s.readySeconds));
  const laterRss = median(later.map((s) => s.rssMb));
  const laterHwm = median(later.map((s) => s.hwmMb));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  reportRow({
    row: '`npm start` to ready, embedded',
    figure: `${first.readySeconds.toFixed(2)} s first start, ${laterReady.toFixed(2)} s later starts`,
    target: `≤ ${READY_TARGET_S} s`,
    met: Math.max(first.readySeconds, laterReady) <= READY_TARGET_S,
    detail:
      `  \`node bin/ordergate.js serve\` (${runs}) spawned to a 200 from /healthz and the started log line; first start on a fresh data dir (initdb, every migration), later: median of ${LATER_STARTS}; ` +
      `CPU to ready ${first.cpuSeconds.toFixed(2)} s first, ${median(later.map((s) => s.cpuSeconds)).toFixed(2)} s later; ` +
      `load average ${load}`,
  });
  reportRow({
    row: 'embedded gateway idle RSS',
    figure: `${first.rssMb.toFixed(0)} MB first start, ${laterRss.toFixed(0)} MB later starts`,
    target: `≤ ${RSS_TARGET_MB} MB`,
    met: Math.max(first.rssMb, laterRss) <= RSS_TARGET_MB,
    detail: `  VmRSS ${IDLE_S} s after ready; peak (VmHWM) ${first.hwmMb.toFixed(0)} MB first start, ${laterHwm.toFixed(0)} MB later`,
  });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
