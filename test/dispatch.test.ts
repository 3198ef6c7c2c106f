import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { permanent, retryable } from '../src/core/errors.ts';
import { openDatabase } from '../src/db/client.ts';
import { exceptions, jobs } from '../src/db/schema.ts';
import type { Dispatcher } from '../src/pipeline/dispatch/dispatcher.ts';
import { enqueueJob } from '../src/pipeline/dispatch/outbox.ts';
import {
  createDispatcher,
  createEffectsTable,
  type DispatchMode,
  effects,
  recordingStage,
} from './support/dispatch-harness.ts';
import {
  databaseKinds,
  eventually,
  freshQueuePrefix,
  haveServers,
  REDIS_URL,
  type TestDatabase,
} from './support/services.ts';

interface Setup {
  name: string;
  database: ReturnType<typeof databaseKinds>[number];
  mode: () => DispatchMode;
}

// One suite, both dispatchers: in-process on PGlite always; BullMQ on PostgreSQL + Redis when both are set.
const setups: Setup[] = [
  { name: 'in-process on pglite', database: databaseKinds()[0]!, mode: () => ({ kind: 'in-process' }) },
];
const postgresKind = databaseKinds().find((k) => k.name === 'postgres');
if (postgresKind && haveServers()) {
  const redisUrl = REDIS_URL!; // set: haveServers()
  setups.push({
    name: 'bullmq on postgres',
    database: postgresKind,
    mode: () => ({ kind: 'bullmq', redisUrl, prefix: freshQueuePrefix() }),
  });
}

const jobStatus = async (t: TestDatabase, id: string) =>
  (await t.handle.db.select().from(jobs).where(eq(jobs.id, id)))[0];

