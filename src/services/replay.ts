import { eq } from 'drizzle-orm';
import { permanent } from '../core/errors.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { messages } from '../db/schema.ts';
import { storeMessage } from '../db/store-message.ts';
import { enqueueStage } from '../pipeline/stage-names.ts';

/**
 * Re-runs an inbound message from its raw bytes, with the mappings active now: a new message linked to the
 * old one (`replay_of`) goes through the whole pipeline again. The old one is left as it was; when the new
 * run yields orders they supersede the old run's (see supersedeReplayed in src/pipeline/stages/replayed-runs.ts).
 */
export async function replayMessage(db: Database, id: string, actor: string): Promise<{ messageId: string }> {
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(messages).where(eq(messages.id, id));
    if (old === undefined) throw permanent('request.not_found', `no message ${id}`);
    if (old.direction !== 'inbound')
      throw permanent('request.invalid', 'only inbound messages can be replayed');
    const { id: messageId } = await storeMessage(tx, {
      direction: 'inbound',
      channel: old.channel,
      partnerId: old.partnerId,
      raw: old.raw,
      sender: old.sender,
      filename: old.filename,
      contentType: old.contentType,
      // a replayed mail is answered through the mailbox it came in by
      connectorInstance: old.connectorInstance,
      replayOf: old.id,
    });
    await audit(tx, [
      { actor, entityType: 'message', entityId: old.id, action: 'replay', after: { replayedAs: messageId } },
      {
        actor,
        entityType: 'message',
        entityId: messageId,
        action: 'receive',
        after: { status: 'received', replayOf: old.id },
      },
    ]);
    await enqueueStage(tx, 'decode', messageId);
    return { messageId };
  });
}
