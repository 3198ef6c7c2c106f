import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DeliveryReceipt } from '../../core/connector.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { as2Transfers } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { enqueueStage } from '../stage-names.ts';

/** Sends of one message over AS2 before it is held for an operator when no asynchronous MDN comes. */
export const AS2_MAX_SENDS = 5;

/** A partner's AS2 transfer one way by its Message-ID: what came in before, or what we sent. */
export async function as2Transfer(
  tx: Database,
  partnerId: string,
  direction: 'inbound' | 'outbound',
  as2MessageId: string,
) {
  const [row] = await tx
    .select()
    .from(as2Transfers)
    .where(
      and(
        eq(as2Transfers.partnerId, partnerId),
        eq(as2Transfers.direction, direction),
        eq(as2Transfers.as2MessageId, as2MessageId),
      ),
    );
  return row;
}

/**
 * Keeps what an AS2 send came to, in the deliver job's transaction: a verified MDN is stored as an inbound
 * message and the transfer marked acknowledged; a send whose MDN comes later is marked awaiting, and a wait
 * (`as2-mdn-wait`) is asked for, which sends again if the MDN has not come by then. Answers whether the
 * message's documents wait for that MDN (they are delivered only once it comes).
 */
export async function recordAs2Send(
  tx: Database,
  sent: { messageId: string; partnerId: string; receipt: DeliveryReceipt },
): Promise<{ awaiting: boolean }> {
  const { receipt, partnerId } = sent;
  const as2MessageId = receipt.remoteId ?? sent.messageId;
  const awaiting = receipt.awaitingConfirmation;
  let mdnMessageId: string | null = null;
  if (receipt.evidence) {
    const stored = await storeMessage(tx, {
      direction: 'inbound',
      channel: 'as2',
      type: 'MDN',
      partnerId,
      raw: receipt.evidence.bytes,
      contentType: receipt.evidence.contentType,
      status: 'done',
      sender: `as2:${partnerId}`,
      control: receipt.evidence.summary,
    });
    mdnMessageId = stored.id;
  }
  const summary = receipt.evidence?.summary;
  const row = {
    mic: summary?.mic ?? awaiting?.expected.mic ?? null,
    micAlg: summary?.micAlg ?? awaiting?.expected.micAlg ?? null,
    mdnMode: receipt.evidence ? ('sync' as const) : awaiting ? ('async' as const) : ('none' as const),
    mdnMessageId,
    disposition: summary?.disposition ?? null,
    status: awaiting ? ('awaiting-mdn' as const) : ('acknowledged' as const),
    resendAt: awaiting ? new Date(Date.now() + awaiting.waitMs) : null,
  };
  const [transfer] = await tx
    .insert(as2Transfers)
    .values({
      id: randomUUID(),
      partnerId,
      direction: 'outbound',
      as2MessageId,
      messageId: sent.messageId,
      attempts: 1,
      ...row,
    })
    .onConflictDoUpdate({
      target: [as2Transfers.partnerId, as2Transfers.direction, as2Transfers.as2MessageId],
      set: { ...row, attempts: sql`${as2Transfers.attempts} + 1`, updatedAt: sql`now()` },
    })
    .returning({ id: as2Transfers.id, attempts: as2Transfers.attempts });
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'as2_transfer',
    entityId: transfer!.id,
    action: awaiting ? 'send' : 'acknowledge',
    after: { as2MessageId, status: row.status, attempt: transfer!.attempts, ...(summary ?? {}) },
  });
  if (awaiting && row.resendAt)
    await enqueueStage(tx, 'as2-mdn-wait', sent.messageId, { runAfter: row.resendAt, again: true });
  return { awaiting: awaiting !== undefined };
}
