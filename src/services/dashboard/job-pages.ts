import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { jobs, messages } from '../../db/schema.ts';
import type { StageName } from '../../pipeline/stage-names.ts';

/** Every stage a job runs, in the order work flows through them (the list's stage filter). */
export const JOB_STAGES: readonly StageName[] = [
  'decode',
  'validate',
  'route',
  'acknowledge',
  'encode',
  'deliver',
  'as2-mdn-wait',
  'notify',
];

/** The job statuses the console lists: stopped for a person (dead, failed), or still waiting (pending). */
export const LISTED_JOB_STATUSES = ['dead', 'failed', 'pending'] as const;
export type ListedJobStatus = (typeof LISTED_JOB_STATUSES)[number];

/** One job as the console's dead-letter list shows it. */
export interface JobRow {
  id: string;
  stage: string;
  status: string;
  attempts: number;
  /** The error the last attempt ended with (kind, code, message), as the job runner stored it. */
  lastError: { kind?: string; code?: string; message?: string } | null;
  runAfter: Date;
  updatedAt: Date;
  /** The message the job works on, when its entity is one (most stages run on a message). */
  messageId: string | null;
  messageChannel: string | null;
  partnerId: string | null;
}

export interface JobPageFilter {
  status: ListedJobStatus;
  stage?: string;
  /** The last job of the page before: the jobs listed after it. */
  after?: string;
  limit: number;
}

/**
 * Jobs of one status (and stage), the most recently changed first, a page at a time by keyset (updated_at,
 * id) — the same jobs `GET /v1/jobs` lists, paged for the console. Each is joined with its message when its
 * entity is one, so the list can link to it.
 */
export async function listJobPage(db: Database, filter: JobPageFilter): Promise<JobRow[]> {
  const where: SQL[] = [eq(jobs.status, filter.status)];
  if (filter.stage) where.push(eq(jobs.stage, filter.stage));
  if (filter.after)
    where.push(
      sql`(${jobs.updatedAt}, ${jobs.id}) < (select j.updated_at, j.id from jobs j where j.id = ${filter.after})`,
    );
  const rows = await db
    .select({
      id: jobs.id,
      stage: jobs.stage,
      status: jobs.status,
      attempts: jobs.attempts,
      lastError: jobs.lastError,
      runAfter: jobs.runAfter,
      updatedAt: jobs.updatedAt,
      messageId: messages.id,
      messageChannel: messages.channel,
      partnerId: messages.partnerId,
    })
    .from(jobs)
    .leftJoin(messages, eq(messages.id, jobs.entityId))
    .where(and(...where))
    .orderBy(desc(jobs.updatedAt), desc(jobs.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, lastError: (r.lastError as JobRow['lastError']) ?? null }));
}
