import { and, eq, inArray, sql } from 'drizzle-orm';
import { checkedMdn } from '../../../connectors/as2/index.ts';
import { readMdn } from '../../../connectors/as2/mdn.ts';
import { GatewayError, permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import { as2Transfers, outboundDocuments } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { partnerAgreement, partnerForAs2Sender } from '../../partners/partner-lookup.ts';
import { as2Credentials } from '../../pipeline/as2/as2-credentials.ts';
import { as2Transfer } from '../../pipeline/as2/as2-transfers.ts';
import { wakeDispatcher } from '../../pipeline/intake/intake.ts';
import { enqueueStage } from '../../pipeline/stage-names.ts';
import { markDelivered, UNSENT } from '../../pipeline/stages/deliver.stage.ts';
import { type As2DoorDeps, MDN } from './as2-door.ts';
import type { As2HttpAnswer, As2HttpRequest } from './as2-request.ts';
import { emptyAnswer, readAs2Headers } from './as2-request.ts';

/**
 * Takes an asynchronous MDN a partner posts for a message we sent (`POST /as2/mdn`): it is kept as an inbound
 * message whatever it says; if it is signed by the partner (when we asked for that), answers our Message-ID,
 * says `processed` and returns our MIC, the message's documents are delivered. Otherwise the message is sent
 * again now (or held for an operator after the last send). An MDN for no message we sent is refused (404).
 */
export async function receiveAsyncMdn(deps: As2DoorDeps, request: As2HttpRequest): Promise<As2HttpAnswer> {
  const { db } = deps;
  const headers = readAs2Headers(request.headers);
  const partnerId = await partnerForAs2Sender(db, headers.as2From);
  if (partnerId === undefined)
    throw permanent('as2.unknown_partner', `no partner here sends as AS2-From "${headers.as2From}"`, {
      details: { as2From: headers.as2From },
    });
  const message = { contentType: headers.contentType, body: request.body };
  let answers: string | undefined;
  try {
    answers = readMdn(message, undefined).originalMessageId;
  } catch {
    answers = undefined;
  }
  const transfer = answers === undefined ? undefined : await as2Transfer(db, partnerId, 'outbound', answers);
  if (transfer === undefined || transfer.mic === null || transfer.micAlg === null)
    throw permanent(
      'as2.mdn_unmatched',
      `the MDN answers ${answers ?? '(no Original-Message-ID)'}, which we did not send to ${partnerId}`,
      {
        details: { originalMessageId: answers ?? null },
      },
    );

  const agreement = await partnerAgreement(db, partnerId);
  const asked = (agreement?.settings.delivery?.config as { mdnSigned?: unknown } | undefined)?.mdnSigned;
  const credentials = await as2Credentials(db, deps.secrets, partnerId);
  const verifyWith = asked === false ? undefined : credentials.partner.signing.map((c) => c.certificatePem);
  let summary: Record<string, string> | undefined;
  let refusal: GatewayError | undefined;
  try {
    summary = checkedMdn(
      message,
      verifyWith,
      { messageId: transfer.as2MessageId, mic: { digest: transfer.mic, alg: transfer.micAlg } },
      { as2MessageId: transfer.as2MessageId },
    );
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    refusal = error;
  }

  await db.transaction(async (tx) => {
    const stored = await storeMessage(tx, {
      direction: 'inbound',
      channel: 'as2',
      type: MDN,
      partnerId,
      raw: request.body,
      contentType: headers.contentType,
      status: refusal ? 'rejected' : 'done',
      sender: `as2:${headers.as2From}`,
      filename: headers.messageId,
      control: summary ?? { as2MessageId: transfer.as2MessageId },
      ...(refusal
        ? { diagnostics: [{ code: refusal.code, severity: 'error', message: refusal.message }] }
        : {}),
    });
    if (transfer.status !== 'awaiting-mdn') return; // answered already: kept, changes nothing
    if (refusal) {
      await tx
        .update(as2Transfers)
        .set({ mdnMessageId: stored.id, disposition: refusal.message.slice(0, 500), updatedAt: sql`now()` })
        .where(eq(as2Transfers.id, transfer.id));
      // sent again at once, or held for an operator after the last send (the wait stage decides)
      await enqueueStage(tx, 'as2-mdn-wait', transfer.messageId, { again: true });
      return;
    }
    await tx
      .update(as2Transfers)
      .set({
        status: 'acknowledged',
        mdnMessageId: stored.id,
        disposition: summary?.disposition ?? 'processed',
        resendAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(as2Transfers.id, transfer.id));
    const documents = await tx
      .select({ id: outboundDocuments.id, status: outboundDocuments.status })
      .from(outboundDocuments)
      .where(
        and(eq(outboundDocuments.messageId, transfer.messageId), inArray(outboundDocuments.status, UNSENT)),
      );
    await markDelivered(tx, documents, {
      transport: 'as2',
      receipt: { deliveredAt: new Date(), remoteId: transfer.as2MessageId },
      attempt: transfer.attempts,
    });
    await audit(tx, {
      actor: `partner:${partnerId}`,
      entityType: 'as2_transfer',
      entityId: transfer.id,
      action: 'acknowledge',
      after: { as2MessageId: transfer.as2MessageId, status: 'acknowledged', ...summary },
    });
  });
  wakeDispatcher(deps);
  return emptyAnswer();
}
