/**
 * HTTP intake benchmark (issue 16's row "HTTP intake, X12 stored and 202"): `node --import tsx
 * bench/http-intake.ts`. A gateway process answers POST /v1/inbound/x12 (a partner API key) while a load
 * generator process (bench/http-load.ts, keep-alive connections) posts small interchanges of one 850 each, every
 * one with its own control number, for BENCH_INTAKE_SECONDS after a short warm-up. Each 202 promises the bytes
 * are committed: afterwards the stored inbound messages must number exactly the 202s answered.
 *
 * Setups, each on a fresh database (and Redis key prefix):
 * - PostgreSQL + Redis, `ordergate serve` (HTTP and the pipeline workers in one process, as a user runs it):
 *   the row's figure, intake while the pipeline decodes what comes in on the same 2 cores;
 * - PostgreSQL + Redis, the HTTP door alone (bench/api-only.ts, an API-only gateway process): what intake costs;
 * - embedded `ordergate serve` (PGlite), beside.
 * Without DATABASE_URL/REDIS_URL only the embedded setup runs. CPU seconds per wall second of the gateway and
 * the load generator processes are printed beside each figure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../src/db/client.ts';
import { freshPostgresUrl } from '../test/support/services.ts';
import { cpuSeconds, exited, startGatewayProcess } from './gateway-process.ts';
import type { LoadResult, LoadSettings } from './http-load.ts';
import { reportRow } from './report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = num('BENCH_INTAKE_SECONDS', 10);
const WARMUP_SECONDS = num('BENCH_INTAKE_WARMUP_S', 2);
const CONNECTIONS = num('BENCH_INTAKE_CONNECTIONS', 64);
const LINES = num('BENCH_INTAKE_LINES', 3);
const TARGET = 3_000;
/** BENCH_INTAKE_SETUPS=api,embedded: only these setups (serve, api, embedded). */
const ONLY = (process.env.BENCH_INTAKE_SETUPS ?? '').split(',').filter(Boolean);
const ADMIN_TOKEN = `bench-admin-${randomUUID()}`;
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const REDIS_URL = process.env.REDIS_URL || undefined;

interface Setup {
  /** As BENCH_INTAKE_SETUPS names it. */
  name: 'serve' | 'api' | 'embedded';
  label: string;
  /** `serve`: `ordergate serve`; `api`: bench/api-only.ts, an HTTP-only gateway. */
  process: 'serve' | 'api';
  embedded: boolean;
}

interface Measured extends LoadResult {
  label: string;
  stored: number;
  accepted: number;
  gatewayCores: number;
  loadCores: number;
}

async function load(settings: LoadSettings): Promise<{ result: LoadResult; cores: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('http-load.ts', import.meta.url)), JSON.stringify(settings)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  // CPU from the first request on: the generator's own start (tsx) is not load
  await new Promise((r) => setTimeout(r, 1000));
  const [cpu, wall] = [cpuSeconds(child.pid!), performance.now()];
  let last = cpu;
  const sampling = setInterval(() => {
    try {
      last = cpuSeconds(child.pid!);
    } catch {}
  }, 200);
  await exited(child);
  clearInterval(sampling);
  if (child.exitCode !== 0) throw new Error(`the load generator exited (${child.exitCode})`);
  return {
    result: JSON.parse(out) as LoadResult,
    cores: (last - cpu) / ((performance.now() - wall) / 1000),
  };
}

