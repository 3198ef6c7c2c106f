/**
 * Pipeline benchmark: `npm run bench` (all benches) or `node --import tsx bench/pipeline.ts`.
 *
 * Pushes 850s (25 lines each) through receive → decode → validate → route → acknowledge, through the HTTP door
 * (POST /v1/inbound/x12 with a partner API key), and counts an order done when its 855 outbound document
 * is encoded: its X12 855 stored, numbered and ready to deliver or pull (receive → decode → validate → route →
 * acknowledge → encode).
 *
 * Setups: PostgreSQL + Redis with an API-only gateway in this process and 1, then 2 (BENCH_WORKERS), real
 * `ordergate worker` processes (each on a fresh database and Redis key prefix, dropped afterwards); and the
 * embedded mode (PGlite, in-process dispatcher, API and workers in this process, like `ordergate serve`).
 * The wholesale rules are on (BENCH_RULES=0 turns them off): each database gets bench/rules-data.ts's master
 * data (50,000 products, price lists with tiers, MOQs and multiples, stock in 2 warehouses) and every order
 * names the partner's products at its prices, so it is checked, accepted and its stock reserved.
 * BENCH_PIPELINE names the parts to run (default `singles,latency`; all: `batched,singles,latency,embedded`):
 * - batched: BENCH_ORDERS orders as interchanges of BENCH_BATCH 850s, 4 POSTs in flight;
 * - singles: BENCH_SINGLES one-order interchanges (one message each), 16 POSTs in flight; on PostgreSQL + Redis
 *   with the CPU seconds of the workers, the API, PostgreSQL and Redis over the run (bench/cpu-sample.ts);
 * - latency (the first worker count only): BENCH_LATENCY_ORDERS one-order interchanges at a fixed BENCH_RATE
 *   orders/s (open loop), each timed from its POST's start to its encode job done (the 855 encoded);
 * - embedded: the embedded setup too (it always runs without DATABASE_URL/REDIS_URL).
 * singles and latency print p50/p90/p99 of each stage's wait and run time (bench/pipeline-stages.ts) and report
 * issue 16's rows "interchanges of one 850 each, PostgreSQL + Redis, 1 worker" (messages/s, with the 2-worker
 * figure and the CPU breakdown) and "receipt → 855 latency at a steady 100 orders/s" (p99).
 * Throughput runs from the first POST to the last 855 present (polled every 50 ms). A few warm-up orders go
 * first so JIT and connection pools are warm. BENCH_LOG_STATEMENTS=1 logs every statement of the workers to
 * PostgreSQL's server log (log_statement = all on the bench database), to count the statements per stage.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../src/db/client.ts';
import { type Gateway, startGateway } from '../src/gateway.ts';
import { pipelineStages } from '../src/pipeline/stages/stages.ts';
import { loadConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { createSecretBox } from '../src/runtime/secret-box.ts';
import { freshPostgresUrl } from '../test/support/services.ts';
import { sampleCpu } from './cpu-sample.ts';
import { percentile, stageTimes } from './pipeline-stages.ts';
import { reportRow } from './report.ts';
import { BENCH_PARTNER, buildMasterData, type MasterData } from './rules-data.ts';
import { insertMasterData } from './rules-load.ts';
import { CLEAN, generateOrders, po1 } from './rules-orders.ts';
import { interchangeText } from './x12-fixture.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ORDERS = num('BENCH_ORDERS', 10_000);
const BATCH = num('BENCH_BATCH', 100);
const SINGLES = num('BENCH_SINGLES', 1_000);
const LATENCY_ORDERS = num('BENCH_LATENCY_ORDERS', 600);
const RATE = num('BENCH_RATE', 100);
const LINES = num('BENCH_LINES', 25);
const TIMEOUT_MS = num('BENCH_TIMEOUT_S', 240) * 1000;
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const PARTS = new Set((process.env.BENCH_PIPELINE ?? 'singles,latency').split(','));
const RULES = process.env.BENCH_RULES !== '0';
const ADMIN_TOKEN = `bench-admin-${randomUUID()}`;

const DATABASE_URL = process.env.DATABASE_URL || undefined;
const REDIS_URL = process.env.REDIS_URL || undefined;

export interface Throughput {
  orders: number;
  messages: number;
  seconds: number;
}
interface Latency {
  orders: number;
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  stages: string;
}
interface SetupResult {
  label: string;
  workers?: number;
  batched?: Throughput;
  single?: Throughput & { stages: string; cpu?: string };
  latency?: Latency;
}

/** A running gateway plus what the bench needs to drive it. */
export interface Target {
  gateway: Gateway;
  apiKey: string;
  count855(): Promise<number>;
}

