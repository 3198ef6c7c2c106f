import type { ParsedMail } from './parse-mail.ts';

/** Headers a receiving server writes with the address it delivered to (a Bcc recipient shows only here). */
const DELIVERY_HEADERS = ['delivered-to', 'x-original-to'];

/** Every address in a header value: `Name <a@b>`, `<a@b>`, `a@b`, lists of them. */
function addressesIn(value: string): string[] {
  return [...value.matchAll(/[^\s<>,;:"]+@[^\s<>,;:"]+/g)].map((m) => m[0]);
}

/**
 * True when the mail was sent to the partner's secret address (`emailAuth: secret-address`): To, Cc,
 * Delivered-To or X-Original-To holds exactly that address. The comparison ignores case in the whole address:
 * domains are case-insensitive (RFC 5321 §2.4), and although a local part may in principle be case-sensitive,
 * mail servers and clients lower-case it freely on the way (Delivered-To often is), so a case-sensitive secret
 * would fail on honest mail. The tag is not stripped: `orders+k7x2q9@…` is the secret, `orders@…` is not, and
 * neither is another tag. Secrets are therefore generated lower-case and long enough without case.
 */
export function sentToSecretAddress(
  mail: Pick<ParsedMail, 'to' | 'cc' | 'headers'>,
  secretAddress: string,
): boolean {
  const secret = secretAddress.trim().toLowerCase();
  const delivered = DELIVERY_HEADERS.flatMap((name) => mail.headers.get(name) ?? []).flatMap(addressesIn);
  return [...mail.to, ...mail.cc, ...delivered].some((address) => address.trim().toLowerCase() === secret);
}
