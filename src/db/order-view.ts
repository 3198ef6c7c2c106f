import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Database, rowsOf } from './client.ts';
import { documentStatusSql } from './document-status.ts';
import { orders } from './schema.ts';

export interface OrderSummary {
  id: string;
  partnerId: string;
  channel: string;
  poNumber: string;
  poDate: string;
  purpose: string;
  status: string;
  currency: string;
  totalAmount: string | null;
  messageId: string;
  createdAt: string;
}

export interface OrderView extends OrderSummary {
  /** The canonical Order (DESIGN §4) as decoded. */
  order: unknown;
  diagnostics: unknown[];
  /** What was sent or asked for about this order: 855, 856, 810 … */
  /** Status `overdue` when the partner has not acknowledged a sent document in time (see documentStatusSql). */
  documents: {
    id: string;
    type: string;
    status: string;
    messageId: string | null;
    control: unknown;
    /** The partner's 997/999 verdict and reasons, once received. */
    partnerAck: unknown;
  }[];
}

const summaryColumns = {
  id: orders.id,
  partnerId: orders.partnerId,
  channel: orders.channel,
  poNumber: orders.poNumber,
  poDate: orders.poDate,
  purpose: orders.purpose,
  status: orders.status,
  currency: orders.currency,
  totalAmount: orders.totalAmount,
  messageId: orders.messageId,
  createdAt: orders.createdAt,
};

/**
 * Orders newest first, for `GET /v1/orders` and the console's order list: by when their message was received
 * (then the message, then the order's id). Unfiltered (or by partner, status, channel or day) the list walks
 * the `messages_received` index newest first and looks each message's orders up by `orders_message_status` (a
 * lateral subquery, fenced by `offset 0` so the planner cannot turn it into a scan of every message), stopping
 * once the page is full: a page deep in 100,000 orders costs what the first does. Filtered by PO or message,
 * it reads the few orders that match first (a materialized CTE) and sorts those. Keyset pages by `after` (the
 * last order of the page before).
 */
export async function listOrders(
  db: Database,
  filter: {
    partnerId?: string;
    status?: string;
    poNumber?: string;
    messageId?: string;
    /** The channel the order came by: `x12`, `email`, `csv` … */
    channel?: string;
    /** Only orders whose message was received at or after this time. */
    since?: Date;
    /** Only orders after this one in the listing's order (paging: the last id of the previous page). */
    after?: string;
    limit: number;
  },
): Promise<OrderSummary[]> {
  // the first condition joins the walk's lateral lookup; the others filter orders either way
  const inner: SQL[] = [sql`o.message_id = m.id`, sql`true`];
  if (filter.partnerId) inner.push(sql`o.partner_id = ${filter.partnerId}`);
  if (filter.status) inner.push(sql`o.status = ${filter.status}`);
  if (filter.poNumber) inner.push(sql`o.po_number = ${filter.poNumber}`);
  if (filter.channel) inner.push(sql`o.channel = ${filter.channel}`);
  const outer: SQL[] = [sql`true`];
  if (filter.messageId) outer.push(sql`m.id = ${filter.messageId}`);
  if (filter.since) outer.push(sql`m.received_at >= ${filter.since.toISOString()}::timestamptz`);
  if (filter.after) {
    // the cursor's time as text: a JS Date would drop its microseconds and skip or repeat rows
    const [cursor] = rowsOf<{ at: string; message: string }>(
      await db.execute(sql`select m.received_at::text as at, m.id as message
        from orders o join messages m on m.id = o.message_id where o.id = ${filter.after}`),
    );
    if (cursor === undefined) return [];
    const at = sql`(${cursor.at}::timestamptz, ${cursor.message})`;
    // the first half alone is what the index seeks to
    outer.push(
      sql`(m.received_at, m.id) <= ${at} and ((m.received_at, m.id) < ${at} or o.id < ${filter.after})`,
    );
  }
  const columns = sql`o.id, o.partner_id as "partnerId", o.channel, o.po_number as "poNumber",
    o.po_date as "poDate", o.purpose, o.status, o.currency, o.total_amount::text as "totalAmount",
    o.message_id as "messageId", o.created_at as "createdAt"`;
  // a filter that keeps a handful of orders (a PO's, a message's) reads those and sorts them; any other
  // (partner, status, channel, day) walks the messages newest first and stops once the page is full
  const selective = filter.poNumber || filter.messageId;
  const query = selective
    ? sql`with o as materialized (select * from orders o where ${and(...inner.slice(1))}${filter.messageId ? sql` and o.message_id = ${filter.messageId}` : sql``})
      select ${columns} from o join messages m on m.id = o.message_id
       where ${and(...outer)} order by m.received_at desc, m.id desc, o.id desc limit ${filter.limit}`
    : sql`select ${columns} from messages m
        cross join lateral (select * from orders o where ${and(...inner)} offset 0) o
       where ${and(...outer)} order by m.received_at desc, m.id desc, o.id desc limit ${filter.limit}`;
  const rows = rowsOf<Omit<OrderSummary, 'createdAt'> & { createdAt: string | Date }>(
    await db.execute(query),
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

/** One order with its canonical data, findings and documents; undefined when it does not exist. */
export async function orderView(db: Database, id: string): Promise<OrderView | undefined> {
  const [row] = await db
    .select({ ...summaryColumns, data: orders.data, diagnostics: orders.diagnostics })
    .from(orders)
    .where(eq(orders.id, id));
  if (row === undefined) return undefined;
  const documents = rowsOf<OrderView['documents'][number]>(
    await db.execute(sql`
      select d.id, d.type, ${documentStatusSql('d', 'p')} as status, d.message_id as "messageId", d.control,
             d.partner_ack as "partnerAck"
        from outbound_documents d left join partners p on p.id = d.partner_id
       where d.order_id = ${id} order by d.created_at, d.id`),
  );
  const { data, ...summary } = row;
  return { ...summary, createdAt: row.createdAt.toISOString(), order: data, documents };
}