let control = 0;
let po = 0;
/** An interchange of `sets` fresh orders (new ISA13 and PO numbers, so no duplicate check fires). */
export function nextInterchange(sets: number): string {
  const text = interchangeText(++control, 'B', po + 1, sets, LINES);
  po += sets;
  return text;
}

/** `count` interchanges of `sets` orders of the bench partner, every line one of its products at its price. */
export function ruleInterchanges(master: MasterData, count: number, sets: number, seed: number): string[] {
  // the fixture's requested delivery date (DTM*002) has passed by now: a date to come, as a live order has
  const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return Array.from({ length: count }, (_, i) => {
    const orders = generateOrders(master, sets, LINES, {
      seed: seed * 1_000 + i,
      mix: CLEAN,
      partner: BENCH_PARTNER,
      poDates: ['2026-03-01'], // BEG05 of bench/x12-fixture.ts
    });
    const lines = orders.flatMap((b) => b.order.lines);
    let k = 0;
    return nextInterchange(sets)
      .replace(/PO1\*[^~]*/g, () => po1(lines[k++]!))
      .replace(/DTM\*002\*\d{8}/g, `DTM*002*${due}`);
  });
}

let master: MasterData | undefined;
let seed = 0;
/** `count` interchanges of `sets` orders: of the master data's products with the rules on, else the fixture's. */
function interchanges(count: number, sets: number): string[] {
  if (!RULES) return Array.from({ length: count }, () => nextInterchange(sets));
  master ??= buildMasterData();
  return ruleInterchanges(master, count, sets, ++seed);
}

/** With the rules on, writes the master data to the target's database (before any worker starts). */
async function loadRules(db: Database): Promise<void> {
  if (!RULES) return;
  master ??= buildMasterData();
  await insertMasterData(db, master);
}

export async function startTarget(env: Record<string, string>): Promise<Target> {
  const config = loadConfig({
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    ORDERGATE_ADMIN_TOKEN: ADMIN_TOKEN,
    ORDERGATE_MAPPINGS_DIR: join(ROOT, 'mappings'),
    LOG_LEVEL: 'silent',
  });
  const gateway = await startGateway(config, createLogger('silent'), {
    http: true,
    workers: env.REDIS_URL === undefined,
    announceAdminToken: () => {},
  });
  const response = await fetch(`${gateway.url}/v1/partners`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'bench-buyer',
      name: 'Bench Buyer',
      // the generator's ISA05/ISA06
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'BUYER' }],
    }),
  });
  if (response.status !== 201)
    throw new Error(`creating the partner: ${response.status} ${await response.text()}`);
  const { apiKey } = (await response.json()) as { apiKey: string };
  return {
    gateway,
    apiKey,
    async count855() {
      const result = await gateway.database.db.execute(
        sql`select count(*)::int as n from outbound_documents where type = '855' and status <> 'requested'`,
      );
      return rowsOf<{ n: number }>(result)[0]!.n;
    },
  };
}

async function post(target: Target, text: string): Promise<string> {
  const response = await fetch(`${target.gateway.url}/v1/inbound/x12`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/edi-x12' },
    body: text,
  });
  if (response.status !== 202)
    throw new Error(`POST /v1/inbound/x12: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { messageId: string }).messageId;
}

async function waitFor855(target: Target, total: number, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const n = await target.count855();
    if (n >= total) return;
    if (Date.now() > deadline)
      throw new Error(`${what}: only ${n} of ${total} 855s after ${TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends `messages` interchanges of `sets` orders, `inFlight` POSTs at a time, and waits for every 855. */
function throughput(target: Target, messages: number, sets: number, inFlight: number, what: string) {
  return sendAll(target, interchanges(messages, sets), sets, inFlight, what);
}

/** The database's clock now, in epoch milliseconds: runs are told apart by their jobs' created_at. */
async function dbNow(db: Database): Promise<number> {
  return Number(
    rowsOf<{ ms: number }>(await db.execute(sql`select extract(epoch from now()) * 1000 as ms`))[0]!.ms,
  );
}

/**
 * Sends `texts` (interchanges of `sets` orders each), `inFlight` POSTs at a time, and waits for every 855:
 * the time from the first POST to the last 855 (bench/rules.ts sends the same texts to two gateways).
 */
export async function sendAll(
  target: Target,
  texts: readonly string[],
  sets: number,
  inFlight: number,
  what: string,
): Promise<Throughput> {
  const messages = texts.length;
  const before = await target.count855();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, messages) }, async () => {
      while (next < texts.length) await post(target, texts[next++]!);
    }),
  );
  await waitFor855(target, before + messages * sets, what);
  return { orders: messages * sets, messages, seconds: (performance.now() - started) / 1000 };
}

