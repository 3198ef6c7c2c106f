import { createHash } from 'node:crypto';

/** The hex SHA-256 of a mail's bytes: how a mail is recognised when its UID no longer says which it is. */
export function mailDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The name a mail is stored under (messages.filename): its Message-ID without the angle brackets (RFC 5322
 * §3.6.4 msg-id), which the mail keeps wherever it is moved, so the stored copy is found again after a
 * restart or a UIDVALIDITY change. A mail without one is named by its bytes, just as stable.
 */
export function mailFilename(messageId: string | undefined, digest: string): string {
  const id = messageId
    ?.trim()
    .replace(/^<(.*)>$/s, '$1')
    .trim();
  return id ? id : `no-message-id-${digest.slice(0, 32)}`;
}

/** The sender as the intake stores it: the From address in lower case (domains and, in practice, local parts). */
export function mailSender(
  from: readonly { name?: string; address?: string }[] | undefined,
): string | undefined {
  const address = from
    ?.find((f) => f.address)
    ?.address?.trim()
    .toLowerCase();
  return address ? address : undefined;
}
