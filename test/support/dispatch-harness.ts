import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../src/db/client.ts';
import { BullmqDispatcher } from '../../src/pipeline/dispatch/bullmq-dispatcher.ts';
import type { Dispatcher } from '../../src/pipeline/dispatch/dispatcher.ts';
import { InProcessDispatcher } from '../../src/pipeline/dispatch/in-process-dispatcher.ts';
import { type Stage, stageRegistry, type TransactionalStage } from '../../src/pipeline/dispatch/stage.ts';
import { createLogger } from '../../src/runtime/logger.ts';

export type DispatchMode = { kind: 'in-process' } | { kind: 'bullmq'; redisUrl: string; prefix: string };

/** A table the test stages write to, so a test can see exactly which runs committed. */
export async function createEffectsTable(db: Database): Promise<void> {
  await db.execute(
    sql`create table if not exists test_effects (job_id text not null, entity_id text not null, attempt int not null)`,
  );
}

export async function effects(
  db: Database,
): Promise<{ job_id: string; entity_id: string; attempt: number }[]> {
  return rowsOf(
    await db.execute(sql`select job_id, entity_id, attempt from test_effects order by job_id, attempt`),
  );
}

/**
 * A stage that records its run in test_effects (inside the job's transaction) and then calls `then`; `next`
 * names the stages `then` may enqueue.
 */
export function recordingStage(
  name: string,
  then?: TransactionalStage['run'],
  options: { maxAttempts?: number; next?: string[] } = {},
): TransactionalStage {
  return {
    name,
    input: 'a test entity',
    next: options.next ?? [],
    maxAttempts: options.maxAttempts,
    async run(ctx) {
      await ctx.tx.execute(
        sql`insert into test_effects (job_id, entity_id, attempt) values (${ctx.job.id}, ${ctx.job.entityId}, ${ctx.job.attempts})`,
      );
      await then?.(ctx);
    },
  };
}

export function createDispatcher(
  mode: DispatchMode,
  db: Database,
  stages: Stage[],
  options: { leaseMs?: number } = {},
): Dispatcher {
  const common = {
    db,
    stages: stageRegistry(stages),
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    workerId: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    concurrency: 4,
    leaseMs: options.leaseMs ?? 2000,
    pollMs: 200,
  };
  return mode.kind === 'bullmq'
    ? new BullmqDispatcher({ ...common, redisUrl: mode.redisUrl, prefix: mode.prefix })
    : new InProcessDispatcher(common);
}
