import { and, asc, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { type Database, rowsOf } from './client.ts';
import { auditEvents, jobs, messages, orders, outboundDocuments } from './schema.ts';

export interface MessageView extends MessageSummary {
  /** The message this one re-runs, and the re-runs of this one. */
  replayOf: string | null;
  replays: string[];
  sha256: string;
  diagnostics: unknown[];
  /** The first {@link LISTED} orders and answers; `counts` has how many there are in all. */
  orders: { id: string; poNumber: string; status: string }[];
  outbound: { id: string; documentId: string; type: string; status: string }[];
  counts: { orders: number; outbound: number };
  timeline: { at: string; actor: string; action: string; before: unknown; after: unknown }[];
  /** Its pipeline stages' jobs, oldest first (the id is what a retry names). */
  jobs: {
    id: string;
    stage: string;
    status: string;
    attempts: number;
    lastError: unknown;
    updatedAt: string;
  }[];
}

/**
 * A message's status as shown: `failed` as soon as one of its jobs is dead (retries used up) or failed
 * (a permanent error), whatever stage it stopped in, so a message is never shown `done` while its 855s will
 * not come; back to the stored status once an operator's retry succeeds.
 */
// written out in full: drizzle leaves a lone table's columns unqualified, and inside the subquery an
// unqualified "id" or "status" would be the job's
const shownStatus = sql<string>`case when "messages"."status" in ('received', 'processing', 'done')
  and exists (select 1 from jobs j where j.entity_id = "messages"."id" and j.status in ('dead', 'failed'))
  then 'failed' else "messages"."status" end`;

/** The columns every listing shows of a message. */
const summaryColumns = {
  id: messages.id,
  direction: messages.direction,
  channel: messages.channel,
  type: messages.type,
  partnerId: messages.partnerId,
  status: shownStatus,
  size: messages.size,
  receivedAt: messages.receivedAt,
};

/**
 * How many orders and answers a view lists: a 66,000-set interchange's view stays a few hundred KB (GET
 * /v1/orders?messageId= lists them all, page by page).
 */
export const LISTED = 1_000;

/** A message with what came of it (DESIGN §5 `GET /v1/messages/:id`); undefined when it does not exist. */
export async function messageView(db: Database, id: string): Promise<MessageView | undefined> {
  const [message] = await db
    .select({
      ...summaryColumns,
      replayOf: messages.replayOf,
      sha256: messages.sha256,
      diagnostics: messages.diagnostics,
    })
    .from(messages)
    .where(eq(messages.id, id));
  if (message === undefined) return undefined;
  const [orderRows, outboundRows, auditRows, jobRows, replayRows, countRows] = await Promise.all([
    db
      .select({ id: orders.id, poNumber: orders.poNumber, status: orders.status })
      .from(orders)
      .where(eq(orders.messageId, id))
      .orderBy(asc(orders.createdAt), asc(orders.poNumber))
      .limit(LISTED),
    db
      .select({
        id: outboundDocuments.messageId,
        documentId: outboundDocuments.id,
        type: outboundDocuments.type,
        status: outboundDocuments.status,
      })
      .from(outboundDocuments)
      .where(eq(outboundDocuments.sourceMessageId, id))
      .orderBy(asc(outboundDocuments.createdAt), asc(outboundDocuments.id))
      .limit(LISTED),
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'message'), eq(auditEvents.entityId, id)))
      .orderBy(asc(auditEvents.id)),
    db
      .select({
        id: jobs.id,
        stage: jobs.stage,
        status: jobs.status,
        attempts: jobs.attempts,
        lastError: jobs.lastError,
        updatedAt: jobs.updatedAt,
      })
      .from(jobs)
      .where(eq(jobs.entityId, id))
      .orderBy(asc(jobs.createdAt), asc(jobs.id)),
    db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.replayOf, id))
      .orderBy(asc(messages.receivedAt)),
    db.execute(sql`
      select (select count(*) from orders where message_id = ${id})::int as orders,
             (select count(*) from outbound_documents where source_message_id = ${id})::int as outbound`),
  ]);
  const [counts] = rowsOf<{ orders: number; outbound: number }>(countRows);
  return {
    ...message,
    receivedAt: message.receivedAt.toISOString(),
    replays: replayRows.map((r) => r.id),
    orders: orderRows,
    outbound: outboundRows.map((r) => ({ ...r, id: r.id ?? r.documentId })),
    timeline: auditRows.map((a) => ({
      at: a.at.toISOString(),
      actor: a.actor,
      action: a.action,
      before: a.before,
      after: a.after,
    })),
    jobs: jobRows.map((j) => ({ ...j, updatedAt: j.updatedAt.toISOString() })),
    counts: { orders: Number(counts?.orders ?? 0), outbound: Number(counts?.outbound ?? 0) },
  };
}

/**
 * The view as a partner's key may see it: its jobs' errors reduced to kind, code, attempt and time. The message
 * an admin sees may name our database, a delivery endpoint or what a remote server answered.
 */