async function measure(setup: Setup): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ordergate-bench-intake-'));
  const database = setup.embedded ? undefined : await freshPostgresUrl('ordergate_bench_');
  const env: Record<string, string> = {
    ORDERGATE_DATA_DIR: dataDir,
    ...(database
      ? {
          DATABASE_URL: database.url,
          REDIS_URL: REDIS_URL!,
          ORDERGATE_QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
        }
      : {}),
  };
  let gateway: { child: ChildProcess; url: string } | undefined;
  try {
    // BENCH_INTAKE_PROFILE=<dir>: a CPU profile of each gateway process, written there when it stops
    const profile = process.env.BENCH_INTAKE_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_INTAKE_PROFILE}`]
      : [];
    gateway = await startGatewayProcess(
      setup.process,
      { ...env, ORDERGATE_ADMIN_TOKEN: ADMIN_TOKEN, ORDERGATE_MAPPINGS_DIR: join(ROOT, 'mappings') },
      profile,
    );
    const partner = await fetch(`${gateway.url}/v1/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'intake-buyer',
        name: 'Intake Buyer',
        identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'BUYER' }],
      }),
    });
    if (partner.status !== 201)
      throw new Error(`creating the partner: ${partner.status} ${await partner.text()}`);
    const { apiKey } = (await partner.json()) as { apiKey: string };
    const settings = { url: gateway.url, apiKey, connections: CONNECTIONS, lines: LINES };
    const warm = await load({ ...settings, seconds: WARMUP_SECONDS, firstControl: 1 });
    const pid = gateway.child.pid!;
    const [cpu, wall] = [cpuSeconds(pid), performance.now()];
    const run = await load({ ...settings, seconds: SECONDS, firstControl: 1_000_000 });
    const gatewayCores = (cpuSeconds(pid) - cpu) / ((performance.now() - wall) / 1000);
    const accepted = (warm.result.statuses['202'] ?? 0) + (run.result.statuses['202'] ?? 0);
    // every 202 answered is a message committed: count them in the database (the embedded one once closed)
    gateway.child.kill('SIGTERM');
    await exited(gateway.child);
    gateway = undefined;
    const handle = await openDatabase(database ? { url: database.url } : { dataDir });
    const stored = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(*)::int as n from messages where direction = 'inbound'`),
    )[0]!.n;
    await handle.close();
    return { label: setup.label, ...run.result, stored, accepted, gatewayCores, loadCores: run.cores };
  } finally {
    if (gateway) {
      gateway.child.kill('SIGKILL');
      await exited(gateway.child);
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const describe = (m: Measured) =>
  `${m.label}: ${m.requestsPerSecond.toLocaleString('en-US')} requests/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ` +
  `max ${m.maxMs} ms; ${m.accepted} answered 202, ${m.stored} stored${m.stored === m.accepted ? '' : ' (MISMATCH)'}` +
  `${Object.keys(m.statuses).some((s) => s !== '202') || m.errors > 0 ? `; other answers ${JSON.stringify(m.statuses)}, ${m.errors} errors` : ''}; ` +
  `CPU: gateway ${m.gatewayCores.toFixed(2)} cores, load generator ${m.loadCores.toFixed(2)}`;

async function main(): Promise<void> {
  const setups: Setup[] = [
    ...(DATABASE_URL && REDIS_URL
      ? [
          {
            name: 'serve',
            label: 'PostgreSQL + Redis, serve (HTTP + pipeline)',
            process: 'serve',
            embedded: false,
          } as const,
          { name: 'api', label: 'PostgreSQL + Redis, HTTP only', process: 'api', embedded: false } as const,
        ]
      : []),
    { name: 'embedded', label: 'embedded, serve', process: 'serve', embedded: true } as const,
  ].filter((s) => ONLY.length === 0 || ONLY.includes(s.name));
  console.log(
    `HTTP intake: ${CONNECTIONS} keep-alive connections, one-850 interchanges of ${LINES} lines, ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up`,
  );
  const results: Measured[] = [];
  for (const setup of setups) {
    results.push(await measure(setup));
    console.log(describe(results[results.length - 1]!));
  }
  const main = results[0]!;
  reportRow({
    row: 'HTTP intake, X12 stored and 202',
    figure: `${main.requestsPerSecond.toLocaleString('en-US')} requests/s, p99 ${main.p99Ms} ms (${main.label})`,
    target: `≥ ${TARGET.toLocaleString('en-US')} requests/s`,
    met: results.every((r) => r.stored === r.accepted) && main.requestsPerSecond >= TARGET,
    detail: results.map(describe).join('\n'),
  });
}

await main();
