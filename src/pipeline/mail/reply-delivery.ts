import { type SmtpConfig, SmtpConfig as SmtpConfigSchema } from '../../../connectors/smtp/index.ts';
import type { DeliveryPayload } from '../../core/connector.ts';
import { permanent } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import { mailboxReplySettings } from './mailbox-settings.ts';

/**
 * How a stored mail of ours (a reply to an order mail, a notice carrying an 855/856/810) goes out: whole, as
 * the raw mail it is (`message/rfc822`, threaded headers and all), through the SMTP settings of the mailbox the
 * order came in by, to the address it answers. Permanent when the mailbox or its SMTP settings are gone: an
 * operator restores them and retries.
 */
export async function replyDelivery(
  db: Database,
  message: {
    id: string;
    partnerId: string | null;
    type: string | null;
    raw: Uint8Array;
    control: Record<string, string> | null;
    connectorInstance: string | null;
  },
  secrets: SecretBox,
): Promise<{ payload: DeliveryPayload; config: SmtpConfig; transport: string }> {
  const to = message.control?.to;
  const mailbox =
    message.connectorInstance === null
      ? undefined
      : await mailboxReplySettings(db, message.connectorInstance, secrets);
  if (mailbox === undefined || to === undefined)
    throw permanent(
      'delivery.invalid_config',
      `mail ${message.id}: mailbox ${message.connectorInstance ?? '(none)'} has no SMTP settings for replies any more`,
    );
  const { smtp, password } = mailbox;
  const config = SmtpConfigSchema.parse({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user !== undefined && password !== undefined
      ? { auth: { user: smtp.user, pass: password } }
      : {}),
    from: smtp.from,
    to,
  });
  return {
    payload: {
      bytes: message.raw,
      contentType: 'message/rfc822',
      filename: `${message.type ?? 'mail'}-${message.id}.eml`,
      idempotencyKey: message.id,
      documentType: message.type ?? 'email',
      partnerId: message.partnerId ?? '',
    },
    config,
    transport: 'smtp',
  };
}
