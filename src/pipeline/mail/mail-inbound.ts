import { and, eq, ne } from 'drizzle-orm';
import { readAttachments } from '../../../connectors/email/decode.ts';
import { replyRefusal } from '../../../connectors/email/loop-guard.ts';
import { type ParsedMail, parseMail } from '../../../connectors/email/parse-mail.ts';
import type { ReplyKind } from '../../../connectors/email/reply.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { wholeBytes } from '../../core/whole-bytes.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { raiseException } from '../../db/exceptions.ts';
import { messages } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { partnerWithMappings } from '../../partners/resolved-partner.ts';
import type { MailContext } from '../../runtime/config.ts';
import type { DecodeOutcome, StoredInbound } from '../stages/inbound-format.ts';
import { knownPartnerContext } from '../stages/known-partner-context.ts';
import { OrderWriter } from '../stages/order-writer.ts';
import { replayChain, supersedeReplayed } from '../stages/replayed-runs.ts';
import { EMAIL_REPLY, storeMailReply } from './mail-reply.ts';
import { type MailSender, mailSender } from './mail-sender.ts';

/** Problems kept on the message row (a reply names them all; the row need not). */
const MAX_STORED_DIAGNOSTICS = 500;

/**
 * Decodes one stored order mail inside the decode stage's transaction: recognises a mail seen before (same
 * Message-ID and sender) and leaves it be; finds and proves its partner (mail-sender.ts) or holds it for an
 * operator; reads every attachment with its connector — spreadsheets into orders, an X12 interchange stored as
 * a message of its own and decoded like any X12 — and answers the sender once, threaded (mail-reply.ts): a
 * confirmation naming each order and every bad row, or a rejection naming each problem.
 */
export async function processMailMessage(
  tx: Database,
  message: StoredInbound,
  context: MailContext,
): Promise<DecodeOutcome> {
  const raw = await wholeBytes(message.raw);
  let mail: ParsedMail;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    const text = `the message cannot be read as a mail: ${(error as Error).message}; held for an operator`;
    await raiseException(tx, {
      messageId: message.id,
      code: 'email.unparseable',
      kind: 'permanent',
      message: text,
    });
    return settled('failed', [{ severity: 'error', code: 'email.unparseable', message: text }]);
  }
  if (message.replayOf === null) {
    const earlier = await earlierCopy(tx, message);
    if (earlier !== undefined)
      return settled('done', [
        {
          severity: 'warning',
          code: 'email.duplicate',
          message: `this mail (${message.filename}) was received before as message ${earlier}: not processed again`,
        },
      ]);
  }

  const sender = await mailSender(tx, message, mail, raw, context);
  if ('held' in sender) return hold(tx, message, mail, sender);
  const partner = await partnerWithMappings(tx, sender.agreement);

  const replaying = await replayChain(tx, message.replayOf);
  const read = await readAttachments(
    mail,
    knownPartnerContext(message.id, partner),
    { channel: 'email', receivedAt: new Date() },
    'apart',
  );
  const { orders, readable } = read;
  const problems = [...read.diagnostics, ...mail.problems];
  const toDecode: string[] = [];
  for (const attachment of read.interchanges)
    toDecode.push(await storeInterchange(tx, message, partner.id, attachment));
  if (readable === 0 && problems.length === 0) {
    // an out-of-office note or a bounce of one of our replies is no order for a person to type in
    const automatic = replyRefusal(mail, { ourAddresses: [] });
    if (automatic !== undefined)
      return {
        ...settled('done', [
          { severity: 'info', code: 'email.automatic', message: `nothing to read: ${automatic}` },
        ]),
        partnerId: partner.id,
      };
    if (mail.text.trim() !== '') {
      // a person reads the order from the body; the partner hears that it arrived and waits for them
      const held = await hold(tx, message, mail, {
        held: 'email.body_only',
        partnerId: partner.id,
        reason: 'the order is written in the body of the mail, with no file to read: a person enters it',
      });
      const reply = await storeMailReply(tx, {
        message,
        mail,
        partner,
        kind: 'held',
        orders: [],
        problems: [],
        context,
      });
      return { ...held, ...answered(reply), partnerId: partner.id };
    }
    problems.push({
      severity: 'error',
      code: 'email.no_order_attachment',
      message: 'the mail has no order attached: attach the order as a spreadsheet (.xlsx, .csv) or as X12',
    });
  }

  const writer = new OrderWriter(tx, 'pipeline');
  for (const order of orders) await writer.add(order);
  const orderIds = await writer.finish(new Set());
  if (orderIds.length > 0) await supersedeReplayed(tx, replaying, 'pipeline');

  const kind: ReplyKind | undefined =
    orders.length > 0 ? 'confirmation' : problems.length > 0 ? 'rejection' : undefined;
  const reply =
    kind === undefined
      ? undefined
      : await storeMailReply(tx, { message, mail, partner, kind, orders, problems, context });
  const errors = problems.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    // the partner is told by the reply; the supplier's people see it in the same inbox as every hold
    await raiseException(tx, {
      messageId: message.id,
      partnerId: partner.id,
      code: 'email.order_problems',
      type: 'file',
      kind: 'permanent',
      message: `mail from ${partner.id} "${mail.subject}": ${errors.length} problem${errors.length === 1 ? '' : 's'} in what it sent (${orders.length} order${orders.length === 1 ? '' : 's'} taken); the partner was told`,
      details: { diagnostics: errors.slice(0, MAX_STORED_DIAGNOSTICS) },
    });
  const diagnostics = [...problems, ...(reply?.diagnostics ?? [])].slice(0, MAX_STORED_DIAGNOSTICS);
  return {
    status: orderIds.length > 0 || toDecode.length > 0 ? 'done' : 'rejected',
    orderIds,
    diagnostics,
    ...answered(reply),
    toDecode,
    counts: {
      attachments: mail.attachments.length,
      orders: orderIds.length,
      lines: orders.reduce((n, o) => n + o.lines.length, 0),
      problems: problems.filter((d) => d.severity === 'error').length,
      interchanges: toDecode.length,
    },
    partnerId: partner.id,
    documentTypes: 'email',
  };
}

