import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../db/client.ts';
import type { Logger } from '../../runtime/logger.ts';

export interface DueJob {
  id: string;
  stage: string;
}

export interface RelayOptions {
  db: Database;
  log: Logger;
  /** Hands due jobs to workers (BullMQ queues or the in-process pool). */
  dispatch(batch: DueJob[]): Promise<void>;
  /** How often to look for due jobs without a notification (retries coming due, other processes' jobs). */
  pollMs: number;
  /** A job dispatched this long ago and still pending is dispatched again (its queue entry may be lost). */
  redispatchAfterMs: number;
  batchSize?: number;
}

/**
 * The outbox relay: moves committed, due, unleased jobs from the `jobs` table to the workers. It runs in every
 * process; marking and selecting happen in one statement (SKIP LOCKED), and the queue deduplicates by job id,
 * so several relays never run a job twice. Because the table is the source of truth, a Redis that lost
 * everything, or a process that died holding jobs, only delays work until the next sweep.
 */
export class Relay {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: RelayOptions) {}

  start(): void {
    this.stopped = false;
    this.notify();
    this.timer = setInterval(() => this.notify(), this.options.pollMs);
    this.timer.unref();
  }

  /** Asks for a sweep soon; calls while one is running coalesce into one more. */
  notify(): void {
    if (this.stopped) return;
    if (this.sweeping) {
      this.again = true;
      return;
    }
    this.sweeping = this.sweepUntilIdle().finally(() => {
      this.sweeping = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.notify();
      }
    });
  }

  private async sweepUntilIdle(): Promise<void> {
    try {
      const limit = this.options.batchSize ?? 500;
      while (!this.stopped && (await this.sweep()) === limit) {}
    } catch (error) {
      this.options.log.warn({ err: error }, 'outbox relay sweep failed; will retry');
    }
  }

  /** Dispatches one batch of due jobs; returns how many. */
  async sweep(): Promise<number> {
    const { db, redispatchAfterMs } = this.options;
    const limit = this.options.batchSize ?? 500;
    const due = await db.execute(sql`
      update jobs set dispatched_at = now()
      where id in (
        select id from jobs
        where status = 'pending' and run_after <= now()
          and (locked_until is null or locked_until <= now())
          and (dispatched_at is null or dispatched_at <= now() - ${`${redispatchAfterMs} milliseconds`}::interval)
        order by run_after
        limit ${limit}
        for update skip locked)
      returning id, stage`);
    const rows = rowsOf<DueJob>(due);
    if (rows.length > 0) await this.options.dispatch(rows.map((r) => ({ id: r.id, stage: r.stage })));
    return rows.length;
  }

  /**
   * Forgets when pending jobs were dispatched, so the next sweep dispatches them all again at once instead of
   * after `redispatchAfterMs`: for when the queue may have lost its entries (Redis came back, possibly empty).
   * Harmless when it did not: the queue deduplicates by job id, and a running job keeps its lease.
   */
  async redispatchAll(): Promise<void> {
    if (this.stopped) return;
    await this.options.db.execute(
      sql`update jobs set dispatched_at = null where status = 'pending' and dispatched_at is not null`,
    );
    this.notify();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }
}
