import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMBEDDED_ONLY_DIR } from './embedded-only.ts';

/**
 * Vitest global setup: gives the test workers a folder to note the suites that ran without PostgreSQL + Redis
 * (or sshd), and prints them when the run ends, so a green run on a laptop never passes for a full one. CI sets
 * ORDERGATE_REQUIRE_SERVICES=1, where a missing server fails instead.
 */
export function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'ordergate-embedded-only-'));
  // set before the workers start, which inherit it
  process.env[EMBEDDED_ONLY_DIR] = dir;
  return () => {
    const noted = new Map<string, Set<string>>();
    for (const file of readdirSync(dir))
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n').filter(Boolean)) {
        const [missing, suite] = line.split('\t') as [string, string];
        noted.set(missing, (noted.get(missing) ?? new Set()).add(suite));
      }
    rmSync(dir, { recursive: true, force: true });
    for (const [missing, suites] of noted) {
      console.warn(`\nThese suites ran without ${missing} (their other half did not run):`);
      for (const suite of [...suites].sort()) console.warn(`  ${suite}`);
    }
  };
}
