import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.ts';
import { pgliteDir } from '../../src/db/pglite-open.ts';
import { noteRanWithout } from './embedded-only.ts';
import { PGLITE_TEMPLATE, POSTGRES_TEMPLATE } from './template-names.ts';

/**
 * Real services for tests. PGlite always runs; PostgreSQL and Redis run whenever DATABASE_URL / REDIS_URL are
 * set. CI sets ORDERGATE_REQUIRE_SERVICES=1 so that a missing server fails loudly instead of skipping.
 */
export const DATABASE_URL = process.env.DATABASE_URL || undefined;
export const REDIS_URL = process.env.REDIS_URL || undefined;

if (process.env.ORDERGATE_REQUIRE_SERVICES === '1' && !(DATABASE_URL && REDIS_URL)) {
  throw new Error(
    'ORDERGATE_REQUIRE_SERVICES=1 but DATABASE_URL or REDIS_URL is not set: CI must test on real servers',
  );
}

/** What suites with a PostgreSQL + Redis half lack when one of the two is not set. */
export const WITHOUT_SERVERS = 'PostgreSQL + Redis (set DATABASE_URL and REDIS_URL)';

/** True when PostgreSQL and Redis are both set; otherwise notes the calling suite as embedded only. */
export function haveServers(): boolean {
  if (DATABASE_URL && REDIS_URL) return true;
  noteRanWithout(WITHOUT_SERVERS);
  return false;
}

export function tempDir(prefix = 'ordergate-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies the run's migrated embedded database (test/support/database-templates.ts) into `dataDir`, where a
 * gateway or `openDatabase` finds it as if it had created it. Without a template (outside a vitest run) it
 * does nothing, and the database is created at its first opening.
 */
export function seedEmbeddedDatabase(dataDir: string): void {
  const template = process.env[PGLITE_TEMPLATE];
  if (template) cpSync(template, pgliteDir(dataDir), { recursive: true });
}

/**
 * A brand-new PostgreSQL database on the DATABASE_URL server, dropped by `drop()`; its name starts with
 * `prefix`, so leftovers say who made them (tests, the benchmark). With `migrated`, a copy of the run's
 * migrated template when there is one (opening it still migrates, a no-op); otherwise an empty database.
 */
export async function freshPostgresUrl(
  prefix = 'ordergate_test_',
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const name = `${prefix}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const template = options.migrated ? process.env[POSTGRES_TEMPLATE] : undefined;
  const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(DATABASE_URL!, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export interface TestDatabase {
  handle: DatabaseHandle;
  /** What `openDatabase` needs to open the same database again (another process, a restart). */
  target: { url: string } | { dataDir: string };
  dispose(): Promise<void>;
}

export interface DatabaseKind {
  name: 'pglite' | 'postgres';
  create(): Promise<TestDatabase>;
}

/** PGlite on a temporary directory, and PostgreSQL (a fresh database) when DATABASE_URL is set. */
export function databaseKinds(): DatabaseKind[] {
  const kinds: DatabaseKind[] = [
    {
      name: 'pglite',
      async create() {
        const tmp = tempDir();
        seedEmbeddedDatabase(tmp.dir);
        const target = { dataDir: tmp.dir };
        const handle = await openDatabase(target);
        await handle.migrate();
        return {
          handle,
          target,
          async dispose() {
            await handle.close();
            tmp.remove();
          },
        };
      },
    },
  ];
  if (!DATABASE_URL) noteRanWithout('PostgreSQL (set DATABASE_URL)');
  else
    kinds.push({
      name: 'postgres',
      async create() {
        const fresh = await freshPostgresUrl('ordergate_test_', { migrated: true });
        const target = { url: fresh.url };
        const handle = await openDatabase(target);
        await handle.migrate();
        return {
          handle,
          target,
          async dispose() {
            await handle.close();
            await fresh.drop();
          },
        };
      },
    });
  return kinds;
}

/** A Redis key prefix no other test uses. */
export function freshQueuePrefix(): string {
  return `ordergate-test-${randomUUID().slice(0, 8)}`;
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
