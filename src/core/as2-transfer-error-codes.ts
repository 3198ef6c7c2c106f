/**
 * The AS2 transfers part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces):
 * why a document sent over AS2 was not confirmed, and why the AS2 door refused a request. Pure data, so the
 * registry can import it without a cycle.
 */

/** A send a retry cannot fix without an operator: held with an exception. */
export const AS2_SEND_REFUSALS = {
  'as2.no_key_pair': 'we have no key pair in force to sign with (generate or import one; check its dates)',
  'as2.no_partner_certificate':
    'the partner has no certificate in force to encrypt to, or to verify its signed MDN with (add one on its AS2 page)',
  'as2.refused': 'the endpoint refused the request (a 4xx other than 408 and 429)',
  'as2.redirected': 'the endpoint answered 3xx: redirects are not followed, update the URL',
  'as2.mdn_not_received':
    'no asynchronous MDN arrived after the last resend: the message is held for an operator',
} as const;

/** A send that may be confirmed later: sent again with backoff (same Message-ID), then dead-lettered. */
export const AS2_SEND_RETRIES = {
  'as2.unavailable': 'the endpoint answered 408, 429 or 5xx',
  'as2.timeout': 'the endpoint did not answer within timeoutMs',
  'as2.network': 'the endpoint could not be reached (DNS, connection refused or reset)',
  'as2.mdn_missing': 'the partner answered without the synchronous MDN asked for',
  'as2.mdn_invalid':
    'the MDN is unreadable, unsigned when a signed one was asked for, or its signature does not verify',
  'as2.mdn_negative':
    'the MDN reports a failure (processed/error or failed): the partner did not take the message',
  'as2.mdn_mic_mismatch': 'the MDN answers another Message-ID or returns another MIC than the one we sent',
} as const;

/** A request the AS2 doors cannot take as it is (400): nothing is stored. */
export const AS2_DOOR_BAD_REQUESTS = {
  'as2.headers_missing': 'the request lacks AS2-From, AS2-To, Message-ID or Content-Type',
} as const;

/** A sender the AS2 doors do not know (403): no partner to make an MDN for, nothing stored. */
export const AS2_DOOR_REFUSALS = {
  'as2.unknown_partner':
    'no partner has an as2 identifier equal to AS2-From, or it is not the one in the URL',
  'as2.wrong_recipient': "AS2-To is not our AS2 name in the partner's settings",
} as const;

/** An asynchronous MDN for nothing we sent (404). */
export const AS2_MDN_UNMATCHED = {
  'as2.mdn_unmatched': 'the MDN answers no message we sent to this partner',
} as const;

/**
 * What a received AS2 message's diagnostics say when its MDN reports a failure (RFC 4130 §7.4.3 modifiers,
 * in the registry's spelling), and a Message-ID received twice.
 */
export const AS2_RECEIVE_FINDINGS = {
  'as2.decryption_failed': 'none of our key pairs in force decrypts the message (MDN: decryption-failed)',
  'as2.authentication_failed':
    "the signature does not verify with any of the partner's certificates in force (MDN: authentication-failed)",
  'as2.integrity_check_failed': 'the signed content does not match its digest (MDN: integrity-check-failed)',
  'as2.decompression_failed': 'the compressed content cannot be uncompressed (MDN: decompression-failed)',
  'as2.insufficient_message_security':
    "the message is not signed or not encrypted as the partner's AS2 settings require (MDN: insufficient-message-security)",
  'as2.unexpected_processing_error':
    'the message could not be processed otherwise, e.g. its payload is not X12 (MDN: unexpected-processing-error)',
} as const;

/** A Message-ID received before: answered with its first MDN, not processed again. */
export const AS2_DUPLICATE = {
  'as2.duplicate': 'the Message-ID was received before: answered with its first MDN, not processed again',
} as const;
