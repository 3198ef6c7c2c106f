import { authenticateSender, sentToSecretAddress } from '../../../connectors/email/authenticate.ts';
import type { ParsedMail } from '../../../connectors/email/parse-mail.ts';
import type { ErrorCode } from '../../core/error-codes.ts';
import { retryable } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import {
  type PartnerAgreement,
  partnerAgreement,
  partnerForMailSender,
} from '../../partners/partner-lookup.ts';
import type { MailContext } from '../../runtime/config.ts';
import type { StoredInbound } from '../stages/inbound-format.ts';
import { dnsResolver } from './dns-resolver.ts';

/** Who a mail is from: a partner it proved to be, or why it is held for an operator. */
export type MailSender =
  | { agreement: PartnerAgreement; how: 'transport' | 'dmarc' | 'secret-address' | 'none' }
  | {
      held: Extract<ErrorCode, 'email.sender_unknown' | 'email.sender_unauthenticated'>;
      reason: string;
      partnerId?: string;
    };

/**
 * Finds and proves a mail's partner. A mail of a partner's own mailbox, or one an admin assigned, belongs to
 * that partner (`message.partnerId`). Otherwise its From address names the partner (an `email` or `domain`
 * identifier), and the partner's `emailAuth` decides what proves it: DMARC alignment of the stored bytes
 * (`dmarc`, the default), the partner's secret plus-address among the recipients (`secret-address`), or
 * nothing (`none`, the partner's explicit opt-out). An unknown or unproved sender is held, never dropped.
 */
export async function mailSender(
  tx: Database,
  message: StoredInbound,
  mail: ParsedMail,
  raw: Uint8Array,
  context: MailContext,
): Promise<MailSender> {
  if (message.partnerId !== null) {
    const agreement = await partnerAgreement(tx, message.partnerId);
    if (agreement === undefined)
      return { held: 'email.sender_unknown', reason: `partner ${message.partnerId} does not exist` };
    return { agreement, how: 'transport' };
  }
  const from = mail.from?.address;
  const partnerId = from === undefined ? undefined : await partnerForMailSender(tx, from);
  if (partnerId === undefined)
    return {
      held: 'email.sender_unknown',
      reason: `${from ?? 'a mail without a From address'} is no partner's address or domain`,
    };
  const agreement = await partnerAgreement(tx, partnerId);
  if (agreement === undefined)
    return { held: 'email.sender_unknown', reason: `${from} belongs to no partner any more` };
  const policy = agreement.settings.emailAuth;
  if (policy === 'none') return { agreement, how: 'none' };
  if (policy === 'secret-address') {
    const secret = agreement.settings.emailSecretAddress;
    if (secret !== undefined && sentToSecretAddress(mail, secret))
      return { agreement, how: 'secret-address' };
    return {
      held: 'email.sender_unauthenticated',
      partnerId,
      reason: `${from} matches partner ${partnerId}, whose orders must be sent to its secret address; this mail was not`,
    };
  }
  const verdict = await authenticateSender(raw, { resolver: dnsResolver(context.dnsServers) });
  if (verdict.aligned) return { agreement, how: 'dmarc' };
  // DNS that does not answer proves nothing either way: the decode is retried with backoff, not held
  if (verdict.dmarc === 'temperror')
    throw retryable('email.dns_unavailable', `${from}: ${verdict.reason}; retried later`);
  return {
    held: 'email.sender_unauthenticated',
    partnerId,
    reason: `${from} matches partner ${partnerId}, but the mail does not pass DMARC for ${verdict.fromDomain}: ${verdict.reason}`,
  };
}
