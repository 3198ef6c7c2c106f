import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db/client.ts';
import { documentStatusSql } from '../db/document-status.ts';

/** A document we sent (or asked for) that concerns a message, with what the partner said about it. */
export interface RelatedDocument {
  id: string;
  type: string;
  /** As people see it: `overdue` when the partner's 997/999 is late (documentStatusSql). */
  status: string;
  orderId: string | null;
  poNumber: string | null;
  /** The stored outbound message holding its bytes, once encoded. */
  messageId: string | null;
  /** The partner's 997/999 about it: `{ ack, status, messageId, codes … }` (reconcilePartnerAck). */
  partnerAck: { ack?: string; status?: string; group?: string; messageId?: string; codes?: unknown } | null;
  acknowledgedAt: string | null;
  createdAt: string;
}

/** Documents listed per relation at most (a message of thousands of orders is read page by page elsewhere). */
const LISTED = 200;

/**
 * What was sent about a message, for its page: the documents about its orders (855, 856, 810, 865) with the
 * partner's acknowledgment of each; the documents an outbound message carries; and, for a partner's 997/999,
 * the documents it acknowledged.
 */
export async function messageDocuments(
  db: Database,
  messageId: string,
): Promise<{ aboutOrders: RelatedDocument[]; carried: RelatedDocument[]; acknowledged: RelatedDocument[] }> {
  const select = (where: ReturnType<typeof sql>) =>
    db.execute(sql`
      select d.id, d.type, ${documentStatusSql('d', 'p')} as status, d.order_id as "orderId",
             o.po_number as "poNumber", d.message_id as "messageId", d.partner_ack as "partnerAck",
             d.acknowledged_at as "acknowledgedAt", d.created_at as "createdAt"
        from outbound_documents d
        left join partners p on p.id = d.partner_id
        left join orders o on o.id = d.order_id
       where ${where}
       order by d.created_at, d.id
       limit ${LISTED}`);
  const [aboutOrders, carried, acknowledged] = await Promise.all([
    select(sql`d.order_id in (select id from orders where message_id = ${messageId})`),
    select(sql`d.message_id = ${messageId}`),
    select(sql`d.partner_ack->>'messageId' = ${messageId}`),
  ]);
  const shaped = (result: unknown) =>
    rowsOf<RelatedDocument & { acknowledgedAt: string | Date | null; createdAt: string | Date }>(result).map(
      (r) => ({
        ...r,
        acknowledgedAt: r.acknowledgedAt ? new Date(r.acknowledgedAt).toISOString() : null,
        createdAt: new Date(r.createdAt).toISOString(),
      }),
    );
  return { aboutOrders: shaped(aboutOrders), carried: shaped(carried), acknowledged: shaped(acknowledged) };
}
