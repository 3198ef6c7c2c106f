import { randomUUID } from 'node:crypto';
import { as2Transport } from '../../../connectors/as2/index.ts';
import type { DeliveryContext } from '../../core/connector.ts';
import { permanent, toGatewayErrorShape } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { openDeliverySecrets } from '../../partners/delivery-secrets.ts';
import { partnerAgreement } from '../../partners/partner-lookup.ts';
import { as2Credentials } from '../../pipeline/as2/as2-credentials.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';

/** What a test send came to: the MDN's disposition, or why nothing was confirmed. */
export interface As2TestOutcome {
  ok: boolean;
  as2MessageId?: string;
  /** `processed`, `awaiting an asynchronous MDN`, or the failure's message. */
  said: string;
  code?: string;
}

/**
 * Sends a small text message to the partner over its `as2` delivery settings, signed and encrypted as its
 * documents are, and tells what its MDN said (the console's "test send"): proves the URL, both sides'
 * certificates and the MDN before a real document depends on them. Nothing is stored but an audit event; the
 * send is made here, outside any transaction.
 */
export async function sendAs2Test(
  deps: { db: Database; secrets: SecretBox; delivery: DeliveryContext },
  partnerId: string,
  actor: string,
): Promise<As2TestOutcome> {
  const agreement = await partnerAgreement(deps.db, partnerId);
  const delivery = agreement?.settings.delivery;
  if (agreement === undefined || delivery?.transport !== 'as2')
    throw permanent(
      'delivery.invalid_config',
      `${partnerId} does not send over AS2 (its delivery transport is not as2)`,
    );
  const opened = openDeliverySecrets(agreement.id, { delivery }, deps.secrets).delivery;
  const config = as2Transport.configSchema.safeParse(opened.config);
  if (!config.success) throw permanent('delivery.invalid_config', `${partnerId}'s as2 settings are invalid`);
  const credentials = await as2Credentials(deps.db, deps.secrets, partnerId);
  const id = `test-${randomUUID()}`;
  let outcome: As2TestOutcome;
  try {
    const receipt = await as2Transport.send(
      {
        bytes: new TextEncoder().encode(
          `ordergate AS2 test message ${id} at ${new Date().toISOString()}\r\n`,
        ),
        contentType: 'text/plain',
        filename: `${id}.txt`,
        idempotencyKey: id,
        documentType: 'test',
        partnerId,
      },
      config.data,
      deps.delivery,
      credentials,
    );
    outcome = {
      ok: true,
      ...(receipt.remoteId ? { as2MessageId: receipt.remoteId } : {}),
      said: receipt.awaitingConfirmation
        ? 'sent; the MDN comes asynchronously'
        : (receipt.evidence?.summary.disposition ?? 'sent; no MDN was asked for'),
    };
  } catch (error) {
    const shape = toGatewayErrorShape(error);
    outcome = { ok: false, said: shape.message, code: shape.code };
  }
  await audit(deps.db, {
    actor,
    entityType: 'partner',
    entityId: partnerId,
    action: 'as2-test-send',
    after: { ...outcome },
  });
  return outcome;
}
