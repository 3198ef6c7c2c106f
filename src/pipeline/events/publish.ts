import { eq, sql } from 'drizzle-orm';
import type { EventType } from '../../core/events.ts';
import { ROWS_PER_STATEMENT } from '../../db/bulk.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { jsonWithoutNul } from '../../db/json-safe.ts';
import { webhookEndpoints } from '../../db/schema.ts';
import { jobIdFor } from '../dispatch/outbox.ts';
import type { StageName } from '../stage-names.ts';

/** One event to publish: what happened, to which order and partner, and what the ERP is told (`data`). */
export interface NewEvent {
  type: EventType;
  orderId?: string;
  partnerId?: string;
  /** The envelope's `data`: JSON (undefined is stored as null). */
  payload: unknown;
}

const NOTIFY: StageName = 'notify';

/**
 * The entity id of the notify job posting one event to one endpoint. Not `<endpoint>:<event>`: a job id never
 * holds ':' (BullMQ refuses it, see `jobIdFor`), and an endpoint id (a UUID) never holds '.'.
 */
export const notifyEntityId = (endpointId: string, eventId: number | string): string =>
  `${endpointId}.${eventId}`;

/** The endpoint and event a notify job's entity id names, or undefined for an id of another shape. */
export function parseNotifyEntityId(entityId: string): { endpointId: string; eventId: string } | undefined {
  const dot = entityId.lastIndexOf('.');
  const endpointId = entityId.slice(0, dot);
  const eventId = entityId.slice(dot + 1);
  return dot > 0 && /^[1-9][0-9]{0,18}$/.test(eventId) ? { endpointId, eventId } : undefined;
}

/**
 * The one way events are published: in the caller's transaction, so an event exists exactly when the change it
 * tells of commits. Writes the event rows ({@link ROWS_PER_STATEMENT} per statement, each batch one JSON
 * parameter, ids taken in the order given) and, for every enabled webhook endpoint that takes an event's type
 * (its `types`, empty for all), one `notify` job in the outbox, which the relay hands to a worker once the
 * transaction commits. However many events and endpoints: one read of the endpoints, then one statement per
 * batch of events and one per batch of jobs. Returns the events' ids (the polling cursor), in order.
 *
 * Ids must be taken by the INSERT itself (not a nextval beforehand): `GET /v1/events` relies on a publisher
 * holding the table's ROW EXCLUSIVE lock from before its ids exist (see `listEvents`). Publish no
 * `exception.opened` for the exception a failed `notify` job raises (a webhook's dead letter): an endpoint that
 * refuses would feed itself one event per failure.
 */
export async function publishEvents(tx: Database, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, types: webhookEndpoints.types })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true));
  const ids: string[] = [];
  for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
    const batch = events.slice(i, i + ROWS_PER_STATEMENT).map((e) => ({
      type: e.type,
      order_id: e.orderId ?? null,
      partner_id: e.partnerId ?? null,
      payload: e.payload ?? null,
    }));
    // WITH ORDINALITY and ORDER BY: the sequence numbers follow the caller's order; a JSON null payload comes
    // out of jsonb_to_recordset as SQL NULL and is stored as JSON null
    const inserted = rowsOf<{ id: string | number; type: string }>(
      await tx.execute(sql`
        insert into events (type, order_id, partner_id, payload)
        select type, order_id, partner_id, coalesce(payload, 'null'::jsonb)
        from rows from (
          jsonb_to_recordset(${jsonWithoutNul(batch)}::jsonb) as (type text, order_id text, partner_id text, payload jsonb)
        ) with ordinality as r(type, order_id, partner_id, payload, n)
        order by n
        returning id, type`),
    );
    const batchIds = inserted.map((row) => String(row.id)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    ids.push(...batchIds);
    const jobs = inserted.flatMap((event) =>
      endpoints
        .filter((endpoint) => endpoint.types.length === 0 || endpoint.types.includes(event.type))
        .map((endpoint) => {
          const entityId = notifyEntityId(endpoint.id, event.id);
          return { id: jobIdFor(NOTIFY, entityId), stage: NOTIFY, entity_id: entityId };
        }),
    );
    await enqueueNotifyJobs(tx, jobs);
  }
  return ids;
}

/**
 * The outbox rows of `enqueueJob` (its id, `pending`, due now), many per statement; a job asked for twice
 * stays one. Only for new events' jobs: `enqueueJob` stays the way to ask for one job.
 */
async function enqueueNotifyJobs(
  tx: Database,
  jobs: readonly { id: string; stage: string; entity_id: string }[],
): Promise<void> {
  for (let i = 0; i < jobs.length; i += ROWS_PER_STATEMENT) {
    const json = JSON.stringify(jobs.slice(i, i + ROWS_PER_STATEMENT));
    await tx.execute(sql`
      insert into jobs (id, stage, entity_id, run_after)
      select id, stage, entity_id, now() from jsonb_to_recordset(${json}::jsonb) as r(id text, stage text, entity_id text)
      on conflict (id) do nothing`);
  }
}
