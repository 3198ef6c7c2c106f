// The embedded database's own thread: PGlite runs PostgreSQL compiled to WebAssembly synchronously, so a large
// statement (storing a 50 MB interchange, a 5,000-row insert) would stop every other piece of work in its
// thread for its duration. Here it stops nobody: the HTTP server and the pipeline reach it through MessagePorts
// (pglite-remote.ts) and wait for their answers asynchronously.
import { getHeapStatistics } from 'node:v8';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { types } from '@electric-sql/pglite';
import { openPgliteFiles } from './pglite-open.ts';
import { type PgliteRequest, type PgliteResponse, serializeError } from './pglite-protocol.ts';
import { startFailed } from './worker-thread.ts';

/**
 * Dates, times and intervals stay text, as drizzle's PGlite driver asks on every query it sends. bytea is read
 * from its hex text natively: PGlite's own parser calls parseInt per byte.
 */
const PARSERS = {
  ...Object.fromEntries(
    [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map(
      (oid) => [oid, (value: string) => value],
    ),
  ),
  [types.BYTEA]: (hex: string) => Buffer.from(hex.slice(2), 'hex'),
};

/**
 * bytea written as hex text natively: PGlite's own serializer builds an array of one string per byte, which
 * took 4–8 s and 600–900 MB of memory for one 14 MB interchange.
 */
const SERIALIZERS = {
  [types.BYTEA]: (bytes: Uint8Array) =>
    `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`,
};

interface OpenTransaction {
  tx: Transaction;
  finish(commit: boolean): void;
  /** Settles once the transaction committed (or rejects with the commit's error) or rolled back. */
  settled: Promise<unknown>;
}

const { dataDir } = (workerData as { data: { dataDir: string } }).data;
const parent = parentPort!;
let transactions = 0;

try {
  listen(await openPgliteFiles(dataDir));
} catch (error) {
  parent.postMessage(startFailed(error));
}

/** Serves the clients the owner connects, reports the memory and closes the database when asked. */
function listen(pg: PGlite): void {
  parent.on('message', (message: { connect?: MessagePort; close?: true; memory?: true }) => {
    if (message.connect) serve(pg, message.connect);
    // PostgreSQL's WebAssembly memory (V8 counts it as this thread's external memory): it grows to the
    // largest statement's needs and is never given back
    if (message.memory) parent.postMessage({ memory: getHeapStatistics().external_memory });
    if (message.close)
      pg.close().then(
        () => parent.postMessage({ closed: true }),
        (error: unknown) => parent.postMessage({ closed: true, error: serializeError(error) }),
      );
  });
  parent.postMessage({ ready: true });
}

/** Answers one client's requests; its open transactions are rolled back when its thread goes away. */
function serve(pg: PGlite, port: MessagePort): void {
  const open = new Map<number, OpenTransaction>();
  port.on('message', (request: PgliteRequest) => {
    handle(pg, open, request).then(
      (value) => port.postMessage({ id: request.id, ok: true, value } satisfies PgliteResponse),
      (error: unknown) =>
        port.postMessage({
          id: request.id,
          ok: false,
          error: serializeError(error),
        } satisfies PgliteResponse),
    );
  });
  port.on('close', () => {
    for (const transaction of open.values()) transaction.finish(false);
  });
}

async function handle(
  pg: PGlite,
  open: Map<number, OpenTransaction>,
  request: PgliteRequest,
): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const target = request.tx === undefined ? pg : open.get(request.tx)?.tx;
      if (target === undefined) throw new Error(`transaction ${request.tx} is not open`);
      const result = await target.query(request.sql, request.params, {
        rowMode: request.rowMode ?? 'object',
        parsers: PARSERS,
        serializers: SERIALIZERS,
      });
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case 'begin':
      return begin(pg, open);
    case 'end': {
      const transaction = open.get(request.tx);
      if (transaction === undefined) throw new Error(`transaction ${request.tx} is not open`);
      transaction.finish(request.commit);
      await transaction.settled;
      return null;
    }
  }
}

/**
 * Opens a transaction that stays open across requests: PGlite's callback-style transaction holds its lock
 * (every other client's statements wait, as they would for a row lock on a server) until `end` arrives.
 */
function begin(pg: PGlite, open: Map<number, OpenTransaction>): Promise<number> {
  const id = ++transactions;
  return new Promise<number>((resolve, reject) => {
    let finish!: (commit: boolean) => void;
    const ended = new Promise<boolean>((r) => {
      finish = r;
    });
    let entered = false;
    const settled = pg
      .transaction(async (tx) => {
        entered = true;
        open.set(id, { tx, finish, settled });
        resolve(id);
        if (!(await ended)) await tx.rollback();
      })
      .finally(() => open.delete(id));
    // a failure before the callback ran (BEGIN refused) fails `begin`; later ones are `end`'s to report
    settled.catch((error: unknown) => {
      if (!entered) reject(error);
    });
  });
}
