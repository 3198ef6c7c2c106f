import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { storeMessage } from '../../db/store-message.ts';
import { type As2Headers, type As2HttpRequest, storedRequestBytes } from './as2-request.ts';

/**
 * Stores an AS2 request raw (headers and body, as `application/http`), in a transaction of its own, before it
 * is looked at: whatever unwrapping it comes to, the partner's bytes are kept. Answers its message id.
 */
export async function storeAs2Request(
  db: Database,
  request: As2HttpRequest,
  partnerId: string,
  headers: As2Headers,
): Promise<string> {
  return db.transaction(async (tx) => {
    const stored = await storeMessage(tx, {
      direction: 'inbound',
      channel: 'as2',
      type: 'AS2',
      partnerId,
      raw: storedRequestBytes(request),
      sender: `as2:${headers.as2From}`,
      filename: headers.messageId,
      contentType: 'application/http',
      status: 'received',
    });
    await audit(tx, {
      actor: `partner:${partnerId}`,
      entityType: 'message',
      entityId: stored.id,
      action: 'receive',
      after: { status: 'received', channel: 'as2', size: stored.size, sha256: stored.sha256 },
    });
    return stored.id;
  });
}
