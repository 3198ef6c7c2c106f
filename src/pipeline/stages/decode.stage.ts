import { eq, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { Channel } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import { withoutNul } from '../../db/json-safe.ts';
import { messageBytes } from '../../db/message-bytes.ts';
import { messages } from '../../db/schema.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import type { InboundFormat } from './inbound-format.ts';

/**
 * decode: turns a stored inbound message into canonical orders and the answers its sender is owed, in the
 * job's transaction, with the format registered for the message's channel (inbound-formats.ts): the stage
 * knows no format. Idempotent: a message that is no longer `received` was decoded already (a replay is a
 * new message linked to the old one), so running the stage again changes nothing and emits nothing.
 */
export function decodeStage(
  formats: ReadonlyMap<Channel, InboundFormat>,
): TransactionalStage<'decode', 'validate' | 'deliver' | 'decode'> {
  return {
    name: 'decode',
    input: 'an inbound message, stored raw',
    next: ['validate', 'deliver', 'decode'],
    async run({ tx, job, enqueue }) {
      // FOR UPDATE: a second delivery of the same job waits here and then sees the new status
      const [message] = await tx
        .select({
          id: messages.id,
          direction: messages.direction,
          channel: messages.channel,
          partnerId: messages.partnerId,
          status: messages.status,
          replayOf: messages.replayOf,
          sender: messages.sender,
          filename: messages.filename,
          contentType: messages.contentType,
          connectorInstance: messages.connectorInstance,
        })
        .from(messages)
        .where(eq(messages.id, job.entityId))
        .for('update');
      if (message === undefined) throw permanent('message.not_found', `no message ${job.entityId}`);
      if (message.status !== 'received') return;
      const format = message.direction === 'inbound' ? formats.get(message.channel as Channel) : undefined;
      if (format === undefined)
        throw permanent(
          'message.channel_not_supported',
          `no decoder for ${message.direction} ${message.channel} messages`,
        );

      const outcome = await format.decode(tx, { ...message, raw: messageBytes(tx, message.id) });
      // with orders to validate and route the message is finished by the route stage
      const status = outcome.orderIds.length > 0 ? 'processing' : outcome.status;
      await tx
        .update(messages)
        .set({
          status,
          diagnostics: withoutNul(outcome.diagnostics),
          type: withoutNul(outcome.documentTypes ?? null),
          // a message an admin posted belongs to the partner its interchanges came from
          partnerId: message.partnerId ?? outcome.partnerId ?? null,
          updatedAt: sql`now()`,
        })
        .where(eq(messages.id, message.id));
      if (outcome.orderIds.length > 0) await enqueue('validate', message.id);
      // answers are pushed to partners that have a delivery transport; the others pull them
      for (const messageId of outcome.toDeliver) await enqueue('deliver', messageId);
      for (const messageId of outcome.toDecode ?? []) await enqueue('decode', messageId);
      await audit(tx, {
        actor: 'pipeline',
        entityType: 'message',
        entityId: message.id,
        action: 'decode',
        before: { status: message.status },
        after: {
          status,
          orders: outcome.orderIds.length,
          acks: outcome.answers,
          ...outcome.counts,
        },
      });
    },
  };
}
