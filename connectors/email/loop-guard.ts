import type { ParsedMail } from './parse-mail.ts';

/** A mail as far as the loop guard reads it. */
export type GuardedMail = Pick<ParsedMail, 'from' | 'replyTo' | 'headers' | 'returnPath'>;

/** An address compared as the guard compares it: lower-cased, a `+tag` of the local part dropped. */
function canonical(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at).toLowerCase().replace(/\+.*$/, '');
  return `${local}${address.slice(at).toLowerCase()}`;
}

const first = (mail: GuardedMail, name: string) => mail.headers.get(name)?.[0];
/** A header value's first token, lower-cased: `auto-replied; comment` → `auto-replied`. */
const token = (value: string) => value.split(/[;\s(]/)[0]!.toLowerCase();

/**
 * Why the gateway must not answer this mail automatically, or undefined when it may. Two robots answering each
 * other never stop, so nothing that is itself automatic gets a reply (RFC 3834 §2, §5):
 * - auto-replies: `Auto-Submitted` other than `no` (RFC 3834), `X-Autoreply`, `X-Autorespond`, and
 *   `X-Auto-Response-Suppress: All|AutoReply` (Microsoft's way of asking for no automatic answer);
 * - bulk and list mail: `Precedence: bulk|junk|list`, and `List-Id` (RFC 2919: the mail came through a list,
 *   and a reply to a list reaches every member). `List-Unsubscribe` alone does not refuse: the sending services
 *   an ERP mails through add it to ordinary one-to-one mail, and an order sent that way deserves its answer;
 * - bounces and receipts: a null Return-Path `<>` (RFC 5321 §4.5.5), a From or Reply-To of `MAILER-DAEMON` or
 *   `postmaster`, `Content-Type: multipart/report` (RFC 6522: DSNs, read receipts), `X-Failed-Recipients`;
 * - mail from ourselves: From or Reply-To is one of `ourAddresses` (a `+tag` ignored), or `X-Loop` names one.
 * The sender's rate of replies per hour needs the database: the caller counts those (mail-reply.ts).
 */
export function replyRefusal(
  mail: GuardedMail,
  options: { ourAddresses: readonly string[] },
): string | undefined {
  const autoSubmitted = first(mail, 'auto-submitted');
  if (autoSubmitted !== undefined && token(autoSubmitted) !== 'no')
    return `the mail was sent automatically (Auto-Submitted: ${autoSubmitted})`;
  for (const name of ['x-autoreply', 'x-autorespond'])
    if (mail.headers.has(name)) return `the mail is an automatic reply (${name} is set)`;
  const suppress = first(mail, 'x-auto-response-suppress');
  if (suppress !== undefined && /\b(all|autoreply)\b/i.test(suppress))
    return `the sender asks for no automatic answer (X-Auto-Response-Suppress: ${suppress})`;
  const precedence = first(mail, 'precedence');
  if (precedence !== undefined && ['bulk', 'junk', 'list'].includes(token(precedence)))
    return `the mail is bulk or list mail (Precedence: ${precedence})`;
  if (mail.headers.has('list-id')) return 'the mail came through a mailing list (List-Id)';

  if (mail.returnPath === '') return 'the mail is a bounce (null Return-Path <>)';
  const contentType = first(mail, 'content-type');
  if (contentType !== undefined && token(contentType) === 'multipart/report')
    return 'the mail is a delivery or read report (multipart/report)';
  if (mail.headers.has('x-failed-recipients')) return 'the mail is a bounce (X-Failed-Recipients)';

  const senders = [mail.from?.address, mail.replyTo?.address].filter((a): a is string => a !== undefined);
  if (senders.length === 0) return 'the mail names no sender to answer';
  for (const sender of senders) {
    const local = sender.slice(0, sender.lastIndexOf('@')).toLowerCase();
    if (local === 'mailer-daemon' || local === 'postmaster')
      return `the mail is from ${sender}, a mail system`;
  }
  const ours = new Set(options.ourAddresses.map(canonical));
  const own = senders.find((sender) => ours.has(canonical(sender)));
  if (own !== undefined) return `the mail is from our own address ${own}`;
  const loop = mail.headers.get('x-loop') ?? [];
  if (loop.some((value) => [...ours].some((address) => value.toLowerCase().includes(address))))
    return 'the mail went through us before (X-Loop names our address)';
  return undefined;
}
