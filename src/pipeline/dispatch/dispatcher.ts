import type { Database } from '../../db/client.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { JobOutcome } from './job-runner.ts';
import type { StageRegistry } from './stage.ts';

/**
 * Hands committed jobs to workers. Two implementations share the outbox, the relay and `runJob`:
 * BullMQ on Redis (scale out over processes and machines) and an in-process pool (embedded default).
 */
export interface Dispatcher {
  kind: 'bullmq' | 'in-process';
  /** Call after a transaction that enqueued jobs has committed: dispatches them now instead of at the next poll. */
  notify(): void;
  /** Starts the relay, and the stage workers when `workers` is true. */
  start(options: { workers: boolean }): Promise<void>;
  /** Throws when the queue cannot take work (readiness). */
  ping(): Promise<void>;
  /** Stops taking jobs, lets running ones finish, closes connections. */
  close(): Promise<void>;
}

export interface DispatcherOptions {
  db: Database;
  stages: StageRegistry;
  log: Logger;
  workerId: string;
  concurrency: number;
  leaseMs: number;
  pollMs?: number;
  onFinished?: (stage: string, outcome: JobOutcome, seconds: number) => void;
}
