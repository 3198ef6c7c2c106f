import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { exceptions, jobs } from '../db/schema.ts';

export type StoppedStatus = 'dead' | 'failed';
const STOPPED: StoppedStatus[] = ['dead', 'failed'];

export interface JobView {
  id: string;
  stage: string;
  entityId: string;
  status: string;
  attempts: number;
  lastError: unknown;
  updatedAt: string;
}

/** Jobs by status (dead letters by default), newest first, for operators. */
export async function listJobs(
  db: Database,
  filter: { status?: string; stage?: string; limit?: number },
): Promise<JobView[]> {
  const where: SQL[] = [eq(jobs.status, (filter.status ?? 'dead') as 'dead')];
  if (filter.stage) where.push(eq(jobs.stage, filter.stage));
  const rows = await db
    .select()
    .from(jobs)
    .where(and(...where))
    .orderBy(desc(jobs.updatedAt))
    .limit(filter.limit ?? 100);
  return rows.map((r) => ({
    id: r.id,
    stage: r.stage,
    entityId: r.entityId,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/**
 * Which stopped jobs to retry: the named ones (dead or failed), or every job of one status (of one stage).
 * A bulk retry always names its status: failed jobs failed for a reason that retrying rarely cures, so
 * retrying them is a choice of its own, never what an unfiltered retry falls back to.
 */
export type RetrySelection = { ids: string[] } | { status: StoppedStatus; stage?: string };

/**
 * Puts dead-lettered or failed jobs back in line with a fresh attempt count, resolves the exceptions they
 * raised, and audits who did it; returns the ids retried. The caller then wakes the dispatcher. A job that is
 * not dead or failed (already retried, or done) is left alone, so retrying twice is harmless.
 */
export async function retryJobs(db: Database, select: RetrySelection, actor: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const where: SQL[] =
      'ids' in select
        ? [inArray(jobs.status, STOPPED), inArray(jobs.id, select.ids)]
        : [eq(jobs.status, select.status)];
    if ('stage' in select && select.stage) where.push(eq(jobs.stage, select.stage));
    const retried = await tx
      .update(jobs)
      .set({
        status: 'pending',
        attempts: 0,
        runAfter: sql`now()`,
        dispatchedAt: null,
        lockedBy: null,
        lockedUntil: null,
        updatedAt: sql`now()`,
      })
      .where(and(...where))
      .returning({ id: jobs.id });
    const ids = retried.map((r) => r.id);
    if (ids.length === 0) return ids;
    await tx
      .update(exceptions)
      .set({ status: 'resolved', resolvedAt: sql`now()` })
      .where(and(eq(exceptions.status, 'open'), inArray(sql`${exceptions.details}->>'jobId'`, ids)));
    await audit(
      tx,
      ids.map((id) => ({
        actor,
        entityType: 'job',
        entityId: id,
        action: 'retry',
        after: { status: 'pending' },
      })),
    );
    return ids;
  });
}
