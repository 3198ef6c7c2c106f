/**
 * Spreadsheet decode benchmark: `npm run bench` (all benches) or `node --import tsx bench/spreadsheet.ts`.
 *
 * Generates (into the OS temp dir, once) a 100,000-row order CSV and the same rows as an XLSX, then times, each
 * in its own child process so its peak RSS (process.resourceUsage().maxRSS) is its own: our full decode (read →
 * table finder → canonical orders) of each, against csv-parse alone and exceljs's streaming WorkbookReader alone
 * over the same files. Targets: CSV ≥ 0.5× csv-parse, XLSX ≥ 0.7× exceljs, peak RSS ≤ 250 MB. MB = 10^6 bytes.
 *
 * Fair by construction: every candidate starts from the file on disk and its time includes reading it; csv-parse
 * gets the same bytes our reader hands it (the file's, a UTF-8 CSV without BOM) and the same options, through
 * its public streaming API; exceljs gets the same file. Each case runs RUNS times, ours and the baseline taking
 * turns, so a load that comes and goes on the machine falls on both; the median time and the highest peak RSS
 * count. CPU seconds (user + system) are shown beside, as a check on a busy machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROWS = 100_000;
const RSS_TARGET_MB = 250;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The options our CSV reader gives csv-parse for this file (its delimiter is found as `,`). */
const CSV_OPTIONS = { delimiter: ',', relax_column_count: true, relax_quotes: true } as const;
const CSV = join(tmpdir(), `ordergate-bench-${ROWS}.csv`);
const XLSX = join(tmpdir(), `ordergate-bench-${ROWS}.xlsx`);
const HEADER = ['PO', 'Line', 'SKU', 'Description', 'Qty', 'Unit', 'Unit price', 'EAN'];

/** Row i: ten orders, an EAN with a valid check digit, prices with two decimals. */
function row(i: number): (string | number)[] {
  const body = `400638${String(i).padStart(6, '0')}`;
  let sum = 0;
  for (let k = 0; k < body.length; k++) sum += Number(body[body.length - 1 - k]) * (k % 2 === 0 ? 3 : 1);
  return [
    `PO-${i % 10}`,
    i + 1,
    `SKU-${i}`,
    `Item number ${i}`,
    (i % 50) + 1,
    'EA',
    `${(i % 900) + 1}.${i % 100}`,
    body + ((10 - (sum % 10)) % 10),
  ];
}

async function generate(): Promise<void> {
  if (!existsSync(CSV)) {
    const lines = [HEADER.join(',')];
    for (let i = 0; i < ROWS; i++) lines.push(row(i).join(','));
    writeFileSync(CSV, `${lines.join('\r\n')}\r\n`);
  }
  if (!existsSync(XLSX)) {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: XLSX, useSharedStrings: true });
    const sheet = workbook.addWorksheet('Order');
    sheet.addRow(HEADER).commit();
    for (let i = 0; i < ROWS; i++) {
      const [po, line, sku, description, qty, unit, price, ean] = row(i);
      sheet.addRow([po, line, sku, description, qty, unit, Number(price), ean]).commit();
    }
    await workbook.commit();
  }
}

// ---------- candidates (each in a child process; modules loaded before timing) ----------

async function ours(file: string): Promise<() => Promise<number>> {
  const { readSpreadsheet } = await import('../connectors/spreadsheet/read.ts');
  const { decodeSpreadsheet } = await import('../connectors/spreadsheet/decode.ts');
  return async () => {
    const bytes = readFileSync(file);
    const sheets = await readSpreadsheet({ bytes, filename: file });
    let ids = 0;
    const result = await decodeSpreadsheet(sheets, {
      partnerId: 'bench',
      channel: 'csv',
      settings: { defaultCurrency: 'USD', badRows: 'reject-file' },
      messageId: 'bench',
      newId: () => `order-${++ids}`,
      now: () => new Date('2026-12-01T00:00:00Z'),
      fileSha256: '0'.repeat(64),
    });
    if (result.problems.some((p) => p.severity === 'error'))
      throw new Error(JSON.stringify(result.problems.slice(0, 3)));
    return result.orders.reduce((n, o) => n + o.lines.length, 0);
  };
}

