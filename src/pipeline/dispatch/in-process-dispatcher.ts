import { eq, sql } from 'drizzle-orm';
import { jobs } from '../../db/schema.ts';
import type { Dispatcher, DispatcherOptions } from './dispatcher.ts';
import { runJobChain } from './job-chain.ts';
import { type DueJob, Relay } from './relay.ts';

/**
 * The embedded default: jobs run in this process with bounded concurrency. The data directory lock guarantees
 * this is the only process, so every lease found at start belongs to a process that died: they are cleared
 * and that work resumes at once.
 */
export class InProcessDispatcher implements Dispatcher {
  readonly kind = 'in-process' as const;
  private readonly relay: Relay;
  private readonly waiting: DueJob[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private workers = false;
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: DispatcherOptions) {
    this.relay = new Relay({
      db: options.db,
      log: options.log,
      pollMs: options.pollMs ?? 1000,
      redispatchAfterMs: Math.max(options.leaseMs, 5000),
      dispatch: async (batch) => this.accept(batch),
    });
  }

  async start({ workers }: { workers: boolean }): Promise<void> {
    this.workers = workers;
    if (!workers) return;
    await this.options.db
      .update(jobs)
      .set({ lockedBy: null, lockedUntil: null, dispatchedAt: null, updatedAt: sql`now()` })
      .where(eq(jobs.status, 'pending'));
    this.relay.start();
  }

  notify(): void {
    if (this.workers) this.relay.notify();
  }

  async ping(): Promise<void> {}

  private accept(batch: DueJob[]): void {
    for (const job of batch) {
      if (this.queued.has(job.id)) continue;
      this.queued.add(job.id);
      this.waiting.push(job);
    }
    this.pump();
  }

  private pump(): void {
    while (this.workers && this.running < this.options.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      runJobChain(this.options, job.id, () => this.relay.notify())
        .catch((error: unknown) => this.options.log.error({ err: error, jobId: job.id }, 'job runner failed'))
        .finally(() => {
          this.running--;
          this.queued.delete(job.id);
          this.pump();
        });
    }
    if (this.running === 0 && this.waiting.length === 0) for (const resolve of this.idle) resolve();
  }

  async close(): Promise<void> {
    await this.relay.stop();
    this.waiting.length = 0;
    if (this.running > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
    this.workers = false;
  }
}