/** One single-order interchange every 1000/RATE ms (open loop: a slow answer does not slow the schedule). */
async function latency(target: Target): Promise<Latency> {
  const before = await target.count855();
  const since = await dbNow(target.gateway.database.db);
  const texts = interchanges(LATENCY_ORDERS, 1);
  const sent: { messageId: string; at: number }[] = [];
  const start = Date.now() + 20;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < texts.length; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const at = Date.now();
    posts.push(post(target, texts[i]!).then((messageId) => void sent.push({ messageId, at })));
  }
  const achievedRate = (texts.length - 1) / ((Date.now() - start) / 1000);
  await Promise.all(posts);
  await waitFor855(target, before + texts.length, 'latency run');
  const ids = sent.map((s) => s.messageId);
  // the 855 is encoded when the encode job commits: its done time (clock_timestamp, same clock as Date.now())
  const rows = rowsOf<{ source: string; ms: number }>(
    await target.gateway.database.db.execute(sql`
      select entity_id as source, (extract(epoch from updated_at) * 1000)::float8 as ms
      from jobs where stage = 'encode' and status = 'done'
        and entity_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`),
  );
  const acked = new Map(rows.map((r) => [r.source, Number(r.ms)]));
  const times = sent.map((s) => acked.get(s.messageId)! - s.at).sort((a, b) => a - b);
  const pct = (p: number) => percentile(times, p) / 1000;
  return {
    orders: times.length,
    achievedRate,
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: times[times.length - 1]! / 1000,
    stages: await stageTimes(target.gateway.database.db, since),
  };
}

/** How a setup is measured: its label, and for PostgreSQL + Redis its workers and database (CPU breakdown). */
interface RunOptions {
  label: string;
  workers?: { count: number; pids: number[]; database: string };
  latency: boolean;
}

async function runAll(target: Target, options: RunOptions): Promise<SetupResult> {
  const { label } = options;
  // warm-up: JIT, connection pools, the partner's mapping cache
  await throughput(target, 2, 20, 2, `${label} warm-up`);
  await throughput(target, 20, 1, 4, `${label} warm-up`);
  const result: SetupResult = { label, ...(options.workers ? { workers: options.workers.count } : {}) };
  if (PARTS.has('batched') && ORDERS > 0) {
    result.batched = await throughput(target, Math.ceil(ORDERS / BATCH), BATCH, 4, `${label} batched`);
    console.log(`  ${label}: batched ${rate(result.batched)} orders/s`);
  }
  if (PARTS.has('singles') && SINGLES > 0) {
    const texts = interchanges(SINGLES, 1);
    const since = await dbNow(target.gateway.database.db);
    const cpu = options.workers ? sampleCpu(options.workers.pids, options.workers.database) : undefined;
    const single = await sendAll(target, texts, 1, 16, `${label} single`);
    const cpuDetail = cpu?.finish();
    result.single = {
      ...single,
      stages: await stageTimes(target.gateway.database.db, since),
      ...(cpuDetail ? { cpu: cpuDetail } : {}),
    };
    console.log(`  ${label}: single ${rate(result.single)} orders/s`);
    console.log(result.single.stages);
    if (cpuDetail) console.log(`    CPU over the run:\n${cpuDetail}`);
  }
  if (options.latency && PARTS.has('latency') && LATENCY_ORDERS > 0) {
    result.latency = await latency(target);
    console.log(
      `  ${label}: latency p50 ${result.latency.p50.toFixed(3)} s, p99 ${result.latency.p99.toFixed(3)} s`,
    );
    console.log(result.latency.stages);
  }
  return result;
}

