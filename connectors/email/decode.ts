import { z } from 'zod';
import type {
  ConnectorContext,
  DecodeInput,
  DecodeResult,
  InboundConnector,
  PlannedAck,
  ResolvedPartner,
} from '../../src/core/connector.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { Order } from '../../src/core/order.ts';
import { wholeBytes } from '../../src/core/whole-bytes.ts';
import { spreadsheetConnector } from '../spreadsheet/index.ts';
import { x12Connector } from '../x12/index.ts';
import { type MailAttachment, type ParsedMail, parseMail } from './parse-mail.ts';

/** Attachment kinds read as spreadsheets: the spreadsheet reader itself answers an old .xls clearly. */
const SPREADSHEET_KINDS = new Set(['csv', 'xlsx', 'xls']);

/**
 * The pure half of the mail door (what `ordergate translate --format eml` and the conformance suite run): the
 * mail's partner is `ctx.partner`, else the one its From address (an `email` identifier) or domain (a `domain`
 * identifier) names — not proved, which needs DNS and is the pipeline's (src/pipeline/mail); each spreadsheet
 * attachment read with the spreadsheet connector, each X12 attachment with the X12 connector (its 997/999
 * planned as for any interchange), XML named as not read yet. A mail with no file to read and text in its body
 * is `unusable` here: the gateway holds it for a person.
 */
export async function decodeMail(raw: DecodeInput, ctx: ConnectorContext): Promise<DecodeResult> {
  const bytes = await wholeBytes(raw.bytes);
  let mail: ParsedMail;
  try {
    mail = await parseMail(bytes);
  } catch (error) {
    return unusable({
      severity: 'error',
      code: 'email.unparseable',
      message: `the message cannot be read as a mail: ${(error as Error).message}`,
    });
  }
  const partner = ctx.partner ?? (await senderPartner(mail, ctx));
  const read = await readAttachments(mail, { ...ctx, ...(partner ? { partner } : {}) }, raw, 'decode');
  const { orders, acks, readable } = read;
  const diagnostics = [...read.diagnostics, ...mail.problems];
  if (readable === 0 && diagnostics.length === 0) {
    return unusable(
      mail.text.trim() === ''
        ? {
            severity: 'error',
            code: 'email.no_order_attachment',
            message:
              'the mail has no order attached: attach the order as a spreadsheet (.xlsx, .csv) or as X12',
          }
        : {
            severity: 'error',
            code: 'email.body_only',
            message: 'the order is written in the body of the mail, with no file to read: a person enters it',
          },
    );
  }
  return {
    orders,
    diagnostics,
    ...(acks.length > 0 ? { ack: { documents: acks } } : {}),
    counts: {
      attachments: mail.attachments.length,
      orders: orders.length,
      rejected: diagnostics.some((d) => d.severity === 'error') ? 1 : 0,
    },
  };
}

/** What a mail's attachments hold, read each with its format's connector. */
export interface MailAttachmentsRead {
  orders: Order[];
  diagnostics: Diagnostic[];
  /** The 997/999 planned for X12 attachments decoded here (`x12: 'decode'`). */
  acks: PlannedAck[];
  /** X12 attachments left to the caller (`x12: 'apart'`): the gateway stores each as an interchange of its own. */
  interchanges: MailAttachment[];
  /** How many attachments are of a kind that holds orders (spreadsheets, X12). */
  readable: number;
}

/**
 * Reads a parsed mail's attachments for `ctx.partner`: each spreadsheet (CSV, XLSX, and an old .xls, which the
 * spreadsheet reader answers clearly) with the spreadsheet connector into orders of `raw.channel`; X12 decoded
 * here with the X12 connector (`decode`, offline) or handed back (`apart`, the gateway's way: each interchange
 * its own message, answered as any); XML named as not read yet; anything else (a logo, a PDF) left alone.
 */
export async function readAttachments(
  mail: Pick<ParsedMail, 'attachments'>,
  ctx: ConnectorContext,
  raw: Pick<DecodeInput, 'channel' | 'receivedAt'>,
  x12: 'decode' | 'apart',
): Promise<MailAttachmentsRead> {
  const read: MailAttachmentsRead = { orders: [], diagnostics: [], acks: [], interchanges: [], readable: 0 };
  for (const attachment of mail.attachments) {
    const file = {
      channel: raw.channel,
      bytes: attachment.bytes,
      receivedAt: raw.receivedAt,
      filename: attachment.filename,
      contentType: attachment.contentType,
    };
    if (SPREADSHEET_KINDS.has(attachment.kind)) {
      read.readable++;
      const result = await spreadsheetConnector.decode(file, ctx);
      read.orders.push(...result.orders);
      read.diagnostics.push(...result.diagnostics);
    } else if (attachment.kind === 'x12') {
      read.readable++;
      if (x12 === 'apart') {
        read.interchanges.push(attachment);
        continue;
      }
      const result = await x12Connector.decode(file, ctx);
      read.orders.push(...result.orders.map((o) => ({ ...o, channel: 'email' as const })));
      read.diagnostics.push(...result.diagnostics);
      read.acks.push(...(result.ack?.documents ?? []));
    } else if (attachment.kind === 'xml') {
      read.diagnostics.push({
        severity: 'error',
        code: 'email.attachment_unsupported',
        file: attachment.filename,
        message: `${attachment.filename}: XML orders (cXML, UBL) are not read yet; send the order as a spreadsheet (.xlsx, .csv) or as X12`,
      });
    }
  }
  return read;
}

/** The partner a mail's From names: its exact address first, then its domain. */
async function senderPartner(mail: ParsedMail, ctx: ConnectorContext): Promise<ResolvedPartner | undefined> {
  const address = mail.from?.address;
  if (address === undefined) return undefined;
  return (
    (await ctx.resolvePartner({ type: 'email', value: address })) ??
    (await ctx.resolvePartner({ type: 'domain', value: address.slice(address.lastIndexOf('@') + 1) }))
  );
}

function unusable(problem: Diagnostic): DecodeResult {
  return { orders: [], diagnostics: [problem], unusable: true };
}

/**
 * The e-mail format as a connector of the registry (channel `email`): what `ordergate translate --format eml`
 * decodes with. Mailboxes are the imap connector's; it reads what they receive with {@link decodeMail} too.
 */
export const emailConnector: InboundConnector<Record<string, never>> = {
  id: 'email',
  channel: 'email',
  configSchema: z.strictObject({}),
  decode: decodeMail,
};
