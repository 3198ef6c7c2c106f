/**
 * Wholesale rules benchmark (issue 14): `npm run bench` (all benches) or `node --import tsx bench/rules.ts`.
 *
 * 1. Rules in process: BENCH_RULES_ORDERS (10,000) seeded orders of BENCH_LINES (25) lines against 50,000
 *    products, 200 price lists and every product stocked in 2 warehouses (bench/rules-data.ts), the rule
 *    contexts built a page of 1,000 orders at a time as the validate stage's loader builds them, but in memory.
 *    Times checkOrder + settle over every order (each order checked once, as the pipeline does; the best of
 *    BENCH_RULES_REPS runs over fresh copies, after a warm-up on other orders). Target ≥ 2,000 orders/s.
 * 2. Context loading: loadRuleContexts (src/pipeline/wholesale/rule-context.ts) over the first
 *    BENCH_RULES_LOADER_PAGES (3) pages of the same orders, against an embedded database (PGlite) holding the
 *    same master data (written with bulk inserts); and whether checkOrder + settle find the same with those
 *    contexts as with the in-memory ones (which checks that the in-memory contexts are what the loader makes).
 * 3. The pipeline with rules off beside rules on, in one run: bench/pipeline.ts's embedded setup (PGlite,
 *    in-process dispatcher, POST /v1/inbound/x12 → 855 encoded) twice, on a database without master data
 *    (the pass-through gateway) and on one with the master data, both sent the same interchanges
 *    (BENCH_RULES_PIPELINE_ORDERS orders, 1,000, in interchanges of BENCH_RULES_BATCH, 250, 2 POSTs in
 *    flight) whose lines name the partner's products at its list prices, so every order is accepted and its
 *    stock reserved. BENCH_RULES_ROUNDS rounds (2), alternating which goes first; the job seconds per stage
 *    (the gateway's /metrics) show where the difference goes. Target: rules on ≥ 0.8 × rules off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Diagnostic } from '../src/core/diagnostic.ts';
import { rowsOf } from '../src/db/client.ts';
import { ORDER_PAGE } from '../src/pipeline/stages/order-pages.ts';
import { loadRuleContexts, partnerTerms } from '../src/pipeline/wholesale/rule-context.ts';
import type { RuleContext } from '../src/rules/rule.ts';
import { type Settlement, settle } from '../src/rules/settle.ts';
import { checkOrder } from '../src/rules/wholesale-rules.ts';
import {
  rate,
  ruleInterchanges,
  sendAll,
  startTarget,
  type Target,
  type Throughput,
  verdict,
} from './pipeline.ts';
import { buildMasterData, type MasterData, PARTNERS, PRODUCTS } from './rules-data.ts';
import { contextsForPage, insertMasterData } from './rules-load.ts';
import { type BenchOrder, generateOrders, REALISTIC } from './rules-orders.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ORDERS = num('BENCH_RULES_ORDERS', 10_000);
const LINES = num('BENCH_LINES', 25); // bench/pipeline.ts's interchanges have as many
const REPS = num('BENCH_RULES_REPS', 3);
const PIPELINE_ORDERS = num('BENCH_RULES_PIPELINE_ORDERS', 1_000);
const BATCH = num('BENCH_RULES_BATCH', 250);
const LOADER_PAGES = num('BENCH_RULES_LOADER_PAGES', 3);
const ROUNDS = num('BENCH_RULES_ROUNDS', 2);
/** The rules' clock for the in-process part: the day after the orders' latest PO date. */
const TODAY = '2026-03-02';

const seconds = (since: number) => (performance.now() - since) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function pagesOf<T>(items: readonly T[], size = ORDER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}

/** Each order's context, page by page as the validate stage would have them (not timed). */
function contextsOf(master: MasterData, orders: readonly BenchOrder[]): RuleContext[] {
  return pagesOf(orders).flatMap((page) => {
    const contextFor = contextsForPage(master, page, TODAY);
    return page.map(contextFor);
  });
}

interface Checked {
  findings: Diagnostic[];
  settlement: Settlement;
}

/** checkOrder + settle over every order, timed; contexts made beforehand. */
function checkAll(orders: readonly BenchOrder[], contexts: readonly RuleContext[]) {
  const results: Checked[] = new Array(orders.length);
  const started = performance.now();
  for (let i = 0; i < orders.length; i++) {
    const { order } = orders[i]!;
    const context = contexts[i]!;
    const findings = checkOrder(order, context);
    results[i] = { findings, settlement: settle(order, findings, context) };
  }
  return { seconds: seconds(started), results };
}

