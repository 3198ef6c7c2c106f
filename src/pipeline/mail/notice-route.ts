import { eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { Order } from '../../core/order.ts';
import type { Database } from '../../db/client.ts';
import { messages } from '../../db/schema.ts';
import { type MailboxReplySettings, mailboxReplySettings } from './mailbox-settings.ts';

/** Where a notice about an order that came by mail goes, and by which mailbox. */
export interface NoticeRoute {
  /** The address the order mail came from. */
  to: string;
  /** The order mail's Message-ID with its angle brackets, when it had one: the notice joins its thread. */
  inReplyTo?: string;
  /** The imap connector instance the order mail came in by; its SMTP settings send the notice. */
  mailbox: string;
  from: MailboxReplySettings['from'];
}

/**
 * The route back to the sender of an order that came by mail: the order mail's From address (the `sender`
 * column, the address its partner was identified and proved by), threaded to its Message-ID (the `filename`
 * column), sent through the SMTP settings of the mailbox it came in by. `cache` holds the answer per source
 * message, so a page of documents about one mail reads it once. Throws permanent `outbound.no_mail_route` when
 * there is no way back: the order came by the upload door (no address), or its mailbox is gone or has no
 * SMTP settings.
 */
export async function noticeRoute(
  tx: Database,
  order: Order,
  cache: Map<string, NoticeRoute | string>,
): Promise<NoticeRoute> {
  const sourceId = order.source.messageId;
  let found = cache.get(sourceId);
  if (found === undefined) {
    found = await routeOf(tx, sourceId);
    cache.set(sourceId, found);
  }
  if (typeof found === 'string')
    throw permanent('outbound.no_mail_route', `order ${order.poNumber} (${order.id}): ${found}`);
  return found;
}

/** The route of one source message, or why there is none. */
async function routeOf(tx: Database, messageId: string): Promise<NoticeRoute | string> {
  const [source] = await tx
    .select({
      channel: messages.channel,
      sender: messages.sender,
      filename: messages.filename,
      connectorInstance: messages.connectorInstance,
    })
    .from(messages)
    .where(eq(messages.id, messageId));
  if (source === undefined) return `its source message ${messageId} does not exist`;
  if (source.channel !== 'email')
    return `it came by the ${source.channel} door, not by mail, so there is no address to send documents to`;
  // the sender is an address the intake stored in lower case; anything else (an API key, a path) is none
  const to = source.sender?.includes('@') ? source.sender : undefined;
  if (to === undefined) return `its order mail ${messageId} names no sender address`;
  const mailbox =
    source.connectorInstance === null ? undefined : await mailboxReplySettings(tx, source.connectorInstance);
  if (source.connectorInstance === null || mailbox === undefined)
    return `its order mail came in by no mailbox with SMTP settings (${source.connectorInstance ?? 'none'}), so nothing can send the document`;
  return {
    to,
    // a mail without a Message-ID is stored as `no-message-id-<digest>` (connectors/imap/mail-identity.ts):
    // a real Message-ID has an `@` (RFC 5322 §3.6.4), that name does not, and threading to it would be a lie
    ...(source.filename?.includes('@') ? { inReplyTo: `<${source.filename}>` } : {}),
    mailbox: source.connectorInstance,
    from: mailbox.from,
  };
}
