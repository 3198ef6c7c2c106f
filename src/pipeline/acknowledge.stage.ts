import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { Acknowledgment } from '../core/documents.ts';
import type { Order } from '../core/order.ts';
import { orders, outboundDocuments } from '../db/schema.ts';
import { ENCODE_STAGE } from './encode.stage.ts';
import { AUDIT_COLUMNS, insertRecordset } from './order-writer.ts';
import { outboundAgreement } from './outbound-agreement.ts';
import { ACKNOWLEDGE_STAGE } from './route.stage.ts';
import type { Stage } from './stage.ts';

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
 * acknowledge: asks for an 855 for every accepted or rejected order of the message whose partner takes them
 * (held orders get theirs when a person decides). The outbound document is recorded as `requested` with its
 * canonical Acknowledgment; the 855 encoder and the delivery transports take it from there. An order that
 * already has an 855 document gets no second one, so the stage is safe to repeat.
 */
export const acknowledgeStage: Stage = {
  name: ACKNOWLEDGE_STAGE,
  async run({ tx, job, enqueue }) {
    const rows = await tx
      .select({
        id: orders.id,
        partnerId: orders.partnerId,
        status: orders.status,
        data: orders.data,
        diagnostics: orders.diagnostics,
      })
      .from(orders)
      .where(and(eq(orders.messageId, job.entityId), inArray(orders.status, ['accepted', 'rejected'])));
    if (rows.length === 0) return;
    const existing = await tx
      .select({ orderId: outboundDocuments.orderId })
      .from(outboundDocuments)
      .where(
        and(
          eq(outboundDocuments.type, '855'),
          inArray(
            outboundDocuments.orderId,
            rows.map((r) => r.id),
          ),
        ),
      );
    const done = new Set(existing.map((e) => e.orderId));
    const sends = new Map<string, boolean>();
    for (const partnerId of new Set(rows.map((r) => r.partnerId)))
      sends.set(partnerId, (await outboundAgreement(tx, partnerId))?.settings.send855 === true);
    const documents = rows
      .filter((r) => !done.has(r.id) && sends.get(r.partnerId))
      .map((r) => {
        const reason = (r.diagnostics as { severity?: string; message?: string }[]).find(
          (d) => d.severity === 'error',
        )?.message;
        const ack = acknowledgmentFor(r.data as Order, r.status as 'accepted' | 'rejected', reason);
        return {
          id: randomUUID(),
          type: '855',
          partnerId: r.partnerId,
          orderId: r.id,
          sourceMessageId: job.entityId,
          status: 'requested',
          content: ack,
        };
      });
    if (documents.length > 0) await enqueue(ENCODE_STAGE, job.entityId);
    for (let i = 0; i < documents.length; i += 2_000) {
      const chunk = documents.slice(i, i + 2_000);
      // one JSON parameter per statement (see insertRecordset): the 855s of a 100-order message were the
      // acknowledge stage's main CPU cost as drizzle multi-row inserts
      await insertRecordset(
        tx,
        'outbound_documents',
        'id text, type text, partner_id text, order_id text, source_message_id text, status text, content jsonb',
        chunk.map((d) => ({
          id: d.id,
          type: d.type,
          partner_id: d.partnerId,
          order_id: d.orderId,
          source_message_id: d.sourceMessageId,
          status: d.status,
          content: d.content,
        })),
      );
      await insertRecordset(
        tx,
        'audit_events',
        AUDIT_COLUMNS,
        chunk.map((d) => ({
          actor: 'pipeline',
          entity_type: 'outbound_document',
          entity_id: d.id,
          action: 'request',
          before: null,
          after: { status: 'requested', type: '855', orderId: d.orderId, ack: d.content.status },
        })),
      );
    }
  },
};
