import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { Acknowledgment } from '../../core/documents.ts';
import type { Order } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import { inList, insertRecordset } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { orders, outboundDocuments } from '../../db/schema.ts';
import { outboundAgreement } from '../../partners/outbound-agreement.ts';
import { acknowledgmentOf } from '../../rules/acknowledgment.ts';
import type { Settlement } from '../../rules/settle.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import { messageOrdersAfter, ORDER_PAGE, pagesOfStatuses } from './order-pages.ts';

/** The canonical 855 content for a routed order: every line as ordered, or every line rejected with why. */
export function acknowledgmentFor(
  order: Pick<Order, 'id' | 'lines'>,
  status: 'accepted' | 'rejected',
  reason?: string,
): Acknowledgment {
  return Acknowledgment.parse({
    orderId: order.id,
    status,
    lines: order.lines.map((line) => ({
      lineNumber: line.lineNumber,
      status,
      quantity: line.quantity,
      ...(line.unitPrice !== undefined ? { unitPrice: line.unitPrice } : {}),
      ...(status === 'rejected' && reason ? { reason } : {}),
    })),
  });
}

/**
 * The 855 content for a routed order: each line's outcome as the rules settled it or a person resolved it,
 * with the ERP's order number when recorded; an order without an outcome (rejected as invalid, or routed
 * before the wholesale rules) has every line accepted as ordered or rejected with the first error.
 */
function answerTo(row: {
  id: string;
  status: string;
  data: unknown;
  diagnostics: unknown[];
  outcome: unknown;
  erpOrderNumber: string | null;
}): Acknowledgment {
  const outcome = row.outcome as Settlement | null;
  if (outcome) return acknowledgmentOf(row.id, outcome.lines, row.erpOrderNumber ?? undefined);
  const reason = (row.diagnostics as { severity?: string; message?: string }[]).find(
    (d) => d.severity === 'error',
  )?.message;
  return acknowledgmentFor(row.data as Order, row.status as 'accepted' | 'rejected', reason);
}

/**
 * acknowledge: asks for an 855 for every accepted or rejected order of the message whose partner takes them
 * (held orders get theirs when a person decides; with the partner's `awaitErpNumber`, accepted orders get
 * theirs once the ERP's order number is recorded; a change order gets none: its answer, per the partner's
 * `changeAck`, is about the order it changed and is asked for when it is applied). The outbound document is
 * recorded as `requested` with its canonical Acknowledgment; the 855 encoder and the delivery transports take
 * it from there. An order that already has an 855 document gets no second one, so the stage is safe to
 * repeat. Orders are read a page at a time (by id), so memory does not grow with the size of the message.
 */
export const acknowledgeStage: TransactionalStage<'acknowledge', 'encode'> = {
  name: 'acknowledge',
  input: 'an inbound message (its routed orders)',
  next: ['encode'],
  async run({ tx, job, enqueue }) {
    const sends = new Map<string, { send855: boolean; awaitErpNumber: boolean }>();
    let requested = false;
    const pages = pagesOfStatuses(['accepted', 'rejected'], (status, after) =>
      tx
        .select({
          id: orders.id,
          partnerId: orders.partnerId,
          status: orders.status,
          data: orders.data,
          diagnostics: orders.diagnostics,
          outcome: orders.outcome,
          erpOrderNumber: orders.erpOrderNumber,
        })
        .from(orders)
        .where(
          and(
            messageOrdersAfter(job.entityId, status, after),
            // a change order is no order of its own: it is answered per the partner's changeAck, for the order
            // it changed, when it is applied (../wholesale/apply-change.ts); an 855 naming its PO would tell the
            // buyer the live order was accepted or rejected anew
            sql`${orders.purpose} not in ('replace', 'cancel')`,
          ),
        )
        .orderBy(orders.id)
        .limit(ORDER_PAGE),
    );
    for await (const page of pages) {
      const rows = await withoutAn855(tx, page);
      for (const partnerId of new Set(rows.map((r) => r.partnerId)))
        if (!sends.has(partnerId)) {
          const settings = (await outboundAgreement(tx, partnerId))?.settings;
          sends.set(partnerId, {
            send855: settings?.send855 === true,
            awaitErpNumber: settings?.awaitErpNumber === true,
          });
        }
      const documents = rows
        .filter((r) => {
          const partner = sends.get(r.partnerId);
          // an accepted order whose partner waits for the ERP's number is answered once it is recorded
          const waiting = partner?.awaitErpNumber && r.status === 'accepted' && r.erpOrderNumber === null;
          return partner?.send855 && !waiting;
        })
        .map((r) => ({ id: randomUUID(), orderId: r.id, partnerId: r.partnerId, content: answerTo(r) }));
      if (documents.length === 0) continue;
      requested = true;
      await insertRecordset(
        tx,
        'outbound_documents',
        'id text, type text, partner_id text, order_id text, source_message_id text, status text, content jsonb',
        documents.map((d) => ({
          id: d.id,
          type: '855',
          partner_id: d.partnerId,
          order_id: d.orderId,
          source_message_id: job.entityId,
          status: 'requested',
          content: d.content,
        })),
      );
      await audit(
        tx,
        documents.map((d) => ({
          actor: 'pipeline',
          entityType: 'outbound_document',
          entityId: d.id,
          action: 'request',
          after: { status: 'requested', type: '855', orderId: d.orderId, ack: d.content.status },
        })),
      );
    }
    if (requested) await enqueue('encode', job.entityId);
  },
};

/**
 * The orders of a page that have no 855 document yet (a repeated run finds the ones it made). Asked per page
 * by order id (index outbound_documents_order) rather than as a `not exists` in the page's query, for which
 * the planner took a hash anti-join that read every outbound document of the database once per page.
 */
async function withoutAn855<T extends { id: string }>(tx: Database, page: T[]): Promise<T[]> {
  const answered = await tx
    .select({ orderId: outboundDocuments.orderId })
    .from(outboundDocuments)
    .where(
      and(
        inList(
          outboundDocuments.orderId,
          page.map((r) => r.id),
        ),
        eq(outboundDocuments.type, '855'),
      ),
    );
  if (answered.length === 0) return page;
  const skip = new Set(answered.map((d) => d.orderId));
  return page.filter((r) => !skip.has(r.id));
}
