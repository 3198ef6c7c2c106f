import { and, eq, inArray, sql } from 'drizzle-orm';
import { deliveryTransport } from '../../../connectors/index.ts';
import type { DeliveryContext } from '../../../connectors/transport.ts';
import { permanent } from '../../core/errors.ts';
import { auditEvents, messages, outboundDocuments } from '../../db/schema.ts';
import { openDeliverySecrets } from '../../partners/delivery-secrets.ts';
import { partnerAgreement } from '../../partners/partner-lookup.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import type { Stage } from './stage.ts';

export const DELIVER_STAGE = 'deliver';

/** Outbound documents waiting for their message to be sent: acknowledgments (pending) and encoded documents. */
const UNSENT = ['pending', 'encoded'];

/**
 * deliver: sends one outbound message (a 997/999/TA1, or an interchange of 855/856/810s) with the partner's
 * delivery transport, then marks its documents delivered. One attempt per run: a transport's retryable error
 * (network, timeout, 5xx) makes the job runner back off and retry, then dead-letter it; a permanent one (bad
 * credentials, refused) holds it for an operator. The idempotency key is the message id, the same on every
 * attempt, so a receiver that saw an attempt whose answer was lost stores the document once. Delivery
 * credentials are stored sealed; `secrets` opens them here, just before the transport uses them. `context` is
 * where the process lets documents go (private addresses, the outbox folder); each transport enforces it.
 */
export const deliverStage = (secrets: SecretBox, context: DeliveryContext): Stage => ({
  name: DELIVER_STAGE,
  maxAttempts: 10,
  async run({ tx, job }) {
    const [message] = await tx
      .select({
        id: messages.id,
        partnerId: messages.partnerId,
        type: messages.type,
        raw: messages.raw,
        contentType: messages.contentType,
        control: messages.control,
      })
      .from(messages)
      .where(and(eq(messages.id, job.entityId), eq(messages.direction, 'outbound')));
    if (message === undefined) throw permanent('message.not_found', `no outbound message ${job.entityId}`);
    const docs = await tx
      .select({ id: outboundDocuments.id, status: outboundDocuments.status })
      .from(outboundDocuments)
      .where(and(eq(outboundDocuments.messageId, message.id), inArray(outboundDocuments.status, UNSENT)))
      .for('update');
    if (docs.length === 0) return;
    const agreement = message.partnerId ? await partnerAgreement(tx, message.partnerId) : undefined;
    const delivery = agreement?.settings.delivery;
    if (delivery === undefined) return;
    const transport = deliveryTransport(delivery.transport);
    if (transport === undefined)
      throw permanent('delivery.unknown_transport', `no delivery transport "${delivery.transport}"`);
    const opened = openDeliverySecrets(agreement!.id, { delivery }, secrets).delivery;
    const config = transport.configSchema.safeParse(opened.config);
    if (!config.success)
      throw permanent('delivery.invalid_config', `${agreement!.id}'s ${transport.id} settings are invalid`);
    const type = message.type ?? 'x12';
    const receipt = await transport.send(
      {
        bytes: message.raw,
        contentType: message.contentType ?? 'application/edi-x12',
        filename: `${type.replaceAll(',', '-')}-${message.control?.interchange ?? message.id}.edi`,
        idempotencyKey: message.id,
        documentType: type,
        partnerId: agreement!.id,
      },
      // checked by this transport's own schema just above; `transport` is a union, so TypeScript cannot pair them
      config.data as never,
      context,
    );
    await tx
      .update(outboundDocuments)
      .set({ status: 'delivered', updatedAt: sql`now()` })
      .where(
        inArray(
          outboundDocuments.id,
          docs.map((d) => d.id),
        ),
      );
    await tx.insert(auditEvents).values(
      docs.map((d) => ({
        actor: 'pipeline',
        entityType: 'outbound_document',
        entityId: d.id,
        action: DELIVER_STAGE,
        before: { status: d.status },
        after: {
          status: 'delivered',
          transport: transport.id,
          deliveredAt: receipt.deliveredAt.toISOString(),
          ...(receipt.remoteId ? { remoteId: receipt.remoteId } : {}),
          attempt: job.attempts,
        },
      })),
    );
  },
});
