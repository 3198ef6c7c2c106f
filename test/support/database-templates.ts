import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.ts';
import { pgliteDir } from '../../src/db/pglite-open.ts';
import { PGLITE_TEMPLATE, POSTGRES_TEMPLATE } from './template-names.ts';

/**
 * Vitest global setup: one embedded database and (with DATABASE_URL) one PostgreSQL database, each created and
 * migrated once per run, which the suites copy instead of creating and migrating their own. Creating an
 * embedded database (initdb in WebAssembly) and running every migration took 5 to 20 s, once per test of
 * every suite that uses a fresh database; copying its 40 MB of files and opening them takes a fraction of it.
 * The copies are still migrated (a no-op) by whoever opens them, as a gateway does at start.
 */
export async function setup(): Promise<() => Promise<void>> {
  const embedded = mkdtempSync(path.join(tmpdir(), 'ordergate-template-'));
  const handle = await openDatabase({ dataDir: embedded });
  await handle.migrate();
  await handle.close();
  // set before the workers start, which inherit it
  process.env[PGLITE_TEMPLATE] = pgliteDir(embedded);

  const url = process.env.DATABASE_URL || undefined;
  const name = `ordergate_template_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  if (url) {
    await adminQuery(url, `create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const server = await openDatabase({ url: target.toString() });
    await server.migrate();
    // a template may have no connection open while it is copied
    await server.close();
    process.env[POSTGRES_TEMPLATE] = name;
  }
  return async () => {
    rmSync(embedded, { recursive: true, force: true });
    if (url) await adminQuery(url, `drop database if exists ${name} with (force)`);
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}