/** A result as compared between two contexts: the findings' codes and lines, each line's outcome. */
const digest = (c: Checked) =>
  JSON.stringify([
    c.findings.map((d) => `${d.line ?? ''}:${d.code}`),
    c.settlement.lines.map((l) => `${l.status}:${l.quantity}:${l.unitPrice ?? ''}:${l.sku ?? ''}`),
    c.settlement.forPerson.length,
  ]);

function tally(results: readonly Checked[]) {
  const codes = new Map<string, number>();
  let clean = 0;
  let settled = 0;
  let held = 0;
  for (const { findings, settlement } of results) {
    for (const d of findings) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
    if (findings.length === 0) clean++;
    else if (settlement.forPerson.length === 0) settled++;
    else held++;
  }
  const list = [...codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`);
  return { clean, settled, held, list };
}

function rulesInProcess(master: MasterData, orders: readonly BenchOrder[]): Checked[] {
  const warm = generateOrders(master, 1_000, LINES, { seed: 99, mix: REALISTIC });
  checkAll(warm, contextsOf(master, warm));
  const runs: number[] = [];
  let results: Checked[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    // fresh orders and contexts each run: the rules remember per order object and per price-list array
    const copies = structuredClone(orders) as BenchOrder[];
    const built = performance.now();
    const contexts = contextsOf(master, copies);
    if (rep === 0)
      console.log(
        `  contexts of ${fmt(orders.length)} orders built in memory: ${seconds(built).toFixed(2)} s`,
      );
    const run = checkAll(copies, contexts);
    runs.push(run.seconds);
    results = run.results;
  }
  const best = Math.min(...runs);
  const perSecond = orders.length / best;
  console.log(
    `  checkOrder + settle: ${runs.map((s) => `${s.toFixed(3)} s`).join(', ')} → best ${fmt(perSecond)} orders/s, ` +
      `${fmt((orders.length * LINES) / best)} lines/s   target ≥ 2,000 orders/s ${verdict(perSecond >= 2_000)}`,
  );
  const t = tally(results);
  console.log(
    `  orders: ${t.clean} without findings, ${t.settled} settled by policies, ${t.held} held for a person`,
  );
  console.log(`  findings: ${t.list.join(', ')}`);
  return results;
}

/** loadRuleContexts a page at a time against `target`'s database; checks the contexts agree with ours. */
async function loaderAgainstDatabase(
  target: Target,
  master: MasterData,
  orders: readonly BenchOrder[],
  inMemory: readonly Checked[],
) {
  // once per message in the validate stage: not timed
  const terms = await partnerTerms(
    target.gateway.database.db,
    master.partners.map((p) => p.id),
  );
  const now = new Date(`${TODAY}T12:00:00Z`);
  const copies = structuredClone(orders.slice(0, LOADER_PAGES * ORDER_PAGE)) as BenchOrder[];
  const pages = pagesOf(copies);
  const times: number[] = [];
  const contexts: RuleContext[] = [];
  for (const page of pages) {
    const started = performance.now();
    const contextFor = await loadRuleContexts(
      target.gateway.database.db,
      page.map((b) => b.order),
      terms,
      now,
    );
    times.push(seconds(started));
    for (const b of page) contexts.push(contextFor(b.order, b.duplicatePo));
  }
  const total = times.reduce((a, b) => a + b, 0);
  console.log(
    `  loadRuleContexts against PGlite holding the same master data, ${pages.length} pages of ${fmt(ORDER_PAGE)} orders of all partners ` +
      `(the reads and the context building the validate stage does per page, terms read once before): ` +
      `${times.map((t) => `${(t * 1000).toFixed(0)} ms`).join(', ')} → ${fmt(copies.length / total)} orders/s`,
  );
  const { results } = checkAll(copies, contexts);
  const same = results.filter((r, i) => digest(r) === digest(inMemory[i]!)).length;
  console.log(
    `  the rules find the same with the loaded contexts as with the in-memory ones: ${same} of ${copies.length} orders`,
  );
}

/** Seconds the pipeline's jobs have run so far, per stage (the gateway's ordergate_job_duration_seconds). */
async function stageSeconds(target: Target): Promise<Map<string, number>> {
  const text = await (await fetch(`${target.gateway.url}/metrics`)).text();
  const found = new Map<string, number>();
  for (const [, stage, value] of text.matchAll(
    /^ordergate_job_duration_seconds_sum\{stage="([^"]+)"\} (\S+)$/gm,
  ))
    found.set(stage!, Number(value));
  return found;
}

async function count(target: Target, query: ReturnType<typeof sql>): Promise<number> {
  return rowsOf<{ n: number }>(await target.gateway.database.db.execute(query))[0]!.n;
}

async function pipelineOffOn(
  master: MasterData,
  orders: readonly BenchOrder[],
  inMemory: readonly Checked[],
) {
  const dirs = [
    mkdtempSync(join(tmpdir(), 'ordergate-bench-off-')),
    mkdtempSync(join(tmpdir(), 'ordergate-bench-on-')),
  ];
  let off: Target | undefined;
  let on: Target | undefined;
  try {
    off = await startTarget({ ORDERGATE_DATA_DIR: dirs[0]! });
    on = await startTarget({ ORDERGATE_DATA_DIR: dirs[1]! });
    const loading = performance.now();
    await insertMasterData(on.gateway.database.db, master);
    console.log(
      `  master data written to the rules-on database (bulk inserts): ${seconds(loading).toFixed(1)} s`,
    );
    await loaderAgainstDatabase(on, master, orders, inMemory);

    // warm-up: JIT, the partner's mapping cache, the first page of every statement
    for (const target of [off, on])
      await sendAll(target, ruleInterchanges(master, 1, 50, 0), 50, 1, 'warm-up');
    const sets = Math.min(BATCH, PIPELINE_ORDERS);
    const messages = Math.ceil(PIPELINE_ORDERS / sets);
    const totals = { off: [] as Throughput[], on: [] as Throughput[] };
    const stages = { off: new Map<string, number>(), on: new Map<string, number>() };
    for (let round = 1; round <= ROUNDS; round++) {
      const texts = ruleInterchanges(master, messages, sets, round);
      const order = round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      const line: string[] = [];
      for (const which of order) {
        const target = which === 'off' ? off : on;
        const before = await stageSeconds(target);
        const t = await sendAll(target, texts, sets, 2, `rules ${which}, round ${round}`);
        totals[which].push(t);
        for (const [stage, value] of await stageSeconds(target))
          stages[which].set(stage, (stages[which].get(stage) ?? 0) + value - (before.get(stage) ?? 0));
        line.push(`rules ${which} ${rate(t)} orders/s (${t.seconds.toFixed(1)} s)`);
      }
      console.log(`  round ${round}: ${line.join(', ')}`);
    }
    const sum = (ts: Throughput[]) => ({
      orders: ts.reduce((a, t) => a + t.orders, 0),
      messages: ts.reduce((a, t) => a + t.messages, 0),
      seconds: ts.reduce((a, t) => a + t.seconds, 0),
    });
    const rOff = rate(sum(totals.off));
    const rOn = rate(sum(totals.on));
    const ratio = rOn / rOff;
    const perStage = [...stages.on.keys()]
      .filter((stage) => (stages.on.get(stage) ?? 0) + (stages.off.get(stage) ?? 0) >= 0.05)
      .map(
        (stage) =>
          `${stage} ${(stages.off.get(stage) ?? 0).toFixed(1)} → ${stages.on.get(stage)!.toFixed(1)}`,
      );
    console.log(`  job seconds per stage, rules off → on (all rounds): ${perStage.join(', ')}`);
    const accepted = await count(on, sql`select count(*)::int as n from orders where status = 'accepted'`);
    const all = await count(on, sql`select count(*)::int as n from orders`);
    const reserved = await count(on, sql`select count(distinct order_id)::int as n from reservations`);
    console.log(
      `  rules on: ${accepted} of ${all} orders accepted (warm-up included), stock reserved for ${reserved}`,
    );
    console.log(
      `  rules off ${rOff} orders/s, rules on ${rOn} orders/s: ratio ${ratio.toFixed(2)}   target ≥ 0.80 ${verdict(ratio >= 0.8)}`,
    );
  } finally {
    await off?.gateway.close();
    await on?.gateway.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const built = performance.now();
  const master = buildMasterData();
  const orders = generateOrders(master, ORDERS, LINES, { seed: 1, mix: REALISTIC });
  const prices = master.lists.reduce((n, l) => n + l.prices.size, 0);
  console.log(
    `Wholesale rules: ${fmt(ORDERS)} orders × ${LINES} lines of ${PARTNERS} partners against ${fmt(PRODUCTS)} products, ` +
      `${master.lists.length} price lists (${fmt(prices)} SKU prices), ${fmt(PRODUCTS * 2)} stock rows (seeded data built in ${seconds(built).toFixed(1)} s)`,
  );
  const inMemory = rulesInProcess(master, orders);
  console.log(
    `Pipeline, rules off beside rules on (embedded: PGlite, in-process dispatcher; POST /v1/inbound/x12 → 855 encoded): ` +
      `${ROUNDS} rounds of ${fmt(PIPELINE_ORDERS)} orders × ${LINES} lines in interchanges of ${BATCH}`,
  );
  await pipelineOffOn(master, orders, inMemory);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  process.exit(0);
}
