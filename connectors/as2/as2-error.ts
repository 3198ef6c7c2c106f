/**
 * What went wrong on receipt, as an MDN's disposition modifier names it (RFC 4130 §7.4.3, `processed/error:
 * <failure>`). `insufficient-message-security` answers a message less protected than the partner agreement asks;
 * `unexpected-processing-error` is everything that is not about the message's security.
 */
export type As2Failure =
  | 'decryption-failed'
  | 'authentication-failed'
  | 'integrity-check-failed'
  | 'decompression-failed'
  | 'insufficient-message-security'
  | 'unexpected-processing-error';

/**
 * An AS2 message (or MDN) that cannot be taken, with the failure its MDN reports. The message goes to logs and
 * the operator; it is never put into an MDN as it is, so a peer learns the category only (no padding oracle).
 */
export class As2Error extends Error {
  override readonly name = 'As2Error';
  constructor(
    readonly failure: As2Failure,
    message: string,
  ) {
    super(message);
  }
}
