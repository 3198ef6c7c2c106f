import type { OutboundConnector } from '../../src/core/connector.ts';
import { permanent, retryable } from '../../src/core/errors.ts';
import { redactUrl } from '../../src/core/partner.ts';
import { literalHostProblem } from '../delivery-address.ts';
import type { Answer } from '../http-post/post-once.ts';
import { As2Config } from './config.ts';
import { readMdn } from './mdn.ts';
import { postAs2 } from './post.ts';
import { buildAs2Request } from './transport-request.ts';

/**
 * AS2 delivery (RFC 4130): the document signed with our key pair, encrypted to the partner's certificate
 * (compressed first if asked) and posted with a Message-ID that stays the same on every resend. With a
 * synchronous MDN the send counts only when the MDN is signed by the partner (if asked), answers our
 * Message-ID, says `processed` and returns the MIC we computed: anything else is retried, then dead-lettered.
 * With an asynchronous one the receipt says so and the pipeline waits for `POST /as2/mdn`. The host is checked
 * as http-post checks it (public addresses only unless allowed, the checked addresses pinned).
 */
export const as2Transport: OutboundConnector<As2Config> = {
  id: 'as2',
  configSchema: As2Config,
  usesCredentials: true,
  check(config, context) {
    const problem = literalHostProblem(new URL(config.url).hostname, context);
    return problem === undefined ? [] : [{ path: 'url', message: problem }];
  },
  async send(payload, config, context, credentials) {
    if (credentials === undefined) throw permanent('as2.no_key_pair', 'no AS2 credentials were given');
    const request = buildAs2Request(payload, config, credentials);
    const answer = await postAs2(config.url, request.headers, request.body, {
      context,
      timeoutMs: config.timeoutMs,
      as2MessageId: request.messageId,
    });
    const where = redactUrl(config.url);
    const details = { url: where, as2MessageId: request.messageId, status: answer.status };
    if (config.mdn === 'none') return { deliveredAt: new Date(), remoteId: request.messageId };
    if (config.mdn === 'async')
      return {
        deliveredAt: new Date(),
        remoteId: request.messageId,
        awaitingConfirmation: {
          waitMs: config.mdnWaitSeconds * 1000,
          expected: { mic: request.mic.digest, micAlg: request.mic.alg },
        },
      };
    const contentType = header(answer, 'content-type');
    if (contentType === undefined || answer.body.byteLength === 0)
      throw retryable('as2.mdn_missing', `${where} answered ${answer.status} without the MDN asked for`, {
        details,
      });
    const verifyWith = config.mdnSigned
      ? credentials.partner.signing.map((c) => c.certificatePem)
      : undefined;
    if (verifyWith !== undefined && verifyWith.length === 0)
      throw permanent(
        'as2.no_partner_certificate',
        `${payload.partnerId} has no signing certificate in force to verify its MDN with`,
        { details },
      );
    const mdn = checkedMdn({ contentType, body: answer.body }, verifyWith, request, details);
    return {
      deliveredAt: new Date(),
      remoteId: request.messageId,
      evidence: { contentType, bytes: answer.body, summary: mdn },
    };
  },
};

/**
 * What an MDN says, once it is proved to answer `request` positively: its disposition, Original-Message-ID and
 * MIC (and signer). Shared by the synchronous send and `POST /as2/mdn`.
 */
export function checkedMdn(
  message: { contentType: string; body: Uint8Array },
  verifyWith: string[] | undefined,
  request: { messageId: string; mic: { digest: string; alg: string } },
  details: Record<string, unknown>,
): Record<string, string> {
  let mdn: ReturnType<typeof readMdn>;
  try {
    mdn = readMdn(message, verifyWith);
  } catch (error) {
    throw retryable(
      'as2.mdn_invalid',
      `the MDN for ${request.messageId} cannot be trusted: ${String(error)}`,
      {
        details,
      },
    );
  }
  const summary = {
    as2MessageId: request.messageId,
    disposition: mdn.disposition,
    ...(mdn.mic ? { mic: mdn.mic.digest, micAlg: mdn.mic.alg ?? '' } : {}),
    ...(mdn.signerFingerprint ? { signer: mdn.signerFingerprint } : {}),
  };
  if (!mdn.processed)
    throw retryable(
      'as2.mdn_negative',
      `the partner's MDN for ${request.messageId} says: ${mdn.disposition}`,
      {
        details: { ...details, ...summary },
      },
    );
  if (mdn.originalMessageId !== undefined && mdn.originalMessageId !== request.messageId)
    throw retryable(
      'as2.mdn_mic_mismatch',
      `the MDN answers ${mdn.originalMessageId}, not ${request.messageId}`,
      {
        details: { ...details, ...summary },
      },
    );
  if (mdn.mic === undefined || mdn.mic.digest !== request.mic.digest || mdn.mic.alg !== request.mic.alg)
    throw retryable(
      'as2.mdn_mic_mismatch',
      `the MDN for ${request.messageId} returns MIC ${mdn.mic?.digest ?? '(none)'}, we sent ${request.mic.digest}`,
      { details: { ...details, ...summary, expectedMic: request.mic.digest } },
    );
  return summary;
}

function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
