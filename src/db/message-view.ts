import { and, asc, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { auditEvents, jobs, messages, orders, outboundDocuments } from './schema.ts';

export interface MessageView extends MessageSummary {
  /** The message this one re-runs, and the re-runs of this one. */
  replayOf: string | null;
  replays: string[];
  sha256: string;
  diagnostics: unknown[];
  orders: { id: string; poNumber: string; status: string }[];
  outbound: { id: string; documentId: string; type: string; status: string }[];
  timeline: { at: string; actor: string; action: string; before: unknown; after: unknown }[];
  jobs: { stage: string; status: string; attempts: number; lastError: unknown }[];
}

/** The columns every listing shows of a message. */
const summaryColumns = {
  id: messages.id,
  direction: messages.direction,
  channel: messages.channel,
  type: messages.type,
  partnerId: messages.partnerId,
  status: messages.status,
  size: messages.size,
  receivedAt: messages.receivedAt,
};

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
  const [orderRows, outboundRows, auditRows, jobRows, replayRows] = await Promise.all([
    db
      .select({ id: orders.id, poNumber: orders.poNumber, status: orders.status })
      .from(orders)
      .where(eq(orders.messageId, id))
      .orderBy(asc(orders.createdAt), asc(orders.poNumber)),
    db
      .select({
        id: outboundDocuments.messageId,
        documentId: outboundDocuments.id,
        type: outboundDocuments.type,
        status: outboundDocuments.status,
      })
      .from(outboundDocuments)
      .where(eq(outboundDocuments.sourceMessageId, id))
      .orderBy(asc(outboundDocuments.createdAt)),
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'message'), eq(auditEvents.entityId, id)))
      .orderBy(asc(auditEvents.id)),
    db
      .select({ stage: jobs.stage, status: jobs.status, attempts: jobs.attempts, lastError: jobs.lastError })
      .from(jobs)
      .where(eq(jobs.entityId, id)),
    db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.replayOf, id))
      .orderBy(asc(messages.receivedAt)),
  ]);
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
    jobs: jobRows,
  };
}

/** The raw bytes of a message, for `GET /v1/messages/:id/raw`. */
export async function messageRaw(
  db: Database,
  id: string,
): Promise<{ raw: Uint8Array; partnerId: string | null; contentType: string | null } | undefined> {
  const [row] = await db
    .select({ raw: messages.raw, partnerId: messages.partnerId, contentType: messages.contentType })
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
  status?: string;
  /** Only messages received before this one (paging, newest first). */
  before?: Date;
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

/** Messages newest first, for `GET /v1/messages` (a partner's own outbound 997s and 855s to pull, …). */
export async function listMessages(db: Database, filter: MessageFilter): Promise<MessageSummary[]> {
  const where: SQL[] = [];
  if (filter.direction) where.push(eq(messages.direction, filter.direction));
  if (filter.type) where.push(sql`${filter.type} = any(string_to_array(${messages.type}, ','))`);
  if (filter.partnerId) where.push(eq(messages.partnerId, filter.partnerId));
  if (filter.status) where.push(eq(messages.status, filter.status as 'done'));
  if (filter.before) where.push(lt(messages.receivedAt, filter.before));
  if (filter.orderId) {
    where.push(
      sql`(${messages.orderId} = ${filter.orderId} or ${messages.id} in (select message_id from orders where id = ${filter.orderId}) or ${messages.id} in (select message_id from outbound_documents where order_id = ${filter.orderId}))`,
    );
  }
  const rows = await db
    .select(summaryColumns)
    .from(messages)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}
