import type { MessagePort } from 'node:worker_threads';
import {
  deserializeError,
  type PgliteRequest,
  type PgliteResponse,
  type SerializedError,
} from './pglite-protocol.ts';

/** What drizzle's PGlite driver calls on its client, and so what this stand-in provides. */
interface QueryOptions {
  rowMode?: 'array' | 'object';
}

type Request = PgliteRequest extends infer R ? (R extends PgliteRequest ? Omit<R, 'id'> : never) : never;

/**
 * A PGlite client in another thread than the database (pglite-thread.ts): drizzle's PGlite driver takes it as
 * its client, so every query and transaction goes through the same drizzle code as with a PGlite in this
 * thread. Parsers are not sent (functions cannot cross threads): the database thread applies the ones drizzle
 * always asks for.
 */
export class RemotePglite {
  private next = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (response: PgliteResponse) => {
      const waiting = this.pending.get(response.id);
      if (waiting === undefined) return;
      this.pending.delete(response.id);
      if (response.ok) waiting.resolve(response.value);
      else waiting.reject(deserializeError(response.error as SerializedError));
    });
    port.on('close', () => this.fail(new Error('the embedded database thread is gone')));
  }

  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<unknown> {
    return this.call({ op: 'query', sql, params: params ?? [], rowMode: options?.rowMode ?? 'object' });
  }

  /**
   * Runs `callback` in one transaction of the database thread: committed when it resolves, rolled back when it
   * throws (and the error rethrown here).
   */
  async transaction<T>(callback: (tx: { query: RemotePglite['query'] }) => Promise<T>): Promise<T> {
    const tx = (await this.call({ op: 'begin' })) as number;
    const client = {
      query: (sql: string, params?: unknown[], options?: QueryOptions) =>
        this.call({ op: 'query', tx, sql, params: params ?? [], rowMode: options?.rowMode ?? 'object' }),
    };
    let result: T;
    try {
      result = await callback(client);
    } catch (error) {
      await this.call({ op: 'end', tx, commit: false }).catch(() => {});
      throw error;
    }
    await this.call({ op: 'end', tx, commit: true });
    return result;
  }

  /** Stops using the port; the database thread itself is closed by its owner. */
  close(): void {
    this.closed = true;
    this.port.close();
    this.fail(new Error('the embedded database connection is closed'));
  }

  private call(request: Request): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the embedded database connection is closed'));
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ ...request, id });
    });
  }

  private fail(error: Error): void {
    this.closed = true;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
