import { and, asc, eq, or, type SQL, sql } from 'drizzle-orm';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { type OrderView, orderView } from '../../db/order-view.ts';
import { auditEvents, exceptions, messages } from '../../db/schema.ts';

/** One exception as the inbox lists it. */
export interface ExceptionSummary {
  id: string;
  type: string;
  code: string;
  status: string;
  message: string;
  orderId: string | null;
  messageId: string | null;
  partnerId: string | null;
  owner: string | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  /** The findings a person decides (with line, expected and found values). */
  diagnostics: unknown[];
  /** Where it came from: the channel and file, and for spreadsheets the rows the findings name. */
  source: { channel: string | null; filename: string | null; rawUrl: string | null; rows: number[] };
}

export interface ExceptionFilter {
  status?: 'open' | 'resolved';
  type?: string;
  owner?: string;
  partnerId?: string;
  overdue?: boolean;
  /** The last id of the previous page: the exceptions listed after it. */
  after?: string;
  limit: number;
}

const columns = {
  id: exceptions.id,
  type: exceptions.type,
  code: exceptions.code,
  status: exceptions.status,
  message: exceptions.message,
  orderId: exceptions.orderId,
  messageId: exceptions.messageId,
  partnerId: exceptions.partnerId,
  owner: exceptions.owner,
  dueAt: exceptions.dueAt,
  createdAt: exceptions.createdAt,
  details: exceptions.details,
  channel: messages.channel,
  filename: messages.filename,
  messageDiagnostics: messages.diagnostics,
};

/** An exception row joined with its message, as {@link columns} reads it. */
interface Row {
  id: string;
  type: string;
  code: string;
  status: string;
  message: string;
  orderId: string | null;
  messageId: string | null;
  partnerId: string | null;
  owner: string | null;
  dueAt: Date | null;
  createdAt: Date;
  details: unknown;
  channel: string | null;
  filename: string | null;
  messageDiagnostics: unknown[] | null;
}

/** The findings an exception holds: the rules' findings for a held order, else its own code and message. */
function findingsOf(row: Pick<Row, 'details' | 'code' | 'message'>): unknown[] {
  const details = row.details as { diagnostics?: unknown[] } | null;
  return details?.diagnostics ?? [{ severity: 'warning', code: row.code, message: row.message }];
}

function summary(row: Row, now: Date): ExceptionSummary {
  const diagnostics = findingsOf(row);
  const rows = [
    ...((row.messageDiagnostics as { row?: number }[] | null) ?? []),
    ...(diagnostics as { row?: number }[]),
  ]
    .map((d) => d.row)
    .filter((r): r is number => typeof r === 'number');
  return {
    id: row.id,
    type: row.type,
    code: row.code,
    status: row.status,
    message: row.message,
    orderId: row.orderId,
    messageId: row.messageId,
    partnerId: row.partnerId,
    owner: row.owner,
    dueAt: row.dueAt?.toISOString() ?? null,
    overdue: row.status === 'open' && row.dueAt !== null && row.dueAt < now,
    createdAt: row.createdAt.toISOString(),
    diagnostics,
    source: {
      channel: row.channel,
      filename: row.filename,
      rawUrl: row.messageId ? `/v1/messages/${row.messageId}/raw` : null,
      rows: [...new Set(rows)].sort((a, b) => a - b),
    },
  };
}

/** Deadline order, with exceptions that have none last; ties by id (the paging cursor). */
const DUE = sql`coalesce(${exceptions.dueAt}, 'infinity'::timestamptz)`;

/**
 * The exceptions inbox (`GET /v1/exceptions`): filtered by status, type (the exception's own or any finding's
 * area), owner, partner and overdue, the earliest deadline first, a page at a time.
 */
