import { randomUUID } from 'node:crypto';
import { and, count, eq, gte, sql } from 'drizzle-orm';
import { replyRefusal } from '../../../connectors/email/loop-guard.ts';
import type { ParsedMail } from '../../../connectors/email/parse-mail.ts';
import { composeReply, type ReplyKind } from '../../../connectors/email/reply.ts';
import type { ResolvedPartner } from '../../core/connector.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { Order } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { messages, outboundDocuments } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import type { MailContext } from '../../runtime/config.ts';
import type { StoredInbound } from '../stages/inbound-format.ts';
import { mailLanguage } from './mail-language.ts';
import { mailboxReplySettings } from './mailbox-settings.ts';

/** The outbound message type of an automatic answer to an order mail. */
export const EMAIL_REPLY = 'email-reply';

/**
 * Stores the one answer an order mail gets, threaded to it, as an outbound message the deliver stage sends
 * through the mailbox's SMTP settings, in the decode stage's transaction (so a mail decoded again, after a
 * crash, is not answered twice). No answer (and a finding saying why) when the mail came in by no mailbox with
 * SMTP settings, is an auto-reply, bounce or list mail or our own (loop-guard.ts), or its sender already got
 * `repliesPerHour` answers this hour: two robots never answer each other for ever.
 */
export async function storeMailReply(
  tx: Database,
  input: {
    message: StoredInbound;
    mail: ParsedMail;
    partner: ResolvedPartner;
    kind: ReplyKind;
    orders: readonly Order[];
    problems: readonly Diagnostic[];
    context: MailContext;
  },
): Promise<{ stored?: string; diagnostics: Diagnostic[] }> {
  const { message, mail, partner } = input;
  const withheld = (why: string) => ({
    diagnostics: [
      { severity: 'info' as const, code: 'email.reply_withheld' as const, message: `no reply sent: ${why}` },
    ],
  });
  const mailbox =
    message.connectorInstance === null
      ? undefined
      : await mailboxReplySettings(tx, message.connectorInstance);
  if (mailbox === undefined) return withheld('the mail came in by no mailbox with SMTP settings for replies');
  const refusal = replyRefusal(mail, { ourAddresses: mailbox.ourAddresses });
  if (refusal !== undefined) return withheld(refusal);
  const to = (mail.replyTo?.address ?? mail.from?.address)?.toLowerCase();
  if (to === undefined) return withheld('the mail names no sender to answer');
  const [recent] = await tx
    .select({ n: count() })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'outbound'),
        eq(messages.type, EMAIL_REPLY),
        sql`${messages.control}->>'to' = ${to}`,
        gte(messages.receivedAt, sql`now() - interval '1 hour'`),
      ),
    );
  if ((recent?.n ?? 0) >= input.context.repliesPerHour)
    return withheld(`${to} got ${input.context.repliesPerHour} replies within the last hour`);

  const documentId = randomUUID();
  const composed = await composeReply({
    id: documentId,
    original: mail,
    from: mailbox.from,
    to,
    kind: input.kind,
    language: mailLanguage(partner),
    orders: input.orders,
    problems: input.problems,
  });
  const control = {
    to,
    ...(mail.messageId ? { inReplyTo: mail.messageId } : {}),
    replyMessageId: composed.messageId,
  };
  const { id: messageId } = await storeMessage(tx, {
    direction: 'outbound',
    channel: 'email',
    partnerId: partner.id,
    type: EMAIL_REPLY,
    raw: composed.bytes,
    contentType: 'message/rfc822',
    status: 'received',
    control,
    connectorInstance: message.connectorInstance,
  });
  await tx.insert(outboundDocuments).values({
    id: documentId,
    type: EMAIL_REPLY,
    partnerId: partner.id,
    sourceMessageId: message.id,
    messageId,
    status: 'pending',
    content: { kind: input.kind, to, subject: composed.subject, orders: input.orders.map((o) => o.poNumber) },
    control,
  });
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'outbound_document',
    entityId: documentId,
    action: 'create',
    after: { status: 'pending', type: EMAIL_REPLY, kind: input.kind, messageId, sourceMessageId: message.id },
  });
  return { stored: messageId, diagnostics: [] };
}
