import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Logger } from '../runtime/logger.ts';
import { packagePath, siblingModule } from '../runtime/package-root.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { LOCKS } from './locks.ts';
import { pgliteDir } from './pglite-open.ts';
import { RemotePglite } from './pglite-remote.ts';
import * as schema from './schema.ts';
import { startWorkerThread } from './worker-thread.ts';

export type Schema = typeof schema;
/** Either driver's database; a transaction is one too, so functions taking `Database` accept both. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_DIR = packagePath('migrations');

/** The embedded database's thread (pglite-thread.ts). */
const PGLITE_THREAD = siblingModule(import.meta.url, './pglite-thread');

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /**
   * What another thread of this process opens the same database with (`openDatabase`): the URL, or a port of
   * the embedded database's thread (transfer it to that thread).
   */
  share(): SharedDatabase;
  /** The embedded database's own memory (PGlite's WebAssembly heap) in bytes; undefined on PostgreSQL. */
  memoryBytes(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** A database another thread can open: a PostgreSQL URL, or a port to this process's embedded database. */
export type SharedDatabase = { url: string } | { port: MessagePort };

/** `log` hears of a data directory found open to group or others (and closed). */
export type DatabaseTarget = { dataDir: string; log?: Pick<Logger, 'warn'> } | SharedDatabase;

/**
 * Opens PostgreSQL when a URL is given; else PGlite on disk under `dataDir` (exclusively locked), in a thread of
 * its own; or, given a port from `share()`, a connection to the embedded database another thread opened.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ('url' in target) return openPostgres(target.url);
  if ('port' in target) return connectPglite(target.port);
  return openPglite(target.dataDir, target.log);
}

/**
 * bytea as postgres.js writes it, without its copy of the bytes first (`Buffer.from(x)`): a 15 MB interchange
 * is already a 30 MB hex string and a 30 MB message on its way to the server.
 */
const BYTEA = {
  to: 17,
  from: [17],
  serialize: (x: Uint8Array) => `\\x${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')}`,
  parse: (x: string) => Buffer.from(x.slice(2), 'hex'),
};

function openPostgres(url: string): DatabaseHandle {
  // fetch_types off: we send no arrays of custom types, and its query on connect, cut by a dropped connection,
  // surfaced as an uncaught ECONNRESET
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    connect_timeout: 5,
    fetch_types: false,
    types: { bytea: BYTEA },
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // One connection holds an advisory lock so a `serve` and several `worker`s starting together migrate once.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${LOCKS.migrations.toString()}::bigint)`;
        await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder: MIGRATIONS_DIR });
        await single`select pg_advisory_unlock(${LOCKS.migrations.toString()}::bigint)`;
      } finally {
        await single.end();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    share: () => ({ url }),
    memoryBytes: async () => undefined,
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * The database a gateway's configuration names: PostgreSQL at `databaseUrl` (DATABASE_URL) when set, else the
 * embedded one under `dataDir`. What `serve`, `worker`, `migrate` and `users add` all open.
 */
export function openConfiguredDatabase(
  config: { databaseUrl?: string | undefined; dataDir: string },
  log: Pick<Logger, 'warn'>,
): Promise<DatabaseHandle> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir, log });
}

async function openPglite(dataDir: string, log?: Pick<Logger, 'warn'>): Promise<DatabaseHandle> {
  const release = lockDataDir(dataDir, log);
  let thread: Worker | undefined;
  try {
    if (!existsSync(path.join(pgliteDir(dataDir), 'PG_VERSION'))) await createPglite(dataDir);
    // The thread's own JavaScript holds a page of results or one statement's parameters at a time; a small
    // old generation makes V8 collect that garbage as it goes (PGlite's WebAssembly memory is not counted here).
    // Its young generation, 8 MB instead of V8's default, kept 15–20 MB less resident in an idle gateway; a
    // statement's large strings and buffers are allocated outside it.
    thread = await startWorkerThread(PGLITE_THREAD, { dataDir }, [], {
      maxOldGenerationSizeMb: 256,
      maxYoungGenerationSizeMb: 8,
    });
    const owner = thread;
    const exited = new Promise<void>((resolve) => owner.once('exit', () => resolve()));
    const connect = (): MessagePort => {
      const { port1, port2 } = new MessageChannel();
      owner.postMessage({ connect: port2 }, [port2]);
      return port1;
    };
    const client = new RemotePglite(connect());
    let closing: Promise<void> | undefined;
    return {
      ...pgliteHandle(client),
      async migrate() {
        await migratePglite(drizzlePglite({ client: client as never }), { migrationsFolder: MIGRATIONS_DIR });
      },
      share: () => ({ port: connect() }),
      memoryBytes: () =>
        new Promise<number | undefined>((resolve) => {
          const answer = (message: { memory?: number }) => {
            if (message.memory === undefined) return;
            owner.off('message', answer);
            resolve(message.memory);
          };
          owner.on('message', answer);
          owner.postMessage({ memory: true });
        }),
      close() {
        // idempotent: a handle may be closed by its owner and again by a cleanup that cannot know
        closing ??= (async () => {
          client.close();
          try {
            await closeThread(owner, exited);
          } finally {
            release();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await thread?.terminate();
    release();
    throw error;
  }
}

/**
 * Creates the embedded database (PGlite's initdb) in a process of its own. PGlite runs initdb in a second
 * PostgreSQL instance beside a WebAssembly initdb: in the gateway's process their memory (about 500 MB, then
 * 130 MB more than a later start even once their thread ended: malloc keeps what threads freed) stayed for as
 * long as it ran. A process gives it all back as it exits.
 */
async function createPglite(dataDir: string): Promise<void> {
  const module = siblingModule(import.meta.url, './pglite-create');
  // the sources run through tsx, which a new process loads as a thread's entry does (worker-entry.js)
  const loader = module.pathname.endsWith('.ts')
    ? ['--import', createRequire(import.meta.url).resolve('tsx')]
    : [];
  const child = spawn(process.execPath, [...loader, fileURLToPath(module), dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0)
    throw new Error(`creating the embedded database failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`);
}

/** A connection to the embedded database from a thread other than the one that opened it. */
function connectPglite(port: MessagePort): DatabaseHandle {
  const client = new RemotePglite(port);
  return {
    ...pgliteHandle(client),
    async migrate() {
      throw new Error('the thread that opened the embedded database migrates it');
    },
    share() {
      throw new Error('share the embedded database from the thread that opened it');
    },
    memoryBytes: async () => undefined,
    async close() {
      client.close();
    },
  };
}

function pgliteHandle(client: RemotePglite): Pick<DatabaseHandle, 'db' | 'kind' | 'ping'> {
  const db = drizzlePglite({ client: client as never, schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    async ping() {
      if (client.closed) throw new Error('embedded database is closed');
      await db.execute(sql`select 1`);
    },
  };
}

/** Asks the database thread to close PGlite (flushing it to disk), then ends the thread. */
async function closeThread(thread: Worker, exited: Promise<void>): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    thread.on('message', (message: { closed?: boolean }) => {
      if (message.closed) resolve();
    });
  });
  thread.postMessage({ close: true });
  await Promise.race([closed, exited]);
  await thread.terminate();
}

/** Rows of a raw `db.execute` result: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}