export async function listExceptions(db: Database, filter: ExceptionFilter): Promise<ExceptionSummary[]> {
  const where: SQL[] = [];
  if (filter.status) where.push(eq(exceptions.status, filter.status));
  if (filter.type)
    where.push(
      or(
        eq(exceptions.type, filter.type),
        sql`exists (select 1 from jsonb_array_elements(coalesce(${exceptions.details}->'diagnostics', '[]'::jsonb)) d
                    where split_part(d->>'code', '.', 1) = ${filter.type})`,
      )!,
    );
  if (filter.owner) where.push(eq(exceptions.owner, filter.owner));
  if (filter.partnerId) where.push(eq(exceptions.partnerId, filter.partnerId));
  if (filter.overdue !== undefined)
    where.push(
      filter.overdue
        ? sql`${exceptions.status} = 'open' and ${exceptions.dueAt} < now()`
        : sql`not (${exceptions.status} = 'open' and coalesce(${exceptions.dueAt} < now(), false))`,
    );
  if (filter.after)
    where.push(
      sql`(${DUE}, ${exceptions.id}) > (select coalesce(e.due_at, 'infinity'::timestamptz), e.id from exceptions e where e.id = ${filter.after})`,
    );
  // the page first, then its messages: joining before the limit would read every message (100,000 of them)
  const { channel: _c, filename: _f, messageDiagnostics: _d, ...own } = columns;
  const page = await db
    .select(own)
    .from(exceptions)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(asc(DUE), asc(exceptions.id))
    .limit(filter.limit);
  const ids = [...new Set(page.flatMap((r) => (r.messageId ? [r.messageId] : [])))];
  const sources = new Map(
    (ids.length === 0
      ? []
      : await db
          .select({
            id: messages.id,
            channel: messages.channel,
            filename: messages.filename,
            messageDiagnostics: messages.diagnostics,
          })
          .from(messages)
          .where(inList(messages.id, ids))
    ).map(({ id, ...source }) => [id, source]),
  );
  const none = { channel: null, filename: null, messageDiagnostics: null };
  const now = new Date();
  return page.map((r) =>
    summary({ ...r, ...(r.messageId ? (sources.get(r.messageId) ?? none) : none) }, now),
  );
}

/** One exception with its order, the order's source document and the audit trail of all three. */
export interface ExceptionView extends ExceptionSummary {
  resolution: unknown;
  resolvedBy: string | null;
  resolvedAt: string | null;
  order: OrderView | null;
  audit: {
    at: string;
    actor: string;
    entityType: string;
    entityId: string;
    action: string;
    before: unknown;
    after: unknown;
  }[];
}

/** `GET /v1/exceptions/:id`. */
export async function exceptionView(db: Database, id: string): Promise<ExceptionView | undefined> {
  const [row] = await db
    .select({
      ...columns,
      resolution: exceptions.resolution,
      resolvedBy: exceptions.resolvedBy,
      resolvedAt: exceptions.resolvedAt,
    })
    .from(exceptions)
    .leftJoin(messages, eq(messages.id, exceptions.messageId))
    .where(eq(exceptions.id, id));
  if (!row) return undefined;
  const entities = [sql`(${auditEvents.entityType} = 'exception' and ${auditEvents.entityId} = ${id})`];
  if (row.orderId)
    entities.push(sql`(${auditEvents.entityType} = 'order' and ${auditEvents.entityId} = ${row.orderId})`);
  if (row.messageId)
    entities.push(
      sql`(${auditEvents.entityType} = 'message' and ${auditEvents.entityId} = ${row.messageId})`,
    );
  const trail = await db
    .select()
    .from(auditEvents)
    .where(or(...entities))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  return {
    ...summary(row, new Date()),
    resolution: row.resolution,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    order: row.orderId ? ((await orderView(db, row.orderId)) ?? null) : null,
    audit: trail.map((a) => ({
      at: a.at.toISOString(),
      actor: a.actor,
      entityType: a.entityType,
      entityId: a.entityId,
      action: a.action,
      before: a.before,
      after: a.after,
    })),
  };
}
