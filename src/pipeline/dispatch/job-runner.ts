import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import { classifyError } from '../../db/classify-error.ts';
import type { Database } from '../../db/client.ts';
import { raiseException } from '../../db/exceptions.ts';
import { withoutNul } from '../../db/json-safe.ts';
import { jobs } from '../../db/schema.ts';
import type { Logger } from '../../runtime/logger.ts';
import { enqueueJob } from './outbox.ts';
import type { DueJob } from './relay.ts';
import {
  isExternalStage,
  type JobRecord,
  type Stage,
  type StageContext,
  type StageRegistry,
} from './stage.ts';

export type JobOutcome = 'done' | 'skipped' | 'retry' | 'failed' | 'dead';

export interface JobRunnerOptions {
  db: Database;
  stages: StageRegistry;
  /** Identifies this worker in the lease, so a worker that lost its lease cannot mark the job done. */
  workerId: string;
  leaseMs: number;
  log: Logger;
  /**
   * Called after a job's transaction commits (it is done), with the follow-up jobs its stage asked for that are
   * due now, so the caller can run them at once or have the relay dispatch them.
   */
  onCommitted?: (followUps: DueJob[]) => void;
  onFinished?: (stage: string, outcome: JobOutcome, seconds: number) => void;
}

const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at five minutes. */
export function backoffMs(attempts: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

class LeaseLostError extends Error {}

/**
 * A stage's view of its transaction: follow-up jobs only to the stages it declares as its next; those due now
 * are added to `followUps` (read once the transaction has committed).
 */
function stageContext(tx: Database, job: JobRecord, stage: Stage, followUps: DueJob[]): StageContext {
  return {
    tx,
    job,
    async enqueue(next, entityId, options) {
      // a bug in the stage, the same on every attempt: failed at once, not retried
      if (!stage.next.includes(next))
        throw permanent(
          'gateway.internal',
          `stage "${stage.name}" asked for "${next}", not among its next stages`,
        );
      const id = await enqueueJob(tx, next, entityId, options);
      if (options?.runAfter === undefined || options.runAfter.getTime() <= Date.now())
        followUps.push({ id, stage: next });
    },
  };
}

/**
 * Runs one job to completion, the one place both dispatchers (BullMQ and in-process) execute work:
 * 1. claim: take the lease and count the attempt (committed first, so a job that crashes its worker every time
 *    still reaches its attempt limit);
 * 2. run the stage and mark the job done in one transaction, while a heartbeat keeps the lease; an external
 *    stage (one that sends) plans in a transaction, acts with none open, and records with the job's completion;
 * 3. on failure classify by error kind (DESIGN §6): retryable → backoff, then dead letter; permanent and
 *    partner-rejectable → failed at once, with an exception row an operator sees.
 * A job that is done, leased by a live worker, or not yet due is skipped, so delivering a job twice is harmless.
 */
export async function runJob(options: JobRunnerOptions, jobId: string): Promise<JobOutcome> {
  const { db, stages, workerId, leaseMs, log } = options;
  const started = performance.now();
  const claimed = await db
    .update(jobs)
    .set({
      attempts: sql`${jobs.attempts} + 1`,
      lockedBy: workerId,
      lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(jobs.id, jobId),
        eq(jobs.status, 'pending'),
        lte(jobs.runAfter, sql`now()`),
        or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, sql`now()`)),
      ),
    )
    .returning({ id: jobs.id, stage: jobs.stage, entityId: jobs.entityId, attempts: jobs.attempts });
  const job: JobRecord | undefined = claimed[0];
  if (!job) return 'skipped';

  const stage = stages.get(job.stage);
  const heartbeat = setInterval(
    () => {
      db.update(jobs)
        .set({ lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId)))
        .catch((error: unknown) => log.warn({ err: error, jobId: job.id }, 'lease heartbeat failed'));
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );

  let outcome: JobOutcome;
  // what the stage asked for; a failed attempt rolled its transaction back, so only a done job's count
  const followUps: DueJob[] = [];
  try {
    if (!stage) throw new Error(`no stage "${job.stage}" is registered in this worker`);
    const finish = async (tx: Database) => {
      const done = await tx
        .update(jobs)
        // clock_timestamp(), not now() (the transaction's start): when the job was done, so the jobs table shows
        // each stage's run time beside its wait (bench/pipeline-stages.ts)
        .set({
          status: 'done',
          lockedBy: null,
          lockedUntil: null,
          lastError: null,
          updatedAt: sql`clock_timestamp()`,
        })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId)))
        .returning({ id: jobs.id });
      if (done.length === 0)
        throw new LeaseLostError(`lease on job ${job.id} was lost; another worker owns it`);
    };
    if (isExternalStage(stage)) {
      // plan, act with no transaction open (the lease, renewed by the heartbeat, keeps other workers off),
      // then record with the job's completion
      // nothing to do: the job is done in the planning transaction itself
      const plan = await db.transaction(async (tx) => {
        const planned = await stage.plan({ tx, job });
        if (planned === undefined) await finish(tx);
        return planned;
      });
      if (plan !== undefined) {
        const result = await stage.act(plan, job);
        await db.transaction(async (tx) => {
          await stage.record(stageContext(tx, job, stage, followUps), plan, result);
          await finish(tx);
        });
      }
    } else {
      await db.transaction(async (tx) => {
        await stage.run(stageContext(tx, job, stage, followUps));
        await finish(tx);
      });
    }
    outcome = 'done';
  } catch (error) {
    if (error instanceof LeaseLostError) {
      log.warn({ jobId: job.id }, error.message);
      outcome = 'skipped';
    } else {
      outcome = await recordFailure(options, job, stage?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, error);
    }
  } finally {
    clearInterval(heartbeat);
  }
  options.onFinished?.(job.stage, outcome, (performance.now() - started) / 1000);
  if (outcome === 'done') options.onCommitted?.(followUps);
  return outcome;
}