/** The stored reply, if any, as the decode stage lists and pushes answers. */
function answered(reply: { stored?: string } | undefined): Pick<DecodeOutcome, 'answers' | 'toDeliver'> {
  if (reply?.stored === undefined) return { answers: [], toDeliver: [] };
  return { answers: [{ type: EMAIL_REPLY, messageId: reply.stored }], toDeliver: [reply.stored] };
}

/** A message settled without orders, partner or answers. */
function settled(status: DecodeOutcome['status'], diagnostics: Diagnostic[]): DecodeOutcome {
  return {
    status,
    orderIds: [],
    diagnostics,
    answers: [],
    toDeliver: [],
    counts: {},
    documentTypes: 'email',
  };
}

/**
 * Holds a mail for an operator: an exception says why (an unknown or unproved sender, an order only in the
 * body), the message is `failed` until an admin assigns it to a partner (`POST /v1/messages/:id/assign`),
 * which decodes it again as that partner's. The sender is not answered: an unproved From may be forged.
 */
async function hold(
  tx: Database,
  message: StoredInbound,
  mail: ParsedMail,
  sender:
    | Extract<MailSender, { held: string }>
    | { held: 'email.body_only'; reason: string; partnerId: string },
): Promise<DecodeOutcome> {
  const text = `mail from ${mail.from?.address ?? '(no From)'} "${mail.subject}": ${sender.reason}; held until an admin assigns it to a partner`;
  await raiseException(tx, {
    messageId: message.id,
    ...(sender.partnerId ? { partnerId: sender.partnerId } : {}),
    code: sender.held,
    kind: 'permanent',
    message: text,
    details: {
      from: mail.from?.address ?? null,
      subject: mail.subject,
      messageIdHeader: mail.messageId ?? null,
      ...(sender.partnerId ? { partnerId: sender.partnerId } : {}),
    },
  });
  return settled('failed', [{ severity: 'error', code: sender.held, message: text }]);
}

/** The id of the same mail stored and decoded before (same Message-ID and sender), if any. */
async function earlierCopy(tx: Database, message: StoredInbound): Promise<string | undefined> {
  if (message.filename === null || message.sender === null) return undefined;
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'inbound'),
        eq(messages.channel, 'email'),
        eq(messages.filename, message.filename),
        eq(messages.sender, message.sender),
        ne(messages.id, message.id),
        ne(messages.status, 'received'),
      ),
    )
    .limit(1);
  return row?.id;
}

/**
 * An X12 interchange attached to a mail becomes an inbound message of its own (channel x12, the mail's
 * partner, its file name), decoded next like any interchange: its 997/855 follow the partner's agreement.
 */
async function storeInterchange(
  tx: Database,
  mail: StoredInbound,
  partnerId: string,
  attachment: ParsedMail['attachments'][number],
): Promise<string> {
  const { id, sha256 } = await storeMessage(tx, {
    direction: 'inbound',
    channel: 'x12',
    partnerId,
    raw: attachment.bytes,
    sender: mail.sender,
    filename: attachment.filename,
    contentType: attachment.contentType,
    connectorInstance: mail.connectorInstance,
  });
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'message',
    entityId: id,
    action: 'receive',
    after: {
      status: 'received',
      channel: 'x12',
      size: attachment.bytes.byteLength,
      sha256,
      fromMail: mail.id,
    },
  });
  return id;
}
