import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { type RaisedException, raiseException } from '../../db/exceptions.ts';
import { messages, orders } from '../../db/schema.ts';
import { outboundAgreement } from '../../partners/outbound-agreement.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import { messageOrdersAfter, ORDER_PAGE, pagesById } from './order-pages.ts';
import { changeOrderStates, type OrderStateChange } from './order-states.ts';

/**
 * route: decides each validated order's fate. Invalid → rejected; flagged as a duplicate PO, or the partner's
 * agreement holds every order for review → held for a person (an open exception); else accepted (the
 * pass-through gateway of DESIGN §5). Then the message is done, and when the partner takes 855s the
 * acknowledge stage is asked for.
 */
export const routeStage: TransactionalStage<'route', 'acknowledge'> = {
  name: 'route',
  input: 'an inbound message (its validated orders)',
  next: ['acknowledge'],
  async run({ tx, job, enqueue }) {
    const agreements = new Map<string, Awaited<ReturnType<typeof outboundAgreement>>>();
    let decided = false;
    // a page at a time (by id), so memory does not grow with the size of the message
    const pages = pagesById((after) =>
      tx
        .select({
          id: orders.id,
          partnerId: orders.partnerId,
          poNumber: orders.poNumber,
          status: orders.status,
          diagnostics: orders.diagnostics,
        })
        .from(orders)
        .where(messageOrdersAfter(job.entityId, ['valid', 'invalid'], after))
        .orderBy(orders.id)
        .limit(ORDER_PAGE)
        .for('update'),
    );
    for await (const rows of pages) {
      for (const partnerId of new Set(rows.map((r) => r.partnerId)))
        if (!agreements.has(partnerId)) agreements.set(partnerId, await outboundAgreement(tx, partnerId));

      const changes: OrderStateChange[] = [];
      const held: RaisedException[] = [];
      for (const row of rows) {
        if (row.status === 'invalid') {
          changes.push({ id: row.id, from: 'invalid', to: 'rejected' });
          continue;
        }
        const duplicate = (row.diagnostics as { code?: string }[]).some(
          (d) => d.code === 'order.duplicate_po',
        );
        const review = agreements.get(row.partnerId)?.settings.holdForReview === true;
        if (duplicate || review) {
          changes.push({ id: row.id, from: 'valid', to: 'held' });
          held.push({
            messageId: job.entityId,
            orderId: row.id,
            code: duplicate ? 'order.duplicate_po' : 'order.review',
            kind: 'permanent',
            message: duplicate
              ? `PO ${row.poNumber} was already received from ${row.partnerId}`
              : `${row.partnerId}'s agreement holds every order for review`,
          });
        } else changes.push({ id: row.id, from: 'valid', to: 'accepted' });
      }
      await changeOrderStates(tx, changes, { actor: 'pipeline', action: 'route' });
      await raiseException(tx, held);
      decided ||= changes.some((c) => c.to === 'accepted' || c.to === 'rejected');
    }
    await finishMessage(tx, job.entityId);
    const answered = [...agreements.values()].some((a) => a?.settings.send855);
    if (answered && decided) await enqueue('acknowledge', job.entityId);
  },
};

/** processing → done, once every order of the message is routed. */
async function finishMessage(tx: Database, messageId: string): Promise<void> {
  const updated = await tx
    .update(messages)
    .set({ status: 'done', updatedAt: sql`now()` })
    .where(and(eq(messages.id, messageId), eq(messages.status, 'processing')))
    .returning({ id: messages.id });
  if (updated.length > 0) {
    await audit(tx, {
      actor: 'pipeline',
      entityType: 'message',
      entityId: messageId,
      action: 'route',
      before: { status: 'processing' },
      after: { status: 'done' },
    });
  }
}
