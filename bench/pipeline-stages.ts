/**
 * Where a one-order message's time goes, stage by stage, read from the outbox after a run (bench/pipeline.ts).
 * Each of a message's jobs (decode → validate → route → acknowledge → encode, entity id the message) has:
 * `created_at`, the start of the transaction that asked for it (now()); and, once done, `updated_at`, when it
 * was marked done (clock_timestamp(), just before its commit: src/pipeline/dispatch/job-runner.ts). A stage's
 * transaction starts when it asks for the next (the next job's created_at; for encode, its 855 document's
 * updated_at). So per stage: wait = its start − the previous stage's end (for decode, the receiving
 * transaction's start: the intake's commit, the relay, the queue, the claim), run = its end − its start.
 */
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../src/db/client.ts';

const STAGES = ['decode', 'validate', 'route', 'acknowledge', 'encode'] as const;

/** The p-th percentile of sorted `values`. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Wait and run p50/p90/p99 per stage of the messages whose decode job was asked for since `since` (DB time). */
export async function stageTimes(db: Database, since: number): Promise<string> {
  const rows = rowsOf<{ entity: string; stage: string; created: number; done: number | null }>(
    await db.execute(sql`
      select j.entity_id as entity, j.stage,
        extract(epoch from j.created_at) * 1000 as created,
        case when j.status = 'done' then extract(epoch from j.updated_at) * 1000 end as done
      from jobs j
      where j.entity_id in (select entity_id from jobs
        where stage = 'decode' and created_at >= to_timestamp(${since / 1000}))`),
  );
  const encodeStarts = rowsOf<{ entity: string; at: number }>(
    await db.execute(sql`
      select source_message_id as entity, extract(epoch from updated_at) * 1000 as at
      from outbound_documents where type = '855' and status <> 'requested' and source_message_id in
        (select entity_id from jobs where stage = 'decode' and created_at >= to_timestamp(${since / 1000}))`),
  );
  const byMessage = new Map<string, Map<string, { created: number; done: number | null }>>();
  for (const r of rows) {
    const jobs = byMessage.get(r.entity) ?? new Map();
    jobs.set(r.stage, { created: Number(r.created), done: r.done === null ? null : Number(r.done) });
    byMessage.set(r.entity, jobs);
  }
  const encodeStart = new Map(encodeStarts.map((r) => [r.entity, Number(r.at)]));
  const waits = new Map<string, number[]>(STAGES.map((s) => [s, []]));
  const runs = new Map<string, number[]>(STAGES.map((s) => [s, []]));
  let complete = 0;
  for (const [entity, jobs] of byMessage) {
    const chain = STAGES.map((s) => jobs.get(s));
    if (chain.some((j) => j?.done === null || j?.done === undefined)) continue;
    complete++;
    let previousEnd = chain[0]!.created;
    for (const [i, stage] of STAGES.entries()) {
      const start = i + 1 < STAGES.length ? chain[i + 1]!.created : encodeStart.get(entity);
      if (start === undefined) break;
      const end = chain[i]!.done!;
      waits.get(stage)!.push(start - previousEnd);
      runs.get(stage)!.push(end - start);
      previousEnd = end;
    }
  }
  const fmt = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    return [50, 90, 99]
      .map((p) => (sorted.length ? percentile(sorted, p).toFixed(0) : '-').padStart(6))
      .join('');
  };
  const lines = [
    `    per stage, ms over ${complete} messages  ${'wait p50   p90   p99'.padStart(20)}   ${'run p50   p90   p99'.padStart(19)}`,
    ...STAGES.map((s) => `    ${s.padEnd(36)}${fmt(waits.get(s)!)}   ${fmt(runs.get(s)!)}`),
  ];
  return lines.join('\n');
}
