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
