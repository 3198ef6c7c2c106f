import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { withoutNul } from '../../db/json-safe.ts';
import { messages, outboundDocuments } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { ackDocumentType, encodeAckInterchange } from '../../x12/ack-encode.ts';
import type { AckInterchange } from '../../x12/ack-types.ts';

export interface StoredAck {
  messageId: string;
  documentId: string;
  type: string;
  /** Who it goes to; undefined for an unknown sender (nothing to deliver it with). */
  partnerId?: string;
}

/** The control numbers of an acknowledgment interchange, for reconciliation and for finding it again. */
function controlOf(plan: AckInterchange, inboundInterchangeId: string): Record<string, string> {
  const control: Record<string, string> = {
    interchange: String(plan.controlNumber),
    inboundInterchange: inboundInterchangeId,
  };
  const groups = plan.groups.map((g) => String(g.controlNumber));
  const sets = plan.groups.flatMap((g) => g.acks.map((a) => a.controlNumber));
  if (groups.length > 0) control.groups = groups.join(',');
  if (sets.length > 0) control.transactions = sets.join(',');
  return control;
}

async function insertOutbound(
  tx: Database,
  input: {
    type: string;
    bytes: Uint8Array;
    partnerId: string | undefined;
    sourceMessageId: string;
    control: Record<string, string>;
    content: unknown;
  },
): Promise<StoredAck> {
  const documentId = randomUUID();
  const { id: messageId } = await storeMessage(tx, {
    direction: 'outbound',
    channel: 'x12',
    partnerId: input.partnerId ?? null,
    type: input.type,
    raw: input.bytes,
    contentType: 'application/edi-x12',
    status: 'received',
    control: withoutNul(input.control),
  });
  await tx.insert(outboundDocuments).values({
    id: documentId,
    type: input.type,
    partnerId: input.partnerId ?? null,
    sourceMessageId: input.sourceMessageId,
    messageId,
    status: 'pending',
    content: withoutNul(input.content),
    control: withoutNul(input.control),
  });
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'outbound_document',
    entityId: documentId,
    action: 'create',
    after: { status: 'pending', type: input.type, messageId, sourceMessageId: input.sourceMessageId },
  });
  return {
    messageId,
    documentId,
    type: input.type,
    ...(input.partnerId ? { partnerId: input.partnerId } : {}),
  };
}

/**
 * Stores a planned 997/999/TA1 interchange as an outbound message (its bytes, ready for delivery or for the
 * partner to pull) and an outbound document to track, in the caller's transaction.
 */
export async function storeAck(
  tx: Database,
  plan: AckInterchange,
  source: { messageId: string; interchangeId: string; partnerId: string | undefined },
): Promise<StoredAck> {
  const text = encodeAckInterchange(plan, { newline: true });
  return insertOutbound(tx, {
    type: ackDocumentType(plan),
    // the writer emits single-byte characters only (X12 basic/extended character sets)
    bytes: Buffer.from(text, 'latin1'),
    partnerId: source.partnerId,
    sourceMessageId: source.messageId,
    control: controlOf(plan, source.interchangeId),
    content: plan,
  });
}

/**
 * Sends again, byte for byte, the acknowledgment that answered an earlier interchange (duplicate policy
 * "resend-ack"). Returns undefined when that interchange got none (e.g. the partner takes no 997s).
 */
export async function resendAck(
  tx: Database,
  originalInterchangeId: string,
  source: { messageId: string; interchangeId: string; partnerId: string | undefined },
): Promise<StoredAck | undefined> {
  const [original] = await tx
    .select({ type: messages.type, raw: messages.raw, control: messages.control })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'outbound'),
        sql`${messages.control}->>'inboundInterchange' = ${originalInterchangeId}`,
      ),
    )
    .limit(1);
  if (original === undefined) return undefined;
  return insertOutbound(tx, {
    type: original.type ?? 'TA1',
    bytes: original.raw,
    partnerId: source.partnerId,
    sourceMessageId: source.messageId,
    control: {
      ...(original.control ?? {}),
      inboundInterchange: source.interchangeId,
      resendOf: originalInterchangeId,
    },
    content: { resendOf: originalInterchangeId },
  });
}
