import { and, desc, eq, sql } from 'drizzle-orm';
import { audit } from '../../db/audit.ts';
import { raiseException } from '../../db/exceptions.ts';
import { as2Transfers } from '../../db/schema.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import { enqueueStage } from '../stage-names.ts';
import { AS2_MAX_SENDS } from './as2-transfers.ts';

/**
 * as2-mdn-wait: runs when an asynchronous MDN for a message sent over AS2 should have come. If it has (the
 * transfer is acknowledged) nothing is left to do; if not, the message is sent again with the same Message-ID
 * (the deliver job put back in line), until {@link AS2_MAX_SENDS} sends, after which the transfer fails and an
 * exception naming the partner and the message is opened for an operator. Its entity is the outbound message.
 */
export const as2MdnWaitStage: TransactionalStage<'as2-mdn-wait', 'deliver'> = {
  name: 'as2-mdn-wait',
  input: 'an outbound message sent over AS2, waiting for its asynchronous MDN',
  next: ['deliver'],
  async run({ tx, job }) {
    const [transfer] = await tx
      .select()
      .from(as2Transfers)
      .where(and(eq(as2Transfers.messageId, job.entityId), eq(as2Transfers.direction, 'outbound')))
      .orderBy(desc(as2Transfers.createdAt))
      .limit(1);
    if (transfer === undefined || transfer.status !== 'awaiting-mdn') return;
    if (transfer.attempts >= AS2_MAX_SENDS) {
      // the last send went unconfirmed: the transfer fails and an operator is told, with the partner and message
      await tx
        .update(as2Transfers)
        .set({ status: 'failed', resendAt: null, updatedAt: sql`now()` })
        .where(eq(as2Transfers.id, transfer.id));
      await raiseException(tx, {
        code: 'as2.mdn_not_received',
        kind: 'permanent',
        message: `no MDN for ${transfer.as2MessageId} after ${transfer.attempts} sends to ${transfer.partnerId}`,
        partnerId: transfer.partnerId,
        messageId: job.entityId,
        details: { as2MessageId: transfer.as2MessageId, sends: transfer.attempts },
      });
      await audit(tx, {
        actor: 'pipeline',
        entityType: 'as2_transfer',
        entityId: transfer.id,
        action: 'fail',
        before: { status: 'awaiting-mdn' },
        after: { status: 'failed', sends: transfer.attempts },
      });
      return;
    }
    await enqueueStage(tx, 'deliver', job.entityId, { again: true });
  },
};
