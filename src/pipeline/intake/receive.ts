import type { Channel } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { storeMessage } from '../../db/store-message.ts';
import { enqueueStage } from '../stage-names.ts';

export interface InboundMessage {
  channel: Channel;
  bytes: Uint8Array;
  /** Set when the transport already knows the partner (API key, a partner's drop folder). */
  partnerId?: string;
  /** Transport-level sender: "api-key:<partner>", "admin", "file:<path>", an e-mail address … */
  sender?: string;
  filename?: string;
  contentType?: string;
  /** The connector instance that received it (a mailbox), when one. */
  connectorInstance?: string;
  /** Who handed it over, for the audit trail ("admin", "partner:<id>", "file-drop"). */
  actor: string;
}

/**
 * Stores an inbound message's raw bytes and asks for its decode stage, in one transaction (DESIGN §1: raw
 * first, outbox). Only once this resolves may the source be told the message was received (HTTP 202, a file
 * moved, IMAP \Seen); call the dispatcher's `notify()` afterwards so the decode starts at once.
 */
export async function receiveMessage(db: Database, input: InboundMessage): Promise<{ messageId: string }> {
  return db.transaction(async (tx) => {
    const { id: messageId, sha256 } = await storeMessage(tx, {
      direction: 'inbound',
      channel: input.channel,
      partnerId: input.partnerId ?? null,
      raw: input.bytes,
      sender: input.sender ?? null,
      connectorInstance: input.connectorInstance ?? null,
      filename: input.filename ?? null,
      contentType: input.contentType ?? null,
    });
    await audit(tx, {
      actor: input.actor,
      entityType: 'message',
      entityId: messageId,
      action: 'receive',
      after: { status: 'received', channel: input.channel, size: input.bytes.byteLength, sha256 },
    });
    await enqueueStage(tx, 'decode', messageId);
    return { messageId };
  });
}
