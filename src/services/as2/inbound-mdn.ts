import { randomUUID } from 'node:crypto';
import type { As2SignAlg } from '../../../connectors/as2/algorithms.ts';
import type { As2Failure } from '../../../connectors/as2/as2-error.ts';
import { buildMdn } from '../../../connectors/as2/mdn.ts';
import { quoteAs2Name } from '../../../connectors/as2/transport-request.ts';
import type { OwnKeyPair } from '../../core/connector.ts';
import type { As2Headers } from './as2-request.ts';

/** What an MDN we answer says, and how it travels. */
export interface MdnToAnswer {
  /** The MDN's own Message-ID. */
  messageId: string;
  /** The HTTP headers it goes with (synchronous answer, or asynchronous POST). */
  headers: Record<string, string>;
  contentType: string;
  body: Uint8Array;
  disposition: string;
}

/**
 * The MDN (RFC 4130 §7, RFC 3798) for a request: `processed`, or `processed/error: <failure>`, with the MIC of
 * what was received when it could be computed; signed with our signing key pair when the request asked for a
 * signed receipt and we have one (unsigned otherwise: a partner that insists refuses it, which is its call).
 */
export function answerMdn(
  request: As2Headers,
  outcome: { failure?: As2Failure; explanation: string; mic?: { digest: string; alg: As2SignAlg } },
  signing: { key: OwnKeyPair; alg: As2SignAlg } | undefined,
  now = new Date(),
): MdnToAnswer {
  const built = buildMdn(
    {
      reportingUa: 'ordergate',
      originalRecipient: request.as2To,
      finalRecipient: request.as2To,
      originalMessageId: request.messageId,
      disposition: { type: 'processed', ...(outcome.failure ? { failure: outcome.failure } : {}) },
      ...(outcome.mic ? { mic: outcome.mic } : {}),
      text: outcome.explanation,
    },
    signing,
  );
  const messageId = `<ordergate-mdn-${randomUUID()}@${request.as2To.replace(/[^A-Za-z0-9.-]/g, '').toLowerCase() || 'ordergate'}.as2>`;
  return {
    messageId,
    headers: {
      'AS2-Version': '1.2',
      'AS2-From': quoteAs2Name(request.as2To),
      'AS2-To': quoteAs2Name(request.as2From),
      'Message-ID': messageId,
      Date: now.toUTCString(),
      'MIME-Version': '1.0',
      'Content-Type': built.contentType,
    },
    contentType: built.contentType,
    body: built.body,
    disposition: outcome.failure ? `processed/error: ${outcome.failure}` : 'processed',
  };
}
