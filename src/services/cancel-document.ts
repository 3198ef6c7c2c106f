import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { ACKNOWLEDGED_TYPES, CANCELLABLE_DOCUMENT_STATUSES } from '../db/document-status.ts';
import { exceptions, outboundDocuments } from '../db/schema.ts';

export type CancelOutcome =
  | {
      outcome: 'cancelled';
      document: { id: string; type: string; orderId: string | null; status: 'cancelled' };
    }
  | { outcome: 'not_found' }
  | { outcome: 'not_cancellable'; type: string; status: string };

const CANCELLABLE_TYPES: readonly string[] = ACKNOWLEDGED_TYPES;
const CANCELLABLE_STATUSES: readonly string[] = CANCELLABLE_DOCUMENT_STATUSES;

/**
 * Cancels an 855, 856 or 810 that never reached the partner: `requested` (waiting for the encode stage, or
 * stuck there) or `failed` in encode. It becomes `cancelled`, which no longer counts as shipped, invoiced or
 * acknowledged, so the same shipment or invoice can be asked for again; the open exception of a failed one is
 * resolved, and the change audited with `actor`. A document that went out (encoded, delivered, answered by
 * the partner) is not cancelled here: taking back a sent 856 or 810 is another document to the partner (a
 * cancellation ASN, a credit memo), not a change of ours. The row is locked, so an encode running at the same
 * moment either finds it cancelled or has encoded it first (then it is not cancellable).
 */
export async function cancelDocument(db: Database, id: string, actor: string): Promise<CancelOutcome> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({
        id: outboundDocuments.id,
        type: outboundDocuments.type,
        orderId: outboundDocuments.orderId,
        status: outboundDocuments.status,
      })
      .from(outboundDocuments)
      .where(eq(outboundDocuments.id, id))
      .for('update');
    if (found === undefined) return { outcome: 'not_found' };
    if (!CANCELLABLE_TYPES.includes(found.type) || !CANCELLABLE_STATUSES.includes(found.status))
      return { outcome: 'not_cancellable', type: found.type, status: found.status };
    await tx
      .update(outboundDocuments)
      .set({ status: 'cancelled', updatedAt: sql`now()` })
      .where(eq(outboundDocuments.id, id));
    await tx
      .update(exceptions)
      .set({ status: 'resolved', resolvedAt: sql`now()` })
      .where(and(eq(exceptions.status, 'open'), eq(sql`${exceptions.details}->>'documentId'`, id)));
    await audit(tx, {
      actor,
      entityType: 'outbound_document',
      entityId: id,
      action: 'cancel',
      before: { status: found.status },
      after: { status: 'cancelled' },
    });
    return {
      outcome: 'cancelled',
      document: { id, type: found.type, orderId: found.orderId, status: 'cancelled' },
    };
  });
}
