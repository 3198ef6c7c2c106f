/**
 * Pipeline benchmark: `npm run bench` (all benches) or `node --import tsx bench/pipeline.ts`.
 *
 * Pushes 850s (25 lines each) through receive → decode → validate → route → acknowledge, through the HTTP door
 * (POST /v1/inbound/x12 with a partner API key), and counts an order done when its 855 outbound document
 * is encoded: its X12 855 stored, numbered and ready to deliver or pull (receive → decode → validate → route →
 * acknowledge → encode).
 *
 * Setups: PostgreSQL + Redis with an API-only gateway in this process and 1, then 2, real
 * `ordergate worker` processes (each on a fresh database and Redis key prefix, dropped afterwards); and the
 * embedded mode (PGlite, in-process dispatcher, API and workers in this process, like `ordergate serve`).
 * Each setup runs:
 * - batched: BENCH_ORDERS orders as interchanges of BENCH_BATCH 850s, 4 POSTs in flight;
 * - single: BENCH_SINGLES one-order interchanges (one message each), 16 POSTs in flight;
 * - latency: BENCH_LATENCY_ORDERS one-order interchanges at a fixed BENCH_RATE orders/s (open loop), each timed
 *   from its POST's start to its 855 row's updated_at (the encode transaction's start, same clock).
 * Throughput runs from the first POST to the last 855 present (polled every 50 ms). A few warm-up orders go
 * first so JIT and connection pools are warm. Without DATABASE_URL/REDIS_URL only the embedded mode runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/client.ts';
import { type Gateway, startGateway } from '../src/gateway.ts';
import { pipelineStages } from '../src/pipeline/stages/stages.ts';
import { loadConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { createSecretBox } from '../src/runtime/secret-box.ts';
import { freshPostgresUrl } from '../test/support/services.ts';
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
  p99: number;
  max: number;
}
interface SetupResult {
  label: string;
  batched?: Throughput;
  single?: Throughput;
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
  const texts = Array.from({ length: messages }, () => nextInterchange(sets));
  return sendAll(target, texts, sets, inFlight, what);
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
  const texts = Array.from({ length: LATENCY_ORDERS }, () => nextInterchange(1));
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
  const rows = rowsOf<{ source: string; ms: number }>(
    await target.gateway.database.db.execute(sql`
      select source_message_id as source, (extract(epoch from updated_at) * 1000)::float8 as ms
      from outbound_documents where type = '855' and status <> 'requested'
        and source_message_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`),
  );
  const acked = new Map(rows.map((r) => [r.source, Number(r.ms)]));
  const times = sent.map((s) => acked.get(s.messageId)! - s.at).sort((a, b) => a - b);
  const pct = (p: number) =>
    times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]! / 1000;
  return {
    orders: times.length,
    achievedRate,
    p50: pct(50),
    p99: pct(99),
    max: times[times.length - 1]! / 1000,
  };
}

async function runAll(target: Target, label: string): Promise<SetupResult> {
  // warm-up: JIT, connection pools, the partner's mapping cache
  await throughput(target, 2, 20, 2, `${label} warm-up`);
  await throughput(target, 20, 1, 4, `${label} warm-up`);
  const result: SetupResult = { label };
  if (ORDERS > 0) {
    result.batched = await throughput(target, Math.ceil(ORDERS / BATCH), BATCH, 4, `${label} batched`);
    console.log(`  ${label}: batched ${rate(result.batched)} orders/s`);
  }
  if (SINGLES > 0) {
    result.single = await throughput(target, SINGLES, 1, 16, `${label} single`);
    console.log(`  ${label}: single ${rate(result.single)} orders/s`);
  }
  if (LATENCY_ORDERS > 0) {
    result.latency = await latency(target);
    console.log(
      `  ${label}: latency p50 ${result.latency.p50.toFixed(3)} s, p99 ${result.latency.p99.toFixed(3)} s`,
    );
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

async function postgresSetup(workers: number): Promise<SetupResult> {
  const database = await freshPostgresUrl('ordergate_bench_');
  const prefix = `ordergate-bench-${randomUUID().slice(0, 8)}`;
  const env = { DATABASE_URL: database.url, REDIS_URL: REDIS_URL!, ORDERGATE_QUEUE_PREFIX: prefix };
  const children: ChildProcess[] = [];
  let target: Target | undefined;
  try {
    // the API migrates the fresh database first, so the workers start against a ready schema
    target = await startTarget(env);
    for (let i = 0; i < workers; i++) children.push(spawnWorker(env));
    await waitForWorkers(prefix, workers);
    return await runAll(target, `postgres+redis, ${workers} worker${workers > 1 ? 's' : ''}`);
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
    return await runAll(target, 'embedded (PGlite, in-process)');
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
      `latency = ${LATENCY_ORDERS.toLocaleString('en-US')} one-order interchanges at ${RATE}/s`,
  );
  const results: SetupResult[] = [];
  if (DATABASE_URL && REDIS_URL) {
    for (const workers of WORKER_COUNTS) results.push(await postgresSetup(workers));
  } else {
    console.log('DATABASE_URL or REDIS_URL unset: only the embedded mode runs');
  }
  results.push(await embeddedSetup());

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
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  // postgres.js and BullMQ clients of closed gateways may keep timers; the report is printed
  process.exit(0);
}
