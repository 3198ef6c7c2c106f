import { type SQL, sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../db/client.ts';
import { ACKNOWLEDGED_TYPES, documentStatusSql } from '../../db/document-status.ts';

/** A document we sent that the partner has not acknowledged within its deadline. */
export interface OverdueAck {
  id: string;
  type: string;
  status: string;
  partnerId: string | null;
  partnerName: string | null;
  orderId: string | null;
  poNumber: string | null;
  /** The stored outbound message with the document's bytes. */
  messageId: string | null;
  /** The partner's message the order came in (where its timeline shows what was sent and answered). */
  orderMessageId: string | null;
  /** Our control numbers of it (interchange, group, transaction): what the partner's 997/999 must name. */
  control: Record<string, string> | null;
  sentAt: Date;
  dueAt: Date;
}

/**
 * Whether document `d` (of partner `p`) is overdue: the `overdue` the order view and the metrics show
 * (documentStatusSql). The plain conditions before it say the same in a form an index can serve: only a sent
 * document of an acknowledged type can be overdue, and not within an hour (the shortest deadline a partner
 * may have).
 */
export function overdueAckSql(): SQL {
  const types = sql.join(
    ACKNOWLEDGED_TYPES.map((t) => sql`${t}`),
    sql`, `,
  );
  return sql`d.status in ('encoded', 'delivered') and d.type in (${types})
    and d.created_at < now() - interval '1 hour' and ${documentStatusSql('d', 'p')} = 'overdue'`;
}

interface Row {
  id: string;
  type: string;
  status: string;
  partner_id: string | null;
  partner_name: string | null;
  order_id: string | null;
  po_number: string | null;
  message_id: string | null;
  order_message_id: string | null;
  control: Record<string, string> | null;
  sent_at: string | Date;
  due_at: string | Date;
}

/**
 * The overdue acknowledgments the dashboard counts, longest overdue first, a page at a time by keyset
 * (created_at, id); of one partner when asked.
 */
export async function listOverdueAcks(
  db: Database,
  filter: { partnerId?: string; after?: string; limit: number },
): Promise<OverdueAck[]> {
  const rows = rowsOf<Row>(
    await db.execute(sql`
      select d.id, d.type, d.status, d.partner_id, p.name as partner_name, d.order_id, o.po_number,
             d.message_id, o.message_id as order_message_id, d.control, d.created_at as sent_at,
             d.created_at + make_interval(hours => coalesce((p.settings->>'ackDeadlineHours')::int, 24)) as due_at
        from outbound_documents d
        left join partners p on p.id = d.partner_id
        left join orders o on o.id = d.order_id
       where ${overdueAckSql()}
         ${filter.partnerId ? sql`and d.partner_id = ${filter.partnerId}` : sql``}
         ${
           filter.after
             ? sql`and (d.created_at, d.id) > (select a.created_at, a.id from outbound_documents a where a.id = ${filter.after})`
             : sql``
         }
       order by d.created_at, d.id
       limit ${filter.limit}`),
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    orderId: r.order_id,
    poNumber: r.po_number,
    messageId: r.message_id,
    orderMessageId: r.order_message_id,
    control: r.control,
    sentAt: new Date(r.sent_at),
    dueAt: new Date(r.due_at),
  }));
}
