import type { As2SignAlg } from '../../../connectors/as2/algorithms.ts';
import { As2Error, type As2Failure } from '../../../connectors/as2/as2-error.ts';
import { type Unwrapped, unwrapAs2 } from '../../../connectors/as2/unwrap.ts';
import type { TransportCredentials } from '../../core/connector.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { As2Headers, As2HttpRequest } from './as2-request.ts';

/** What unwrapping a request came to: the payload, or the failure the MDN reports; and the MDN's explanation. */
export interface UnwrapOutcome {
  unwrapped?: Unwrapped;
  failure?: As2Failure;
  explanation: string;
  /** The MDN's disposition: `processed`, or `processed/error: <failure>`. */
  disposition: string;
}

/** What a partner's messages must be (its `as2` settings; both by default). */
export interface As2SecurityPolicy {
  requireSigned: boolean;
  requireEncrypted: boolean;
}

/**
 * Decrypts, verifies and decompresses a request with our key pairs and the partner's certificates in force,
 * then checks it against the partner's policy and that it carries X12. Never throws: every failure becomes the
 * MDN's failure modifier (an unexpected one is logged, and reported without its details).
 */
export function unwrapRequest(
  log: Logger,
  request: As2HttpRequest,
  headers: As2Headers,
  credentials: TransportCredentials,
  micAlg: As2SignAlg,
  policy: As2SecurityPolicy,
): UnwrapOutcome {
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
    if (error instanceof As2Error) return failed(error.failure, error.message);
    log.error(
      { err: error, as2MessageId: headers.messageId },
      'as2: unexpected failure unwrapping a message',
    );
    return failed('unexpected-processing-error', 'the message could not be processed');
  }
  if ((policy.requireEncrypted && !unwrapped.encrypted) || (policy.requireSigned && !unwrapped.signed))
    return failed(
      'insufficient-message-security',
      `the message must be ${[policy.requireSigned ? 'signed' : '', policy.requireEncrypted ? 'encrypted' : ''].filter(Boolean).join(' and ')}`,
    );
  if (!looksLikeX12(unwrapped.payload))
    return failed(
      'unexpected-processing-error',
      'the payload is not an X12 interchange (it must start with ISA)',
    );
  return {
    unwrapped,
    explanation: `The message ${headers.messageId} was received and will be processed; its functional acknowledgment follows.`,
    disposition: 'processed',
  };
}

function failed(failure: As2Failure, explanation: string): UnwrapOutcome {
  return { failure, explanation, disposition: `processed/error: ${failure}` };
}

/** Whether the payload's first non-blank characters (after a BOM) are "ISA". */
function looksLikeX12(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.subarray(0, 1024))
    .toString('latin1')
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '');
  return start.trimStart().startsWith('ISA');
}

/** The registry's code for an MDN failure modifier (`decryption-failed` → `as2.decryption_failed`). */
export function failureCode(failure: As2Failure): string {
  return `as2.${failure.replaceAll('-', '_')}`;
}
