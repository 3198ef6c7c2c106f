import type { CampaignReport } from './campaigns.ts';

/** How many cases each campaign runs, from FUZZ_CASES (all campaigns together) and FUZZ_SEED. */
export interface FuzzSettings {
  seed: number;
  cases: number;
  x12Door: number;
  dropFolder: number;
  jsonRoutes: number;
  /** How long the pipeline may take to finish what the doors accepted. */
  settleMs: number;
  /** Each campaign's test timeout: generous, since a long run is measured in hours, not seconds. */
  testTimeoutMs: number;
}

/** The short run of `npm test`: a fixed seed, so CI runs the same cases every time. */
const DEFAULT_SEED = 20261203;
const DEFAULT_CASES = 2_000;

/** FUZZ_SEED: a number, `random` (what `npm run fuzz` uses: new cases every run), or unset (the fixed seed). */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const seed =
    env.FUZZ_SEED === 'random'
      ? Math.floor(Math.random() * 2 ** 31)
      : env.FUZZ_SEED
        ? Number(env.FUZZ_SEED)
        : DEFAULT_SEED;
  const cases = env.FUZZ_CASES ? Number(env.FUZZ_CASES) : DEFAULT_CASES;
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(cases) || cases < 10)
    throw new Error(`FUZZ_SEED and FUZZ_CASES must be integers (FUZZ_CASES at least 10): ${seed}, ${cases}`);
  const x12Door = Math.round(cases * 0.3);
  const dropFolder = Math.round(cases * 0.1);
  return {
    seed,
    cases,
    x12Door,
    dropFolder,
    jsonRoutes: cases - x12Door - dropFolder,
    // each accepted message takes the pipeline well under 100 ms; a minute more for a cold start
    settleMs: 60_000 + (x12Door + dropFolder) * 100,
    testTimeoutMs: 120_000 + cases * 50,
  };
}

/** Prints what each campaign ran and found: the long run's report. */
export function printReport(mode: string, settings: FuzzSettings, reports: CampaignReport[]): void {
  const lines = [`fuzz report (${mode}): seed ${settings.seed}, ${settings.cases} cases`];
  for (const r of reports) {
    const answers = Object.entries(r.answers)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    lines.push(
      `  ${r.campaign}: ${r.cases} cases in ${r.seconds} s, ${r.findings.length} findings; ${answers}`,
    );
    for (const f of r.findings.slice(0, 20))
      lines.push(`    - ${f.what}: ${f.input}${f.answer ? ` → ${f.answer}` : ''}`);
  }
  console.info(lines.join('\n'));
}