export function partnerMessageView(view: MessageView): MessageView {
  return {
    ...view,
    jobs: view.jobs.map((job) => {
      const error = job.lastError as {
        kind?: unknown;
        code?: unknown;
        attempt?: unknown;
        at?: unknown;
      } | null;
      return {
        ...job,
        lastError: error
          ? { kind: error.kind, code: error.code, attempt: error.attempt, at: error.at }
          : null,
      };
    }),
  };
}

/** The raw bytes of a message, for `GET /v1/messages/:id/raw`. */
export async function messageRaw(
  db: Database,
  id: string,
): Promise<{ raw: Uint8Array; partnerId: string | null; channel: string } | undefined> {
  const [row] = await db
    .select({ raw: messages.raw, partnerId: messages.partnerId, channel: messages.channel })
    .from(messages)
    .where(eq(messages.id, id));
  return row;
}

export interface MessageFilter {
  direction?: 'inbound' | 'outbound';
  /** A document type: "850", "997" …; a message holding several types matches each of them. */
  type?: string;
  orderId?: string;
  partnerId?: string;
  /** The channel it came in or went out by: `x12`, `csv`, `email` … */
  channel?: string;
  status?: string;
  /** An order's PO number (BEG03): the message that carried it and the documents sent about it. */
  poNumber?: string;
  /**
   * A control number: an inbound interchange's ISA13, or the ISA13, GS06 or ST02 of a document we sent.
   * Compared without leading zeros ("3438" finds ISA13 000003438).
   */
  control?: string;
  /** Received at or after this time. */
  since?: Date;
  /** Received before this time. */
  until?: Date;
  /** Only messages received before this one (paging, newest first). */
  before?: Date;
  /** Only messages listed after this one, by (received_at, id): the last id of the previous page. */
  after?: string;
  limit: number;
}

export interface MessageSummary {
  id: string;
  direction: string;
  channel: string;
  type: string | null;
  partnerId: string | null;
  status: string;
  size: number;
  receivedAt: string;
}

/**
 * Messages newest first, for `GET /v1/messages` (a partner's own outbound 997s and 855s to pull, …) and the
 * console's message search. Pages by keyset on (received_at, id) (index `messages_received`), so a page deep in
 * 100,000 messages costs what the first does.
 */
export async function listMessages(db: Database, filter: MessageFilter): Promise<MessageSummary[]> {
  const where: SQL[] = [];
  if (filter.direction) where.push(eq(messages.direction, filter.direction));
  if (filter.type) where.push(sql`${filter.type} = any(string_to_array(${messages.type}, ','))`);
  if (filter.partnerId) where.push(eq(messages.partnerId, filter.partnerId));
  if (filter.channel) where.push(eq(messages.channel, filter.channel));
  if (filter.status) where.push(sql`${shownStatus} = ${filter.status}`);
  if (filter.before) where.push(lt(messages.receivedAt, filter.before));
  if (filter.since) where.push(gte(messages.receivedAt, filter.since));
  if (filter.until) where.push(lt(messages.receivedAt, filter.until));
  if (filter.after) {
    // the cursor's time as text: a JS Date would drop its microseconds and skip or repeat rows
    const [cursor] = rowsOf<{ at: string }>(
      await db.execute(sql`select received_at::text as at from messages where id = ${filter.after}`),
    );
    if (cursor === undefined) return [];
    where.push(sql`(${messages.receivedAt}, ${messages.id}) < (${cursor.at}::timestamptz, ${filter.after})`);
  }
  if (filter.orderId) {
    where.push(
      sql`(${messages.orderId} = ${filter.orderId} or ${messages.id} in (select message_id from orders where id = ${filter.orderId}) or ${messages.id} in (select message_id from outbound_documents where order_id = ${filter.orderId}))`,
    );
  }
  if (filter.poNumber) {
    where.push(sql`${messages.id} in (
      select o.message_id from orders o where o.po_number = ${filter.poNumber}
      union all
      select d.message_id from outbound_documents d join orders o on o.id = d.order_id
       where o.po_number = ${filter.poNumber} and d.message_id is not null)`);
  }
  if (filter.control) {
    // as stored: ISA13 as sent (nine digits), our GS06/ST02/ISA13 as numbers; plain equality, no function per row
    const digits = filter.control.replace(/^0+(?=.)/, '');
    const forms = [...new Set([filter.control, digits, digits.padStart(9, '0'), digits.padStart(4, '0')])];
    const any = sql.join(
      forms.map((f) => sql`${f}`),
      sql`, `,
    );
    where.push(sql`${messages.id} in (
      select i.message_id from interchanges i where i.control_number in (${any})
      union all
      select d.message_id from outbound_documents d
       where d.message_id is not null and (d.control->>'interchange' in (${any})
          or d.control->>'group' in (${any}) or d.control->>'transaction' in (${any})))`);
  }
  const rows = await db
    .select(summaryColumns)
    .from(messages)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}
