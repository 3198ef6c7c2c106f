import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { As2SignAlg } from '../../../connectors/as2/algorithms.ts';
import { As2Error, type As2Failure } from '../../../connectors/as2/as2-error.ts';
import { parseDispositionNotificationOptions } from '../../../connectors/as2/disposition-options.ts';
import { type Unwrapped, unwrapAs2 } from '../../../connectors/as2/unwrap.ts';
import type { TransportCredentials } from '../../core/connector.ts';
import { permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { as2Transfers, messages, outboundDocuments } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { partnerAgreement, partnerForAs2Sender } from '../../partners/partner-lookup.ts';
import { as2Credentials } from '../../pipeline/as2/as2-credentials.ts';
import { as2Transfer } from '../../pipeline/as2/as2-transfers.ts';
import { writeReceived } from '../../pipeline/intake/receive.ts';
import { enqueueStage } from '../../pipeline/stage-names.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import {
  type As2Headers,
  type As2HttpAnswer,
  type As2HttpRequest,
  readAs2Headers,
  storedRequestBytes,
} from './as2-request.ts';
import { answerMdn, type MdnToAnswer } from './inbound-mdn.ts';

/** What the AS2 door needs from the process. */
export interface As2DoorDeps {
  db: Database;
  secrets: SecretBox;
  log: Logger;
  /** The dispatcher's wake-up: the payload's decode (and an asynchronous MDN's delivery) start at once. */
  notify(): void;
}

/** The MDN type of the messages that hold MDNs (ours and the partners'). */
export const MDN = 'MDN';

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

  const raw = await storeRequest(db, request, partnerId, headers);
  const earlier = await as2Transfer(db, partnerId, 'inbound', headers.messageId);
  if (earlier?.disposition === 'processed') return answerAgain(deps, raw, earlier, headers);

  const credentials = await as2Credentials(db, deps.secrets, partnerId);
  const options = parseDispositionNotificationOptions(headers.dispositionNotificationOptions);
  const micAlg: As2SignAlg = options.micAlgs[0] ?? 'sha256';
  const outcome = unwrapRequest(deps, request, headers, credentials, micAlg, {
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
        disposition:
          mdn?.disposition ?? (outcome.failure ? `processed/error: ${outcome.failure}` : 'processed'),
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
          disposition:
            mdn?.disposition ?? (outcome.failure ? `processed/error: ${outcome.failure}` : 'processed'),
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
        disposition:
          mdn?.disposition ?? (outcome.failure ? `processed/error: ${outcome.failure}` : 'processed'),
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
  wake(deps);
  return mode === 'sync' && mdn ? { status: 200, headers: mdn.headers, body: mdn.body } : emptyAnswer();
}

/** What unwrapping came to: the payload, or the failure the MDN reports; and the MDN's explanation. */
interface Outcome {
  unwrapped?: Unwrapped;
  failure?: As2Failure;
  explanation: string;
}

function unwrapRequest(
  deps: As2DoorDeps,
  request: As2HttpRequest,
  headers: As2Headers,
  credentials: TransportCredentials,
  micAlg: As2SignAlg,
  policy: { requireSigned: boolean; requireEncrypted: boolean },
): Outcome {
  let unwrapped: Unwrapped;
  try {
    unwrapped = unwrapAs2(
      { contentType: headers.contentType, body: request.body },
      {
        decryptWith: credentials.own.decrypting,
        verifyWith: credentials.partner.signing.map((c) => c.certificatePem),
        micAlg,
      },
    );
  } catch (error) {
    if (error instanceof As2Error) return { failure: error.failure, explanation: error.message };
    deps.log.error(
      { err: error, as2MessageId: headers.messageId },
      'as2: unexpected failure unwrapping a message',
    );
    return { failure: 'unexpected-processing-error', explanation: 'the message could not be processed' };
  }
  if ((policy.requireEncrypted && !unwrapped.encrypted) || (policy.requireSigned && !unwrapped.signed))
    return {
      failure: 'insufficient-message-security',
      explanation: `the message must be ${[policy.requireSigned ? 'signed' : '', policy.requireEncrypted ? 'encrypted' : ''].filter(Boolean).join(' and ')}`,
    };
  if (!looksLikeX12(unwrapped.payload))
    return {
      failure: 'unexpected-processing-error',
      explanation: 'the payload is not an X12 interchange (it must start with ISA)',
    };
  return {
    unwrapped,
    explanation: `The message ${headers.messageId} was received and will be processed; its functional acknowledgment follows.`,
  };
}

/** Whether the payload's first non-blank characters (after a BOM) are "ISA". */
function looksLikeX12(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.subarray(0, 1024))
    .toString('latin1')
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  return start.trimStart().startsWith('ISA');
}

/** Stores the request raw, in a transaction of its own, before it is looked at. Answers its message id. */
async function storeRequest(
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

/** The MDN we answer kept as an outbound message; an asynchronous one with a document to deliver. */
async function keepMdn(
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

/**
 * A Message-ID received and processed before: the stored request is marked a duplicate and answered with the MDN the first
 * one got, in the HTTP answer or posted again as it was asked for then; it is not processed again.
 */
async function answerAgain(
  deps: As2DoorDeps,
  raw: string,
  earlier: typeof as2Transfers.$inferSelect,
  headers: As2Headers,
): Promise<As2HttpAnswer> {
  const [mdn] =
    earlier.mdnMessageId === null
      ? []
      : await deps.db
          .select({ raw: messages.raw, control: messages.control })
          .from(messages)
          .where(eq(messages.id, earlier.mdnMessageId));
  await deps.db.transaction(async (tx) => {
    await tx
      .update(messages)
      .set({
        status: 'done',
        diagnostics: [
          {
            code: 'as2.duplicate',
            severity: 'warning',
            message: `${headers.messageId} was received before: answered with its first MDN, not processed again`,
          },
        ],
        updatedAt: sql`now()`,
      })
      .where(eq(messages.id, raw));
    await audit(tx, {
      actor: 'pipeline',
      entityType: 'as2_transfer',
      entityId: earlier.id,
      action: 'duplicate',
      after: { as2MessageId: headers.messageId, duplicateMessageId: raw },
    });
    // the partner sends again because no MDN reached it: the first one is posted again
    if (earlier.mdnMode === 'async' && earlier.mdnMessageId !== null) {
      await tx
        .update(outboundDocuments)
        .set({ status: 'encoded', updatedAt: sql`now()` })
        .where(and(eq(outboundDocuments.messageId, earlier.mdnMessageId), eq(outboundDocuments.type, MDN)));
      await enqueueStage(tx, 'deliver', earlier.mdnMessageId, { again: true });
    }
  });
  wake(deps);
  const mdnHeaders = mdn?.control?.headers;
  if (headers.receiptDeliveryOption === undefined && mdn !== undefined && mdnHeaders !== undefined)
    return { status: 200, headers: JSON.parse(mdnHeaders) as Record<string, string>, body: mdn.raw };
  return emptyAnswer();
}

function emptyAnswer(): As2HttpAnswer {
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: new Uint8Array() };
}

function wake(deps: As2DoorDeps): void {
  try {
    deps.notify();
  } catch (error) {
    deps.log.warn({ err: error }, 'as2: dispatcher wake-up failed; the relay picks the job up on its poll');
  }
}

/** The registry's code for an MDN failure modifier (`decryption-failed` → `as2.decryption_failed`). */
function failureCode(failure: As2Failure): string {
  return `as2.${failure.replaceAll('-', '_')}`;
}
