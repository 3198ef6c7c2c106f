import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { orders, outboundDocuments } from '../db/schema.ts';
import { enqueueStage } from '../pipeline/stage-names.ts';

/**
 * Asks for an outbound document (an 810 posted over HTTP, an 856 …): the document, its audit event and its
 * encode job in one transaction, so a request is either fully taken or not at all. The caller wakes the
 * dispatcher afterwards.
 */
export async function requestDocument<C>(
  db: Database,
  input: {
    type: string;
    partnerId: string;
    orderId: string;
    /**
     * Builds the content with the orders' rows locked (`orderIds`, default the one order), so checks against
     * documents already requested for them (e.g. quantities shipped before) cannot race a second request.
     */
    prepare: (tx: Database) => Promise<C>;
    orderIds?: string[];
    actor: string;
  },
): Promise<{ documentId: string; content: C }> {
  const documentId = randomUUID();
  const content = await db.transaction(async (tx) => {
    const locked = [...(input.orderIds ?? [input.orderId])].sort();
    await tx.select({ id: orders.id }).from(orders).where(inArray(orders.id, locked)).for('update');
    const content = await input.prepare(tx);
    await recordDocumentRequest(tx, { id: documentId, ...input, content });
    return content;
  });
  return { documentId, content };
}

/**
 * The request itself, in the caller's transaction: the document `requested`, its audit event and its encode
 * job (by the document's id), so it is either fully taken or not at all.
 */
export async function recordDocumentRequest(
  tx: Database,
  input: { id: string; type: string; partnerId: string; orderId: string; content: unknown; actor: string },
): Promise<void> {
  await tx.insert(outboundDocuments).values({
    id: input.id,
    type: input.type,
    partnerId: input.partnerId,
    orderId: input.orderId,
    status: 'requested',
    content: input.content,
  });
  await audit(tx, {
    actor: input.actor,
    entityType: 'outbound_document',
    entityId: input.id,
    action: 'request',
    after: { status: 'requested', type: input.type, orderId: input.orderId },
  });
  await enqueueStage(tx, 'encode', input.id);
}
