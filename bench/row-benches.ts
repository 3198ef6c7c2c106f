/** The benches that measure issue 16's whole-program table, each with the environment that limits it to its rows. */
export const ROW_BENCHES: readonly { file: string; env?: Record<string, string> }[] = [
  { file: 'cli-start.ts' },
  { file: 'translate-process.ts' },
  { file: 'embedded-start.ts' },
  { file: 'pipeline.ts', env: { BENCH_PIPELINE: 'singles,latency' } },
  { file: 'http-intake.ts' },
];
