import { and, desc, eq, gte, type SQL, sql } from 'drizzle-orm';
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

/** Orders newest first, for `GET /v1/orders` and the console's order list (keyset pages by `after`). */
export async function listOrders(
  db: Database,
  filter: {
    partnerId?: string;
    status?: string;
    poNumber?: string;
    messageId?: string;
    /** The channel the order came by: `x12`, `email`, `csv` … */
    channel?: string;
    /** Only orders received at or after this time. */
    since?: Date;
    /** Only orders before this one in the listing's order (paging: the last id of the previous page). */
    after?: string;
    limit: number;
  },
): Promise<OrderSummary[]> {
  const where: SQL[] = [];
  if (filter.messageId) where.push(eq(orders.messageId, filter.messageId));
  if (filter.after)
    where.push(
      sql`(${orders.createdAt}, ${orders.id}) < (select created_at, id from orders where id = ${filter.after})`,
    );
  if (filter.partnerId) where.push(eq(orders.partnerId, filter.partnerId));
  if (filter.status) where.push(eq(orders.status, filter.status));
  if (filter.poNumber) where.push(eq(orders.poNumber, filter.poNumber));
  if (filter.channel) where.push(eq(orders.channel, filter.channel));
  if (filter.since) where.push(gte(orders.createdAt, filter.since));
  const rows = await db
    .select(summaryColumns)
    .from(orders)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
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
