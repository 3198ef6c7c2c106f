import { createHash, randomUUID } from 'node:crypto';
import type { Channel } from '../../core/order.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents, messages } from '../../db/schema.ts';
import { enqueueJob } from '../dispatch/outbox.ts';

/** The stage every inbound message starts with. */
export const DECODE_STAGE = 'decode';

export interface InboundMessage {
  channel: Channel;
  bytes: Uint8Array;
  /** Set when the transport already knows the partner (API key, a partner's drop folder). */
  partnerId?: string;
  /** Transport-level sender: "api-key:<partner>", "admin", "file:<path>", an e-mail address … */
  sender?: string;
  filename?: string;
  contentType?: string;
  /** Who handed it over, for the audit trail ("admin", "partner:<id>", "file-drop"). */
  actor: string;
}

/**
 * Stores an inbound message's raw bytes and asks for its decode stage, in one transaction (DESIGN §1: raw
 * first, outbox). Only once this resolves may the source be told the message was received (HTTP 202, a file
 * moved, IMAP \Seen); call the dispatcher's `notify()` afterwards so the decode starts at once.
 */
export async function receiveMessage(db: Database, input: InboundMessage): Promise<{ messageId: string }> {
  const messageId = randomUUID();
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  await db.transaction(async (tx) => {
    await tx.insert(messages).values({
      id: messageId,
      direction: 'inbound',
      channel: input.channel,
      partnerId: input.partnerId ?? null,
      raw: input.bytes,
      sha256,
      size: input.bytes.byteLength,
      sender: input.sender ?? null,
      filename: input.filename ?? null,
      contentType: input.contentType ?? null,
    });
    await tx.insert(auditEvents).values({
      actor: input.actor,
      entityType: 'message',
      entityId: messageId,
      action: 'receive',
      after: { status: 'received', channel: input.channel, size: input.bytes.byteLength, sha256 },
    });
    await enqueueJob(tx, DECODE_STAGE, messageId);
  });
  return { messageId };
}
