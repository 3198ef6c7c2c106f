import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../db/audit.ts';
import type { as2Transfers } from '../../db/schema.ts';
import { messages, outboundDocuments } from '../../db/schema.ts';
import { wakeDispatcher } from '../../pipeline/intake/intake.ts';
import { enqueueStage } from '../../pipeline/stage-names.ts';
import { type As2DoorDeps, MDN } from './as2-door.ts';
import { type As2Headers, type As2HttpAnswer, emptyAnswer } from './as2-request.ts';

/**
 * A Message-ID received and processed before: the stored request is marked a duplicate and answered with the
 * MDN the first one got, in the HTTP answer or posted again as it was asked for then; it is not processed again.
 */
export async function answerAgain(
  deps: As2DoorDeps,
  raw: string,
  earlier: typeof as2Transfers.$inferSelect,
  headers: As2Headers,
): Promise<As2HttpAnswer> {
  const [mdn] =
    earlier.mdnMessageId === null
      ? []
      : await deps.db
          .select({ raw: messages.raw, control: messages.control })
          .from(messages)
          .where(eq(messages.id, earlier.mdnMessageId));
  await deps.db.transaction(async (tx) => {
    await tx
      .update(messages)
      .set({
        status: 'done',
        diagnostics: [
          {
            code: 'as2.duplicate',
            severity: 'warning',
            message: `${headers.messageId} was received before: answered with its first MDN, not processed again`,
          },
        ],
        updatedAt: sql`now()`,
      })
      .where(eq(messages.id, raw));
    await audit(tx, {
      actor: 'pipeline',
      entityType: 'as2_transfer',
      entityId: earlier.id,
      action: 'duplicate',
      after: { as2MessageId: headers.messageId, duplicateMessageId: raw },
    });
    // the partner sends again because no MDN reached it: the first one is posted again
    if (earlier.mdnMode === 'async' && earlier.mdnMessageId !== null) {
      await tx
        .update(outboundDocuments)
        .set({ status: 'encoded', updatedAt: sql`now()` })
        .where(and(eq(outboundDocuments.messageId, earlier.mdnMessageId), eq(outboundDocuments.type, MDN)));
      await enqueueStage(tx, 'deliver', earlier.mdnMessageId, { again: true });
    }
  });
  wakeDispatcher(deps);
  const mdnHeaders = mdn?.control?.headers;
  if (headers.receiptDeliveryOption === undefined && mdn !== undefined && mdnHeaders !== undefined)
    return { status: 200, headers: JSON.parse(mdnHeaders) as Record<string, string>, body: mdn.raw };
  return emptyAnswer();
}
