import { eq, sql } from 'drizzle-orm';
import { permanent } from '../core/errors.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { orders } from '../db/schema.ts';
import { enqueueStage } from '../pipeline/stage-names.ts';

/** What recording an ERP number did: the order's number now, and whether this call recorded it. */
export interface ErpNumberRecorded {
  orderId: string;
  erpOrderNumber: string;
  /** False when the order had this very number already (a repeated call: nothing changed, nothing queued). */
  recorded: boolean;
}

/**
 * Records the ERP's order number on an accepted order (`POST /v1/orders/:id/erp`), audited, and asks the
 * acknowledge stage to run again for the order's message, so an 855 held for the number (the partner's
 * `awaitErpNumber`) goes out with it in BAK08; the stage sends no second 855 for an order that has one. The
 * same number again is a no-op; `order.not_awaiting_erp` (409) when the order is not accepted or has another
 * number. Undefined when there is no such order. The caller wakes the dispatcher when `recorded`.
 */
export async function recordErpNumber(
  db: Database,
  orderId: string,
  erpOrderNumber: string,
  actor: string,
): Promise<ErpNumberRecorded | undefined> {
  return db.transaction(async (tx) => {
    // locked, so two calls with different numbers cannot both find none recorded
    const [order] = await tx
      .select({
        id: orders.id,
        status: orders.status,
        messageId: orders.messageId,
        poNumber: orders.poNumber,
        erpOrderNumber: orders.erpOrderNumber,
      })
      .from(orders)
      .where(eq(orders.id, orderId))
      .for('update');
    if (order === undefined) return undefined;
    if (order.erpOrderNumber === erpOrderNumber) return { orderId, erpOrderNumber, recorded: false };
    if (order.status !== 'accepted')
      throw permanent('order.not_awaiting_erp', `order ${order.poNumber} is ${order.status}, not accepted`, {
        details: { orderId, status: order.status },
      });
    if (order.erpOrderNumber !== null)
      throw permanent(
        'order.not_awaiting_erp',
        `order ${order.poNumber} has ERP number ${order.erpOrderNumber} already`,
        { details: { orderId, erpOrderNumber: order.erpOrderNumber } },
      );
    await tx.update(orders).set({ erpOrderNumber, updatedAt: sql`now()` }).where(eq(orders.id, orderId));
    await audit(tx, {
      actor,
      entityType: 'order',
      entityId: orderId,
      action: 'erp_number',
      before: { erpOrderNumber: null },
      after: { erpOrderNumber },
    });
    await enqueueStage(tx, 'acknowledge', order.messageId, { again: true });
    return { orderId, erpOrderNumber, recorded: true };
  });
}
