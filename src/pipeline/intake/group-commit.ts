import { classifyError } from '../../db/classify-error.ts';
import type { Database } from '../../db/client.ts';

/** How writes are gathered into shared transactions. */
export interface GroupCommitOptions<I> {
  /**
   * Transactions open at once. While they are all in flight, new writes wait and go together in the next one:
   * the busier the door, the larger the groups, and an idle door waits for nothing.
   */
  maxInFlight: number;
  /** The most writes in one transaction. */
  maxItems: number;
  /** The most bytes (by `bytesOf`) in one transaction; a larger write goes alone. */
  maxBytes: number;
  bytesOf(item: I): number;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit: each call of the returned function resolves once its item is committed, yet concurrent calls
 * share one transaction (`write` gets them all and answers one result per item, in order), so a door
 * receiving thousands of small messages a second pays one commit for many. When a shared transaction fails,
 * each of its items is tried again in a transaction of its own, so one bad item (a constraint it breaks) fails
 * alone; not when the database could not be reached, since the commit may then have happened after all, and
 * writing again could store twice what the caller is told failed.
 */
export function groupCommit<I, O>(
  db: Database,
  write: (tx: Database, items: readonly I[]) => Promise<readonly O[]>,
  options: GroupCommitOptions<I>,
): (item: I) => Promise<O> {
  const pending: Waiting<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const commit = async (group: readonly Waiting<I, O>[]): Promise<void> => {
    let results: readonly O[];
    try {
      results = await db.transaction((tx) =>
        write(
          tx,
          group.map((w) => w.item),
        ),
      );
    } catch (error) {
      if (group.length === 1 || classifyError(error).code === 'database.unavailable') {
        for (const w of group) w.reject(error);
      } else {
        await Promise.all(group.map((w) => commit([w])));
      }
      return;
    }
    for (const [i, w] of group.entries()) w.resolve(results[i]!);
  };

  /** The next group: the oldest writes, up to the limits, at least one. */
  const take = (): Waiting<I, O>[] => {
    let bytes = options.bytesOf(pending[0]!.item);
    let n = 1;
    while (n < pending.length && n < options.maxItems) {
      bytes += options.bytesOf(pending[n]!.item);
      if (bytes > options.maxBytes) break;
      n++;
    }
    return pending.splice(0, n);
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight && pending.length > 0) {
      inFlight++;
      void commit(take()).finally(() => {
        inFlight--;
        schedule();
      });
    }
  };

  // after the current I/O callbacks, so the requests parsed together are committed together
  const schedule = () => {
    if (scheduled || inFlight >= options.maxInFlight || pending.length === 0) return;
    scheduled = true;
    setImmediate(flush);
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      schedule();
    });
}
