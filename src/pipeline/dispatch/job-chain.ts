import { type JobOutcome, type JobRunnerOptions, runJob } from './job-runner.ts';

/**
 * Runs a job, then, in the same worker slot, the one follow-up it asked for when it asked for exactly one, due
 * now, of a stage this worker runs (decode → validate → route → acknowledge → encode for one message), and so
 * on down the line. Each link is still its own job, claimed, run and marked done in its own transaction by
 * `runJob`, so retries, leases and crash recovery are unchanged: a crash mid-chain leaves the next job pending
 * in the outbox, where any relay finds it. What is saved is the hand-off through the relay and the queue per
 * stage (a sweep of the outbox, the queue's round trips, a worker's poll). A job that fans out (several
 * follow-ups, say a decode that splits an interchange into chunks) ends the chain and leaves them to the relay,
 * so other slots and workers share them. `dispatchRest` runs once at the end when anything committed: it wakes
 * the relay for what the chain did not run (fanned-out jobs, jobs a stage's helpers enqueued directly). A
 * relay that dispatches a chained job meanwhile is harmless: whoever claims it first runs it, the other skips.
 */
export async function runJobChain(
  options: Omit<JobRunnerOptions, 'onCommitted'>,
  jobId: string,
  dispatchRest: () => void,
): Promise<JobOutcome> {
  const chained: string[] = [];
  let committed = false;
  const run = (id: string) =>
    runJob(
      {
        ...options,
        onCommitted: (followUps) => {
          committed = true;
          const only = followUps.length === 1 ? followUps[0] : undefined;
          if (only && options.stages.has(only.stage)) chained.push(only.id);
        },
      },
      id,
    );
  try {
    const first = await run(jobId);
    for (let id = chained.shift(); id !== undefined; id = chained.shift()) await run(id);
    return first;
  } finally {
    if (committed) dispatchRest();
  }
}
