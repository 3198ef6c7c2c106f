import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { literalHostProblem } from '../../connectors/delivery-address.ts';
import type { DeliveryContext } from '../core/connector.ts';
import { permanent } from '../core/errors.ts';
import { type EventEnvelope, type EventType, eventEnvelope } from '../core/events.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { events, jobs, webhookEndpoints } from '../db/schema.ts';
import { parseNotifyEntityId } from '../pipeline/events/publish.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import { retryJobs } from './dead-letters.ts';

/** A webhook endpoint as the API shows it: never its secret. */
export interface WebhookView {
  id: string;
  url: string;
  /** The event types posted to it; empty: every type. */
  types: EventType[];
  enabled: boolean;
  createdAt: string;
}

const view = (row: typeof webhookEndpoints.$inferSelect): WebhookView => ({
  id: row.id,
  url: row.url,
  types: row.types as EventType[],
  enabled: row.enabled,
  createdAt: row.createdAt.toISOString(),
});

/**
 * Adds an endpoint events are posted to, with a new signing secret: 32 random bytes (64 hex digits), returned
 * this once and stored sealed (ORDERGATE_SECRETS_KEY). A URL whose host is literally a private address is
 * refused unless the process allows private delivery (a name is resolved and checked at every POST, as for the
 * http-post transport); a URL with credentials in it is refused: the signature is what authenticates us.
 */
export async function createWebhook(
  db: Database,
  deps: { secrets: SecretBox; delivery: DeliveryContext },
  input: { url: string; types?: readonly EventType[] },
  actor: string,
): Promise<{ webhook: WebhookView; secret: string }> {
  const url = new URL(input.url);
  const problems: { path: string; message: string }[] = [];
  if (url.username !== '' || url.password !== '')
    problems.push({ path: 'url', message: 'must not hold credentials: receivers check the signature' });
  const hostProblem = literalHostProblem(url.hostname, deps.delivery);
  if (hostProblem !== undefined) problems.push({ path: 'url', message: hostProblem });
  if (problems.length > 0)
    throw permanent('request.invalid', 'the webhook URL cannot be used', { details: problems });
  const secret = randomBytes(32).toString('hex');
  const types = [...new Set(input.types ?? [])].sort();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ id: randomUUID(), url: input.url, secret: deps.secrets.seal(secret), types })
      .returning();
    const webhook = view(row!);
    await audit(tx, {
      actor,
      entityType: 'webhook_endpoint',
      entityId: webhook.id,
      action: 'create',
      after: { url: webhook.url, types, enabled: true },
    });
    return { webhook, secret };
  });
}

/** Every endpoint, oldest first, disabled ones included. */
export async function listWebhooks(db: Database): Promise<WebhookView[]> {
  const rows = await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt));
  return rows.map(view);
}

/**
 * Disables an endpoint (DELETE): no event is posted to it any more, and its jobs still waiting finish without
 * posting. The row stays, so its dead letters still name it. Undefined when there is no such endpoint.
 */
export async function disableWebhook(
  db: Database,
  id: string,
  actor: string,
): Promise<WebhookView | undefined> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .for('update');
    if (before === undefined) return undefined;
    if (!before.enabled) return view(before);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ enabled: false, updatedAt: sql`now()` })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await audit(tx, {
      actor,
      entityType: 'webhook_endpoint',
      entityId: id,
      action: 'disable',
      before: { enabled: true },
      after: { enabled: false },
    });
    return view(row!);
  });
}

/**
 * Events after the cursor `after` (an event id; none: from the first), oldest first, at most `limit`, of one
 * type if asked. `next` is the cursor to ask with next time: the last id listed, or `after` when nothing is
 * new. Ids are taken when a transaction inserts, but transactions commit in another order: a page read while
 * one with a lower id is still open would move the cursor past an event that appears later. So the read
 * first takes the table in SHARE mode, which waits for every open transaction that inserted events (they hold
 * ROW EXCLUSIVE from before their ids were taken) and holds new inserts off for the moment of the read: what
 * it sees is every event up to its last id. Publishers pay nothing; a poll waits at most `lock_timeout`
 * (5 s, then a retryable database error: 503).
 */
export async function listEvents(
  db: Database,
  filter: { after?: string; limit: number; type?: EventType },
): Promise<{ events: EventEnvelope[]; next: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '5s'`);
    await tx.execute(sql`lock table events in share mode`);
    const where: SQL[] = [];
    if (filter.after !== undefined) where.push(sql`${events.id} > ${filter.after}::bigint`);
    if (filter.type !== undefined) where.push(eq(events.type, filter.type));
    const rows = await tx
      .select()
      .from(events)
      .where(and(...where))
      .orderBy(asc(events.id))
      .limit(filter.limit);
    const list = rows.map(eventEnvelope);
    return { events: list, next: list.at(-1)?.id ?? filter.after ?? '0' };
  });
}

/** A webhook's dead letter: a notify job that gave up (`dead`, retries used up) or was refused (`failed`). */
export interface WebhookDeadLetter {
  jobId: string;
  status: string;
  attempts: number;
  lastError: unknown;
  updatedAt: string;
  endpoint: { id: string; url: string; enabled: boolean } | null;
  event: EventEnvelope | null;
}

/** The notify jobs that stopped, newest first, with the endpoint and event each was to post. */
export async function listWebhookDeadLetters(
  db: Database,
  filter: { limit: number },
): Promise<WebhookDeadLetter[]> {
  const stopped = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.stage, 'notify'), inArray(jobs.status, ['dead', 'failed'])))
    .orderBy(desc(jobs.updatedAt), asc(jobs.id))
    .limit(filter.limit);
  const named = stopped.map((job) => ({ job, ids: parseNotifyEntityId(job.entityId) }));
  const endpointIds = [...new Set(named.flatMap(({ ids }) => (ids ? [ids.endpointId] : [])))];
  const eventIds = [...new Set(named.flatMap(({ ids }) => (ids ? [Number(ids.eventId)] : [])))];
  // both lists are bounded by `limit` (at most 1,000)
  const endpoints =
    endpointIds.length === 0
      ? []
      : await db.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds));
  const found =
    eventIds.length === 0 ? [] : await db.select().from(events).where(inArray(events.id, eventIds));
  const endpointById = new Map(endpoints.map((e) => [e.id, e]));
  const eventById = new Map(found.map((e) => [String(e.id), e]));
  return named.map(({ job, ids }) => {
    const endpoint = ids ? endpointById.get(ids.endpointId) : undefined;
    const event = ids ? eventById.get(ids.eventId) : undefined;
    return {
      jobId: job.id,
      status: job.status,
      attempts: job.attempts,
      lastError: job.lastError,
      updatedAt: job.updatedAt.toISOString(),
      endpoint: endpoint ? { id: endpoint.id, url: endpoint.url, enabled: endpoint.enabled } : null,
      event: event ? eventEnvelope(event) : null,
    };
  });
}

/**
 * Puts a webhook's dead letter back in line with a fresh attempt count: the operators' retry of any job
 * (`retryJobs`: resolves the exception it raised, audits who did it), for notify jobs only. False when the job
 * is no stopped notify job (already replayed, delivered, or another stage's); the caller wakes the dispatcher.
 */
export async function replayWebhookDeadLetter(db: Database, jobId: string, actor: string): Promise<boolean> {
  const [job] = await db
    .select({ stage: jobs.stage, status: jobs.status })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  if (job === undefined || job.stage !== 'notify') return false;
  return (await retryJobs(db, { ids: [jobId] }, actor)).length > 0;
}