async function recordFailure(
  options: JobRunnerOptions,
  job: JobRecord,
  maxAttempts: number,
  error: unknown,
): Promise<JobOutcome> {
  const { db, workerId, log } = options;
  // classified, capped and free of SQL and parameter values; an error message may quote a partner's bytes,
  // and PostgreSQL refuses NUL in jsonb and text
  const shape = withoutNul(classifyError(error));
  const lastError = { ...shape, attempt: job.attempts, at: new Date().toISOString() };
  const owned = and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId));

  if (shape.kind === 'retryable' && job.attempts < maxAttempts) {
    const delay = backoffMs(job.attempts);
    log.warn(
      { jobId: job.id, stage: job.stage, attempt: job.attempts, delayMs: delay, error: shape },
      'job failed, will retry',
    );
    await db
      .update(jobs)
      .set({
        lockedBy: null,
        lockedUntil: null,
        lastError,
        runAfter: sql`now() + ${`${delay} milliseconds`}::interval`,
        dispatchedAt: null,
        updatedAt: sql`now()`,
      })
      .where(owned);
    return 'retry';
  }

  // Retries exhausted (dead letter) or an error retrying cannot fix (failed): hold it for an operator.
  const status = shape.kind === 'retryable' ? 'dead' : 'failed';
  log.error({ jobId: job.id, stage: job.stage, attempt: job.attempts, error: shape }, `job ${status}`);
  await db.transaction(async (tx) => {
    await tx
      .update(jobs)
      .set({ status, lockedBy: null, lockedUntil: null, lastError, updatedAt: sql`now()` })
      .where(owned);
    await raiseException(tx, [
      {
        code: shape.code,
        kind: shape.kind,
        message: shape.message,
        details: { jobId: job.id, stage: job.stage, entityId: job.entityId, attempts: job.attempts, status },
      },
    ]);
  });
  return status;
}