async function csvParse(file: string): Promise<() => Promise<number>> {
  const { parse } = await import('csv-parse');
  return async () => {
    let rows = 0;
    const bytes = readFileSync(file);
    // in the 64 KiB chunks our reader hands it (one 8 MB chunk would have it buffer every record at once)
    const chunks = function* () {
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    };
    for await (const _ of Readable.from(chunks()).pipe(parse(CSV_OPTIONS))) rows++;
    return rows - 1;
  };
}

async function exceljs(file: string): Promise<() => Promise<number>> {
  const { default: ExcelJS } = await import('exceljs');
  return async () => {
    let rows = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache',
      worksheets: 'emit',
    });
    for await (const sheet of reader) for await (const _ of sheet) rows++;
    return rows - 1;
  };
}

const CANDIDATES = { ours, csvParse, exceljs } as const;

interface Measure {
  candidate: string;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

async function child(candidate: keyof typeof CANDIDATES, file: string): Promise<void> {
  const run = await CANDIDATES[candidate](file);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const rows = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const maxRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  console.log(JSON.stringify({ candidate, rows, seconds, cpuSeconds, maxRssMb } satisfies Measure));
}

function measure(candidate: keyof typeof CANDIDATES, file: string): Measure {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SELF, 'child', candidate, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measure;
}

/** RUNS runs of each, taking turns: the median time, the highest peak RSS. */
function compare(
  mine: keyof typeof CANDIDATES,
  base: keyof typeof CANDIDATES,
  file: string,
): [Measure, Measure] {
  const runs: [Measure[], Measure[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    runs[0].push(measure(mine, file));
    runs[1].push(measure(base, file));
  }
  return [summary(runs[0]), summary(runs[1])];
}

function summary(runs: Measure[]): Measure {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rows = new Set(runs.map((m) => m.rows));
  if (rows.size !== 1) throw new Error(`runs disagree on the row count: ${[...rows].join(', ')}`);
  return {
    candidate: runs[0]!.candidate,
    rows: runs[0]!.rows,
    seconds: median(runs.map((m) => m.seconds)),
    cpuSeconds: median(runs.map((m) => m.cpuSeconds)),
    maxRssMb: Math.max(...runs.map((m) => m.maxRssMb)),
  };
}

function report(label: string, [mine, base]: [Measure, Measure], target: number): void {
  const rate = (m: Measure) => m.rows / m.seconds;
  const ratio = rate(mine) / rate(base);
  const fmt = (m: Measure) =>
    `${m.candidate.padEnd(9)} ${String(m.rows).padStart(7)} rows ${m.seconds.toFixed(2).padStart(6)} s ${Math.round(rate(m)).toLocaleString('en').padStart(9)} rows/s  (CPU ${m.cpuSeconds.toFixed(2)} s)  peak RSS ${m.maxRssMb.toFixed(0)} MB`;
  console.log(`${label}, median of ${RUNS} runs each\n  ${fmt(mine)}\n  ${fmt(base)}`);
  console.log(
    `  ratio ${ratio.toFixed(2)}× (target ≥ ${target}×: ${ratio >= target ? 'met' : 'MISSED'}), peak RSS ${mine.maxRssMb.toFixed(0)} MB (target ≤ ${RSS_TARGET_MB}: ${mine.maxRssMb <= RSS_TARGET_MB ? 'met' : 'MISSED'})`,
  );
}

if (process.argv[2] === 'child') {
  await child(process.argv[3] as keyof typeof CANDIDATES, process.argv[4]!);
} else {
  await generate();
  report(`CSV, ${ROWS} rows (${CSV})`, compare('ours', 'csvParse', CSV), 0.5);
  report(`XLSX, ${ROWS} rows (${XLSX})`, compare('ours', 'exceljs', XLSX), 0.7);
}