// ---------- setups ----------

function spawnWorker(env: Record<string, string>): ChildProcess {
  // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" shows where a worker spends its time
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/ordergate.js'), 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Waits until `count` worker processes listen on every stage's queue (BullMQ names its worker connections). */
async function waitForWorkers(prefix: string, count: number): Promise<void> {
  // only the stage names are read: a throwaway key and delivery limits build the list
  const stages = pipelineStages({
    secrets: createSecretBox(randomBytes(32)),
    delivery: { allowPrivateAddresses: false, outboxDir: tmpdir() },
    mail: { repliesPerHour: 20 },
  });
  const queues = stages.map((s) => new Queue(s.name, { connection: { url: REDIS_URL! }, prefix }));
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const counts = await Promise.all(queues.map((q) => q.getWorkersCount()));
      if (counts.every((c) => c >= count)) return;
      if (Date.now() > deadline)
        throw new Error(`only ${counts.join('/')} of ${count} workers per queue came up`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}

async function postgresSetup(workers: number, measureLatency: boolean): Promise<SetupResult> {
  const database = await freshPostgresUrl('ordergate_bench_');
  const prefix = `ordergate-bench-${randomUUID().slice(0, 8)}`;
  const env = { DATABASE_URL: database.url, REDIS_URL: REDIS_URL!, ORDERGATE_QUEUE_PREFIX: prefix };
  const children: ChildProcess[] = [];
  let target: Target | undefined;
  try {
    // the API migrates the fresh database first, so the workers start against a ready schema
    target = await startTarget(env);
    await loadRules(target.gateway.database.db);
    // BENCH_LOG_STATEMENTS=1: every statement of the workers (connected after this) goes to PostgreSQL's log
    if (process.env.BENCH_LOG_STATEMENTS === '1')
      await target.gateway.database.db.execute(
        sql.raw(`alter database "${new URL(database.url).pathname.slice(1)}" set log_statement = 'all'`),
      );
    for (let i = 0; i < workers; i++) children.push(spawnWorker(env));
    await waitForWorkers(prefix, workers);
    return await runAll(target, {
      label: `postgres+redis, ${workers} worker${workers > 1 ? 's' : ''}`,
      workers: {
        count: workers,
        pids: children.map((c) => c.pid!),
        database: new URL(database.url).pathname.slice(1),
      },
      latency: measureLatency,
    });
  } finally {
    await Promise.all(children.map(stopWorker));
    await target?.gateway.close();
    await database.drop();
    await clearPrefix(prefix);
  }
}

async function clearPrefix(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL!);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

async function embeddedSetup(): Promise<SetupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ordergate-bench-'));
  let target: Target | undefined;
  try {
    target = await startTarget({ ORDERGATE_DATA_DIR: dir });
    await loadRules(target.gateway.database.db);
    return await runAll(target, { label: 'embedded (PGlite, in-process)', latency: true });
  } finally {
    await target?.gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- report ----------

export const rate = (t: Throughput) => Math.round(t.orders / t.seconds);
export const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const cell = (text: string, width: number) => text.padStart(width);

export async function run(): Promise<void> {
  console.log(
    `Pipeline receive → acknowledge (855 encoded as X12), 850s of ${LINES} lines through POST /v1/inbound/x12: ` +
      `batched = ${ORDERS.toLocaleString('en-US')} orders in interchanges of ${BATCH}; single = ${SINGLES.toLocaleString('en-US')} one-order interchanges; ` +
      `latency = ${LATENCY_ORDERS.toLocaleString('en-US')} one-order interchanges at ${RATE}/s; ` +
      `rules ${RULES ? 'on' : 'off'}; parts: ${[...PARTS].join(', ')}`,
  );
  const results: SetupResult[] = [];
  if (DATABASE_URL && REDIS_URL) {
    for (const [i, workers] of WORKER_COUNTS.entries()) results.push(await postgresSetup(workers, i === 0));
  } else {
    console.log('DATABASE_URL or REDIS_URL unset: only the embedded mode runs');
  }
  if (PARTS.has('embedded') || !(DATABASE_URL && REDIS_URL)) results.push(await embeddedSetup());

  console.log(
    `${'setup'.padEnd(32)}${cell('batched/s', 11)}${cell('single/s', 10)}${cell('msgs/s', 8)}${cell('p50 s', 8)}${cell('p99 s', 8)}${cell('max s', 8)}${cell('rate', 7)}`,
  );
  for (const r of results) {
    console.log(
      r.label.padEnd(32) +
        cell(r.batched ? String(rate(r.batched)) : '-', 11) +
        cell(r.single ? String(rate(r.single)) : '-', 10) +
        cell(r.single ? String(Math.round(r.single.messages / r.single.seconds)) : '-', 8) +
        cell(r.latency ? r.latency.p50.toFixed(3) : '-', 8) +
        cell(r.latency ? r.latency.p99.toFixed(3) : '-', 8) +
        cell(r.latency ? r.latency.max.toFixed(3) : '-', 8) +
        cell(r.latency ? r.latency.achievedRate.toFixed(0) : '-', 7),
    );
  }

  console.log('targets (Bots, the open-source peer: ≈ 55 messages/s)');
  for (const r of results) {
    const parts: string[] = [];
    if (r.batched) parts.push(`batched ≥ 500/s ${verdict(rate(r.batched) >= 500)}`);
    if (r.single)
      parts.push(
        `single ≥ 500/s ${verdict(rate(r.single) >= 500)} (${(r.single.messages / r.single.seconds / 55).toFixed(1)}× Bots)`,
      );
    if (r.latency) parts.push(`p99 ≤ 1 s at ${RATE}/s ${verdict(r.latency.p99 <= 1)}`);
    console.log(`  ${r.label.padEnd(30)} ${parts.join('; ')}`);
  }
  const one = results.find((r) => r.label.includes(', 1 worker'));
  const two = results.find((r) => r.label.includes(', 2 workers'));
  if (one && two) {
    const ratio = (a?: Throughput, b?: Throughput) => (a && b ? rate(b) / rate(a) : undefined);
    for (const [kind, value] of [
      ['batched', ratio(one.batched, two.batched)],
      ['single', ratio(one.single, two.single)],
    ] as const) {
      if (value !== undefined)
        console.log(
          `  2 workers / 1 worker (${kind}): ${value.toFixed(2)}×  target ≥ 1.7× ${verdict(value >= 1.7)}`,
        );
    }
  }
  reportRows(results);
}

/** Issue 16's rows: one-order interchanges per second with 1 worker, and the latency at a steady rate. */
function reportRows(results: readonly SetupResult[]): void {
  const one = results.find((r) => r.workers === 1);
  const others = results.filter((r) => r.workers !== undefined && r.workers > 1 && r.single);
  const rules = RULES ? 'rules on' : 'rules off';
  if (one?.single) {
    const perSecond = one.single.messages / one.single.seconds;
    const more = others.map((r) => {
      const theirs = r.single!.messages / r.single!.seconds;
      return [
        `  ${r.workers} workers: ${theirs.toFixed(0)} messages/s (${(theirs / perSecond).toFixed(2)}× 1 worker); CPU over the run:`,
        r.single!.cpu ?? '',
      ].join('\n');
    });
    reportRow({
      row: 'interchanges of one 850 each, PostgreSQL + Redis, 1 worker',
      figure: `${perSecond.toFixed(0)} messages/s (${SINGLES} messages, 16 POSTs in flight, ${rules})`,
      target: '≥ 200/s',
      met: perSecond >= 200,
      detail: [one.single.stages, `  CPU over the run (1 worker):\n${one.single.cpu ?? ''}`, ...more].join(
        '\n',
      ),
    });
  }
  const latent = one?.latency ?? results.find((r) => r.latency)?.latency;
  if (latent) {
    reportRow({
      row: `receipt → 855 latency at a steady ${RATE} orders/s`,
      figure:
        `p99 ${latent.p99.toFixed(2)} s (p50 ${latent.p50.toFixed(2)} s, p90 ${latent.p90.toFixed(2)} s, ` +
        `max ${latent.max.toFixed(2)} s; ${latent.orders} orders at ${latent.achievedRate.toFixed(0)}/s, ${rules}, ` +
        `${one?.latency ? 'PostgreSQL + Redis, 1 worker' : 'embedded'})`,
      target: 'p99 ≤ 1 s',
      met: latent.p99 <= 1,
      detail: latent.stages,
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  // postgres.js and BullMQ clients of closed gateways may keep timers; the report is printed
  process.exit(0);
}