describe.each(setups)('dispatch: $name', (setup) => {
  let t: TestDatabase;
  let dispatcher: Dispatcher | undefined;
  afterEach(async () => {
    await dispatcher?.close();
    dispatcher = undefined;
    await t?.dispose();
  });

  const start = async (stages: Parameters<typeof createDispatcher>[2], mode = setup.mode()) => {
    dispatcher = createDispatcher(mode, t.handle.db, stages);
    await dispatcher.start({ workers: true });
    return dispatcher;
  };

  it('runs a committed job exactly once, and the job it enqueues after it', async () => {
    t = await setup.database.create();
    await createEffectsTable(t.handle.db);
    const d = await start([
      recordingStage('first', async (ctx) => ctx.enqueue('second', ctx.job.entityId), { next: ['second'] }),
      recordingStage('second'),
    ]);
    await enqueueJob(t.handle.db, 'first', 'e1');
    await enqueueJob(t.handle.db, 'first', 'e1'); // asked twice: still one job
    d.notify();
    await eventually(async () => ((await jobStatus(t, 'second.e1'))?.status === 'done' ? true : undefined));
    expect(await effects(t.handle.db)).toEqual([
      { job_id: 'first.e1', entity_id: 'e1', attempt: 1 },
      { job_id: 'second.e1', entity_id: 'e1', attempt: 1 },
    ]);
  });

  it('fails a stage that asks for a stage it did not declare as its next, at once, and commits nothing of it', async () => {
    t = await setup.database.create();
    await createEffectsTable(t.handle.db);
    const d = await start([
      recordingStage('loose', async (ctx) => ctx.enqueue('second', ctx.job.entityId)),
      recordingStage('second'),
    ]);
    await enqueueJob(t.handle.db, 'loose', 'l1');
    d.notify();
    const failed = await eventually(async () => {
      const job = await jobStatus(t, 'loose.l1');
      return job?.status === 'failed' ? job : undefined;
    });
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatchObject({ kind: 'permanent', code: 'gateway.internal' });
    expect(JSON.stringify(failed.lastError)).toContain('not among its next stages');
    expect(await jobStatus(t, 'second.l1')).toBeUndefined();
    expect(await effects(t.handle.db)).toEqual([]);
  });

  it('never runs a job enqueued in a transaction that rolled back', async () => {
    t = await setup.database.create();
    await createEffectsTable(t.handle.db);
    const d = await start([recordingStage('work')]);
    await t.handle.db
      .transaction(async (tx) => {
        await enqueueJob(tx, 'work', 'rolled-back');
        throw new Error('roll back');
      })
      .catch(() => {});
    await enqueueJob(t.handle.db, 'work', 'committed');
    d.notify();
    await eventually(async () =>
      (await jobStatus(t, 'work.committed'))?.status === 'done' ? true : undefined,
    );
    // A job runs only by claiming its row (runJob), so the outbox is the whole story: no row, no run, ever;
    // nothing to wait for.
    expect(
      (await t.handle.db.select({ id: jobs.id, status: jobs.status }).from(jobs)).map(
        (j) => `${j.id} ${j.status}`,
      ),
    ).toEqual(['work.committed done']);
    expect((await effects(t.handle.db)).map((e) => e.entity_id)).toEqual(['committed']);
  });

  it('retries a retryable failure with backoff, and fails a permanent one at once with an exception', async () => {
    t = await setup.database.create();
    await createEffectsTable(t.handle.db);
    const d = await start([
      recordingStage('flaky', async (ctx) => {
        if (ctx.job.attempts === 1) throw retryable('database.unavailable', 'try again');
      }),
      recordingStage('broken', async () => {
        throw permanent('mapping.invalid', 'the mapping cannot handle this');
      }),
    ]);
    await enqueueJob(t.handle.db, 'flaky', 'f1');
    await enqueueJob(t.handle.db, 'broken', 'b1');
    d.notify();
    const flaky = await eventually(async () => {
      const job = await jobStatus(t, 'flaky.f1');
      return job?.status === 'done' ? job : undefined;
    });
    expect(flaky.attempts).toBe(2);
    const broken = await eventually(async () => {
      const job = await jobStatus(t, 'broken.b1');
      return job?.status === 'failed' ? job : undefined;
    });
    expect(broken.attempts).toBe(1);
    expect(broken.lastError).toMatchObject({ kind: 'permanent', code: 'mapping.invalid' });
    const held = await t.handle.db.select().from(exceptions);
    expect(held).toEqual([
      expect.objectContaining({ code: 'mapping.invalid', kind: 'permanent', status: 'open' }),
    ]);
    // The first attempt's effect rolled back with its failure; only the successful run's remains.
    expect((await effects(t.handle.db)).filter((e) => e.entity_id === 'f1')).toEqual([
      { job_id: 'flaky.f1', entity_id: 'f1', attempt: 2 },
    ]);
  });

  it('runs a job again after the process running it was killed', async () => {
    t = await setup.database.create();
    await createEffectsTable(t.handle.db);
    await enqueueJob(t.handle.db, 'crash', 'c1');
    const mode = setup.mode();
    // The embedded database admits one process at a time: hand it over to the worker that will die.
    if ('dataDir' in t.target) await t.handle.close();

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/crash-worker.ts', JSON.stringify({ target: t.target, mode })],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect(signal).toBe('SIGKILL');

    if ('dataDir' in t.target) t.handle = await openDatabase(t.target); // takes over the dead process's lock
    const orphan = await jobStatus(t, 'crash.c1');
    expect(orphan).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await effects(t.handle.db)).toEqual([]); // the killed run's writes rolled back

    const d = await start([recordingStage('crash')], mode);
    d.notify();
    const done = await eventually(
      async () => {
        const job = await jobStatus(t, 'crash.c1');
        return job?.status === 'done' ? job : undefined;
      },
      45_000,
      'the orphaned job to be run again',
    );
    expect(done.attempts).toBe(2);
    expect(await effects(t.handle.db)).toEqual([{ job_id: 'crash.c1', entity_id: 'c1', attempt: 2 }]);
  }, 60_000);
});
