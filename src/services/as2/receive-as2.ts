import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { As2SignAlg } from '../../../connectors/as2/algorithms.ts';
import { parseDispositionNotificationOptions } from '../../../connectors/as2/disposition-options.ts';
import { permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import { as2Transfers, messages } from '../../db/schema.ts';
import { partnerAgreement, partnerForAs2Sender } from '../../partners/partner-lookup.ts';
import { as2Credentials } from '../../pipeline/as2/as2-credentials.ts';
import { as2Transfer } from '../../pipeline/as2/as2-transfers.ts';
import { wakeDispatcher } from '../../pipeline/intake/intake.ts';
import { writeReceived } from '../../pipeline/intake/receive.ts';
import { answerAgain } from './answer-again.ts';
import type { As2DoorDeps } from './as2-door.ts';
import { type As2HttpAnswer, type As2HttpRequest, emptyAnswer, readAs2Headers } from './as2-request.ts';
import { answerMdn } from './inbound-mdn.ts';
import { keepMdn } from './keep-mdn.ts';
import { storeAs2Request } from './store-as2-request.ts';
import { failureCode, unwrapRequest } from './unwrap-request.ts';

/**
 * Receives one AS2 message (RFC 4130): stores the request as it came (headers and body) before anything else,
 * then decrypts, verifies and decompresses it with our key pairs and the partner's certificates in force, and
 * in one transaction keeps the transfer (by Message-ID), the payload for decoding (an X12 interchange goes the
 * way of every X12 message) and the MDN. The MDN is the HTTP answer (synchronous), posted to the partner's
 * Receipt-Delivery-Option by the deliver stage (asynchronous), or not made when none was asked for. A Message-ID
 * processed before is never processed again: it is answered with the MDN it got the first time (one whose
 * first delivery failed is taken again).
 */
export async function receiveAs2(deps: As2DoorDeps, request: As2HttpRequest): Promise<As2HttpAnswer> {
  const { db } = deps;
  const headers = readAs2Headers(request.headers);
  const partnerId = await partnerForAs2Sender(db, headers.as2From);
  if (partnerId === undefined || (request.partnerId !== undefined && request.partnerId !== partnerId))
    throw permanent('as2.unknown_partner', `no partner here sends as AS2-From "${headers.as2From}"`, {
      details: { as2From: headers.as2From },
    });
  const agreement = await partnerAgreement(db, partnerId);
  const policy = agreement?.settings.as2;
  if (policy?.ourId !== undefined && policy.ourId !== headers.as2To)
    throw permanent('as2.wrong_recipient', `AS2-To "${headers.as2To}" is not our AS2 name for ${partnerId}`, {
      details: { as2To: headers.as2To },
    });

  const raw = await storeAs2Request(db, request, partnerId, headers);
  const earlier = await as2Transfer(db, partnerId, 'inbound', headers.messageId);
  if (earlier?.disposition === 'processed') return answerAgain(deps, raw, earlier, headers);

  const credentials = await as2Credentials(db, deps.secrets, partnerId);
  const options = parseDispositionNotificationOptions(headers.dispositionNotificationOptions);
  const micAlg: As2SignAlg = options.micAlgs[0] ?? 'sha256';
  const outcome = unwrapRequest(deps.log, request, headers, credentials, micAlg, {
    requireSigned: policy?.requireSigned ?? true,
    requireEncrypted: policy?.requireEncrypted ?? true,
  });
  const mode =
    headers.dispositionNotificationTo === undefined
      ? 'none'
      : headers.receiptDeliveryOption
        ? 'async'
        : 'sync';
  const signing =
    options.signed && credentials.own.signing ? { key: credentials.own.signing, alg: micAlg } : undefined;
  const mdn =
    mode === 'none'
      ? undefined
      : answerMdn(
          headers,
          { ...outcome, ...(outcome.unwrapped ? { mic: outcome.unwrapped.mic } : {}) },
          signing,
        );

  const kept = await db.transaction(async (tx) => {
    const [transfer] = await tx
      .insert(as2Transfers)
      .values({
        id: randomUUID(),
        partnerId,
        direction: 'inbound',
        as2MessageId: headers.messageId,
        messageId: raw,
        mdnMode: mode,
        ...(mode === 'async' ? { mdnUrl: headers.receiptDeliveryOption } : {}),
        ...(outcome.unwrapped
          ? { mic: outcome.unwrapped.mic.digest, micAlg: outcome.unwrapped.mic.alg }
          : {}),
        disposition: outcome.disposition,
        status: 'answered',
      })
      // a Message-ID whose first delivery failed (an MDN with an error) is taken again: the partner may have
      // fixed what failed (a certificate); one that was processed is never processed twice
      .onConflictDoUpdate({
        target: [as2Transfers.partnerId, as2Transfers.direction, as2Transfers.as2MessageId],
        set: {
          messageId: raw,
          mdnMode: mode,
          mdnUrl: mode === 'async' ? (headers.receiptDeliveryOption ?? null) : null,
          mic: outcome.unwrapped?.mic.digest ?? null,
          micAlg: outcome.unwrapped?.mic.alg ?? null,
          disposition: outcome.disposition,
          updatedAt: sql`now()`,
        },
        setWhere: sql`${as2Transfers.disposition} <> 'processed'`,
      })
      .returning({ id: as2Transfers.id });
    // another request with this Message-ID was processed first: it is that one's to answer
    if (transfer === undefined) return false;
    const payload = outcome.unwrapped
      ? (
          await writeReceived(tx, [
            {
              channel: 'x12',
              bytes: outcome.unwrapped.payload,
              partnerId,
              sender: `as2:${headers.as2From}`,
              filename: outcome.unwrapped.filename ?? headers.messageId,
              contentType: outcome.unwrapped.payloadContentType,
              actor: `partner:${partnerId}`,
            },
          ])
        )[0]!.messageId
      : undefined;
    const mdnMessageId =
      mdn && mode !== 'none' ? await keepMdn(tx, mdn, partnerId, mode, headers) : undefined;
    await tx
      .update(as2Transfers)
      .set({ payloadMessageId: payload ?? null, mdnMessageId: mdnMessageId ?? null })
      .where(eq(as2Transfers.id, transfer.id));
    await tx
      .update(messages)
      .set({
        status: outcome.failure ? 'rejected' : 'done',
        ...(outcome.failure
          ? {
              diagnostics: [
                { code: failureCode(outcome.failure), severity: 'error', message: outcome.explanation },
              ],
            }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(messages.id, raw));
    await audit(tx, {
      actor: `partner:${partnerId}`,
      entityType: 'as2_transfer',
      entityId: transfer.id,
      action: 'receive',
      after: {
        as2MessageId: headers.messageId,
        disposition: outcome.disposition,
        mdn: mode,
        ...(payload ? { payloadMessageId: payload } : {}),
        ...(outcome.unwrapped
          ? {
              signed: outcome.unwrapped.signed,
              encrypted: outcome.unwrapped.encrypted,
              compressed: outcome.unwrapped.compressed,
            }
          : {}),
      },
    });
    return true;
  });
  if (!kept) {
    const first = await as2Transfer(db, partnerId, 'inbound', headers.messageId);
    if (first !== undefined) return answerAgain(deps, raw, first, headers);
  }
  wakeDispatcher(deps);
  return mode === 'sync' && mdn ? { status: 200, headers: mdn.headers, body: mdn.body } : emptyAnswer();
}
