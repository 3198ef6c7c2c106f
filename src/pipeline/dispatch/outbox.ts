import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { jobs } from '../../db/schema.ts';

/**
 * A job's id is derived from what it does, so asking twice for the same stage on the same entity collapses
 * into one job. It never contains ':' (BullMQ refuses custom ids with one).
 */
export function jobIdFor(stage: string, entityId: string): string {
  if (entityId.includes(':')) throw new Error(`entity id "${entityId}" must not contain ':'`);
  return `${stage}.${entityId}`;
}

/**
 * Records the intent to run `stage` on `entityId` inside the caller's transaction. If that transaction rolls
 * back, the job never existed; once it commits, a relay hands the job to a worker, even after a crash.
 */
export async function enqueueJob(
  tx: Database,
  stage: string,
  entityId: string,
  options: { runAfter?: Date; again?: boolean } = {},
): Promise<string> {
  const id = jobIdFor(stage, entityId);
  const runAfter = options.runAfter ?? new Date();
  const insert = tx.insert(jobs).values({ id, stage, entityId, runAfter });
  // `again`: the job ran, and an operator's decision changed what it works on (a held mail assigned to a
  // partner): it is put back in line with a fresh attempt count rather than left done
  await (options.again
    ? insert.onConflictDoUpdate({
        target: jobs.id,
        set: {
          status: 'pending',
          attempts: 0,
          runAfter,
          dispatchedAt: null,
          lockedBy: null,
          lockedUntil: null,
          updatedAt: sql`now()`,
        },
      })
    : insert.onConflictDoNothing({ target: jobs.id }));
  return id;
}

/** Jobs per statement: 4 parameters a row, far below PostgreSQL's 65,535. */
const JOBS_PER_STATEMENT = 1_000;

/**
 * {@link enqueueJob} of one stage for many entities (a group commit of received messages), a statement per
 * {@link JOBS_PER_STATEMENT}; a job already asked for collapses as it does there.
 */
export async function enqueueJobs(tx: Database, stage: string, entityIds: readonly string[]): Promise<void> {
  const runAfter = new Date();
  const rows = entityIds.map((entityId) => ({ id: jobIdFor(stage, entityId), stage, entityId, runAfter }));
  for (let i = 0; i < rows.length; i += JOBS_PER_STATEMENT) {
    await tx
      .insert(jobs)
      .values(rows.slice(i, i + JOBS_PER_STATEMENT))
      .onConflictDoNothing({ target: jobs.id });
  }
}
