import { eq } from 'drizzle-orm';
import { imapConnector } from '../../../connectors/imap/index.ts';
import type { Database } from '../../db/client.ts';
import { connectorInstances } from '../../db/schema.ts';
import { openConnectorSecrets } from '../../runtime/connector-secrets.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';

/** How a mailbox answers the mails it received: its SMTP settings, and the addresses that are our own. */
export interface MailboxReplySettings {
  from: { address: string };
  /** Our own addresses (the reply sender, the mailbox's login): a mail from one of them is never answered. */
  ourAddresses: string[];
  smtp: { host: string; port: number; secure: boolean; user?: string; from: string };
}

/**
 * The reply settings of the mailbox (an imap connector instance) a mail came in by; undefined when the instance
 * is gone, is not a mailbox or names no SMTP server. With `secrets`, the SMTP password is opened too, for the
 * deliver stage that sends the reply; the decode stage needs only the addresses.
 */
export async function mailboxReplySettings(
  db: Database,
  instanceId: string,
  secrets?: SecretBox,
): Promise<(MailboxReplySettings & { password?: string }) | undefined> {
  const [row] = await db
    .select({ connector: connectorInstances.connector, config: connectorInstances.config })
    .from(connectorInstances)
    .where(eq(connectorInstances.id, instanceId));
  if (row === undefined || row.connector !== imapConnector.id) return undefined;
  const parsed = imapConnector.configSchema.safeParse(row.config);
  if (!parsed.success || parsed.data.smtp === undefined) return undefined;
  const { smtp, user } = parsed.data;
  const password =
    secrets === undefined || parsed.data.smtpPassword === undefined
      ? undefined
      : (openConnectorSecrets({ smtpPassword: parsed.data.smtpPassword }, ['smtpPassword'], secrets)
          .smtpPassword as string);
  return {
    from: { address: smtp.from },
    ourAddresses: [smtp.from, ...(user.includes('@') ? [user] : [])].map((a) => a.toLowerCase()),
    smtp,
    ...(password !== undefined ? { password } : {}),
  };
}
