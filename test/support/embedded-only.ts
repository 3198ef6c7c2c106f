import { appendFileSync } from 'node:fs';
import path from 'node:path';

/** Where test workers note what ran without its server half; set by test/support/embedded-only-report.ts. */
export const EMBEDDED_ONLY_DIR = 'ORDERGATE_EMBEDDED_ONLY_DIR';

/** The test file that called, found on the stack (a suite may reach this through a shared helper). */
function callingTestFile(): string {
  const frames = new Error().stack?.split('\n') ?? [];
  for (const frame of frames) {
    const found = frame.match(/\(?(?:file:\/\/)?([^()\s]+\.test\.ts):\d+:\d+\)?$/);
    if (found) return path.relative(process.cwd(), found[1]!);
  }
  return 'a test outside a *.test.ts file';
}

/**
 * Notes that the calling suite runs without what `missing` names (PostgreSQL + Redis, sshd), so `npm test`
 * can say so at its end. Without the report's folder (bench, a script) nothing is noted.
 */
export function noteRanWithout(missing: string): void {
  const dir = process.env[EMBEDDED_ONLY_DIR];
  if (!dir) return;
  appendFileSync(path.join(dir, `${process.pid}.txt`), `${missing}\t${callingTestFile()}\n`);
}
