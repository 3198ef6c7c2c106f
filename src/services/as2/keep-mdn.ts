import { randomUUID } from 'node:crypto';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { outboundDocuments } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { enqueueStage } from '../../pipeline/stage-names.ts';
import { MDN } from './as2-door.ts';
import type { As2Headers } from './as2-request.ts';
import type { MdnToAnswer } from './inbound-mdn.ts';

/**
 * Keeps the MDN we answer as an outbound message (a duplicate request is answered with it again, byte for
 * byte); an asynchronous one also gets a document to deliver, queued for the deliver stage, which posts it to
 * the partner's Receipt-Delivery-Option and retries it like any delivery. Answers the message's id.
 */
export async function keepMdn(
  tx: Database,
  mdn: MdnToAnswer,
  partnerId: string,
  mode: 'sync' | 'async',
  headers: As2Headers,
): Promise<string> {
  const control = {
    headers: JSON.stringify(mdn.headers),
    as2MessageId: mdn.messageId,
    answers: headers.messageId,
    ...(mode === 'async' && headers.receiptDeliveryOption ? { to: headers.receiptDeliveryOption } : {}),
  };
  const stored = await storeMessage(tx, {
    direction: 'outbound',
    channel: 'as2',
    type: MDN,
    partnerId,
    raw: mdn.body,
    contentType: mdn.contentType,
    status: 'done',
    control,
  });
  if (mode === 'async') await asyncMdnDocument(tx, stored.id, partnerId, control);
  return stored.id;
}

/** An asynchronous MDN to post: a document of its message, delivered by the deliver stage. */
async function asyncMdnDocument(
  tx: Database,
  messageId: string,
  partnerId: string,
  control: Record<string, string>,
): Promise<void> {
  const id = randomUUID();
  await tx.insert(outboundDocuments).values({
    id,
    type: MDN,
    partnerId,
    messageId,
    status: 'encoded',
    content: { answers: control.answers, to: control.to },
    control,
  });
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'outbound_document',
    entityId: id,
    action: 'create',
    after: { status: 'encoded', type: MDN, messageId },
  });
  await enqueueStage(tx, 'deliver', messageId);
}
