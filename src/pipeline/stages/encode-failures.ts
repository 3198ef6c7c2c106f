import { sql } from 'drizzle-orm';
import type { GatewayErrorShape } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { raiseException } from '../../db/exceptions.ts';
import { outboundDocuments } from '../../db/schema.ts';

/** A requested document the encode stage cannot turn into X12, and why. */
export interface EncodeFailure {
  document: { id: string; type: string; orderId: string | null; sourceMessageId: string | null };
  error: GatewayErrorShape;
}

/**
 * Sets aside documents that cannot be encoded (a value the partner's X12 cannot carry, an encoder's refusal):
 * each becomes `failed`, which no longer counts as shipped, invoiced or acknowledged, with an audit event and
 * an open exception an operator sees (`details.documentId`; cancelling the document resolves it). The other
 * documents of the job are encoded as usual: one bad invoice does not hold back the 855s of other orders.
 */
export async function setAsideDocuments(
  tx: Database,
  failures: readonly EncodeFailure[],
  context: { jobId: string; stage: string },
): Promise<void> {
  if (failures.length === 0) return;
  await tx
    .update(outboundDocuments)
    .set({ status: 'failed', updatedAt: sql`now()` })
    .where(
      inList(
        outboundDocuments.id,
        failures.map((f) => f.document.id),
      ),
    );
  // NUL in a message quoting a partner's bytes is taken care of by the bulk writers
  await audit(
    tx,
    failures.map(({ document, error }) => ({
      actor: 'pipeline',
      entityType: 'outbound_document',
      entityId: document.id,
      action: context.stage,
      before: { status: 'requested' },
      after: { status: 'failed', code: error.code, message: error.message },
    })),
  );
  await raiseException(
    tx,
    failures.map(({ document, error }) => ({
      ...(document.sourceMessageId ? { messageId: document.sourceMessageId } : {}),
      ...(document.orderId ? { orderId: document.orderId } : {}),
      code: error.code,
      kind: error.kind,
      message: `${document.type} ${document.id} cannot be encoded: ${error.message}`,
      details: {
        documentId: document.id,
        type: document.type,
        stage: context.stage,
        jobId: context.jobId,
        ...(error.details !== undefined && { problems: error.details }),
      },
    })),
  );
}
