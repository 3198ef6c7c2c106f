import { and, eq, inArray, sql } from 'drizzle-orm';
import { outboundConnector } from '../../../connectors/index.ts';
import type { DeliveryContext, DeliveryReceipt, TransportCredentials } from '../../core/connector.ts';
import { permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { messages, outboundDocuments } from '../../db/schema.ts';
import { openDeliverySecrets } from '../../partners/delivery-secrets.ts';
import { partnerAgreement } from '../../partners/partner-lookup.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import { as2Credentials } from '../as2/as2-credentials.ts';
import type { ExternalStage } from '../dispatch/stage.ts';
import { keepReceipt, ownRoutePlan, type PlannedSend } from './delivery-routes.ts';

/** Outbound documents waiting for their message to be sent: acknowledgments (pending) and encoded documents. */
export const UNSENT = ['pending', 'encoded'];

/** What one delivery sends, read before sending: the message, its unsent documents, the opened settings. */
interface Delivery extends PlannedSend {
  documents: { id: string; status: string }[];
}

/**
 * deliver: sends one outbound message (a 997/999/TA1, or an interchange of 855/856/810s) with the partner's
 * delivery transport, then marks its documents delivered. It never holds a transaction while it waits on the
 * partner: `plan` reads the message and its unsent documents, `act` sends with no transaction open, `record`
 * marks the documents delivered with the job. One attempt per run: a transport's retryable error (network,
 * timeout, 5xx) makes the job runner back off and retry, then dead-letter it; a permanent one (bad credentials,
 * refused) holds it for an operator. The idempotency key is the message id, the same on every attempt, so a
 * receiver that saw an attempt whose answer (or whose `record`) was lost stores the document once. Delivery
 * credentials are stored sealed; `secrets` opens them just before the transport uses them. `context` is where
 * the process lets documents go (private addresses, the outbox folder); each transport enforces it.
 */
export const deliverStage = (
  secrets: SecretBox,
  context: DeliveryContext,
): ExternalStage<Delivery, DeliveryReceipt, 'deliver', never> => ({
  name: 'deliver',
  input: 'an outbound message',
  next: [],
  maxAttempts: 10,
  async plan({ tx, job }) {
    const [message] = await tx
      .select({
        id: messages.id,
        partnerId: messages.partnerId,
        type: messages.type,
        raw: messages.raw,
        channel: messages.channel,
        contentType: messages.contentType,
        control: messages.control,
        connectorInstance: messages.connectorInstance,
      })
      .from(messages)
      .where(and(eq(messages.id, job.entityId), eq(messages.direction, 'outbound')));
    if (message === undefined) throw permanent('message.not_found', `no outbound message ${job.entityId}`);
    const documents = await tx
      .select({ id: outboundDocuments.id, status: outboundDocuments.status })
      .from(outboundDocuments)
      .where(and(eq(outboundDocuments.messageId, message.id), inArray(outboundDocuments.status, UNSENT)));
    if (documents.length === 0) return undefined;
    // a message that names its own destination (a mail reply, an asynchronous AS2 MDN) goes there
    const own = await ownRoutePlan(tx, message, { secrets, context });
    if (own !== undefined) return { ...own, documents };
    const agreement = message.partnerId ? await partnerAgreement(tx, message.partnerId) : undefined;
    const delivery = agreement?.settings.delivery;
    // no delivery set up: the partner pulls its documents from GET /v1/messages
    if (agreement === undefined || delivery === undefined) return undefined;
    const transport = outboundConnector(delivery.transport);
    if (transport === undefined)
      throw permanent('delivery.unknown_transport', `no delivery transport "${delivery.transport}"`);
    const opened = openDeliverySecrets(agreement.id, { delivery }, secrets).delivery;
    const config = transport.configSchema.safeParse(opened.config);
    if (!config.success)
      throw permanent('delivery.invalid_config', `${agreement.id}'s ${transport.id} settings are invalid`);
    const type = message.type ?? 'x12';
    // a transport that signs and encrypts gets our key pairs and the partner's certificates in force now
    const credentials: TransportCredentials | undefined = transport.usesCredentials
      ? await as2Credentials(tx, secrets, agreement.id)
      : undefined;
    return {
      payload: {
        bytes: message.raw,
        contentType: message.contentType ?? 'application/edi-x12',
        filename: `${type.replaceAll(',', '-')}-${message.control?.interchange ?? message.id}.edi`,
        idempotencyKey: message.id,
        documentType: type,
        partnerId: agreement.id,
      },
      documents,
      // checked by this transport's own schema just above; `transport` is a union, so TypeScript cannot pair them
      send: (payload) => transport.send(payload, config.data as never, context, credentials),
      transport: transport.id,
    };
  },
  act: (delivery) => delivery.send(delivery.payload),
  async record({ tx, job }, delivery, receipt) {
    // what the receipt proves is kept (an AS2 MDN); documents whose confirmation comes later stay unsent
    const { awaiting } = await keepReceipt(tx, delivery.transport, {
      messageId: job.entityId,
      partnerId: delivery.payload.partnerId,
      receipt,
    });
    if (awaiting) return;
    await markDelivered(tx, delivery.documents, {
      transport: delivery.transport,
      receipt,
      attempt: job.attempts,
    });
  },
});

/**
 * Marks the documents of a delivered message delivered, with an audit event each: only those still unsent
 * move (a concurrent cancel, or a record already made, is left as it is). Shared by the deliver stage and an
 * asynchronous AS2 MDN arriving for a message.
 */
export async function markDelivered(
  tx: Database,
  documents: readonly { id: string; status: string }[],
  how: { transport: string; receipt: DeliveryReceipt; attempt: number },
): Promise<void> {
  const { receipt } = how;
  // only documents still unsent move: a concurrent cancel, or a record already made, is left as it is
  const moved = await tx
    .update(outboundDocuments)
    .set({ status: 'delivered', updatedAt: sql`now()` })
    .where(
      and(
        inArray(
          outboundDocuments.id,
          documents.map((d) => d.id),
        ),
        inArray(outboundDocuments.status, UNSENT),
      ),
    )
    .returning({ id: outboundDocuments.id });
  const before = new Map(documents.map((d) => [d.id, d.status]));
  await audit(
    tx,
    moved.map((d) => ({
      actor: 'pipeline',
      entityType: 'outbound_document',
      entityId: d.id,
      action: 'deliver',
      before: { status: before.get(d.id) },
      after: {
        status: 'delivered',
        transport: how.transport,
        deliveredAt: receipt.deliveredAt.toISOString(),
        ...(receipt.remoteId ? { remoteId: receipt.remoteId } : {}),
        attempt: how.attempt,
      },
    })),
  );
}
