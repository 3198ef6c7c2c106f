import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { auditEvents, outboundDocuments } from '../db/schema.ts';
import { ENCODE_STAGE } from './encode.stage.ts';
import { enqueueJob } from './outbox.ts';

/**
 * Asks for an outbound document (an 810 posted over HTTP, an 856 …): the document, its audit event and its
 * encode job in one transaction, so a request is either fully taken or not at all. The caller wakes the
 * dispatcher afterwards.
 */
export async function requestDocument(
  db: Database,
  input: { type: string; partnerId: string; orderId: string; content: unknown; actor: string },
): Promise<{ documentId: string }> {
  const documentId = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(outboundDocuments).values({
      id: documentId,
      type: input.type,
      partnerId: input.partnerId,
      orderId: input.orderId,
      status: 'requested',
      content: input.content,
    });
    await tx.insert(auditEvents).values({
      actor: input.actor,
      entityType: 'outbound_document',
      entityId: documentId,
      action: 'request',
      after: { status: 'requested', type: input.type, orderId: input.orderId },
    });
    await enqueueJob(tx, ENCODE_STAGE, documentId);
  });
  return { documentId };
}
