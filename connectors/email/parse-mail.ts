import type { AddressObject, Attachment, HeaderLines, simpleParser } from 'mailparser';
import { type AttachmentKind, attachmentKind } from './attachment-kind.ts';
import type { MailProblem } from './mail-problem.ts';

/** An address as a mail header names it. */
export interface MailAddress {
  address: string;
  name?: string;
}

/** One file attached to a mail, or to a mail forwarded inside it. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  kind: AttachmentKind;
  bytes: Uint8Array;
  /** 0 for the mail's own attachments; 1 inside a forwarded mail, 2 inside a mail forwarded in that one … */
  forwardDepth: number;
}

/** What the gateway reads of a mail: who, to whom, which thread, the text and the attachments. */
export interface ParsedMail {
  messageId?: string;
  /** The first address of From (DMARC refuses a mail with several: authenticate-sender.ts). */
  from?: MailAddress;
  replyTo?: MailAddress;
  to: string[];
  cc: string[];
  subject: string;
  date?: Date;
  inReplyTo?: string;
  references: string[];
  /** The Return-Path's address as the receiving server wrote it ('' for the null sender `<>` of a bounce). */
  returnPath?: string;
  /** Every header of the mail itself (not of its parts): lower-cased name → unfolded raw values, in order. */
  headers: ReadonlyMap<string, readonly string[]>;
  /** The plain-text body (mailparser derives it from the HTML part when there is no text part). */
  text: string;
  attachments: MailAttachment[];
  /** What could not be read: too large, too many, nested too deep, not a mail at all. */
  problems: MailProblem[];
}

/** Limits on what a mail may make the gateway read; beyond them, problems rather than crashes. */
export interface ParseMailOptions {
  /** Largest attachment read, in bytes (default 25 MiB, what the large mail services let through). */
  maxAttachmentBytes?: number;
  /** Most attachments read from one mail, forwarded ones included (default 50). */
  maxAttachments?: number;
  /** How deep forwarded mails inside forwarded mails are opened (default 3). */
  maxForwardDepth?: number;
}

const DEFAULTS: Required<ParseMailOptions> = {
  maxAttachmentBytes: 25 * 1024 * 1024,
  maxAttachments: 50,
  maxForwardDepth: 3,
};

/** `Name: value` lines unfolded (RFC 5322 §2.2.3), by lower-cased name. */
function headerMap(lines: HeaderLines): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    if (key === '') continue;
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]/g, ' ')
      .trim();
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

/** The addresses of an address header, groups flattened. */
function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects
    .flatMap((object) => object.value)
    .flatMap((entry) => [entry, ...(entry.group ?? [])])
    .filter((entry) => entry.address)
    .map((entry) =>
      entry.name ? { address: entry.address!, name: entry.name } : { address: entry.address! },
    );
}

/** The address inside a Return-Path value: `<>` is the null sender, ''. */
function returnPathOf(values: readonly string[] | undefined): string | undefined {
  const value = values?.[0];
  if (value === undefined) return undefined;
  return value.replace(/^.*?<([^>]*)>.*$/s, '$1').trim();
}

/**
 * A `message/rfc822` attachment: a forwarded mail (or a bounce's returned mail). mailparser opens one that is
 * inline and 7bit/8bit/binary by itself and hands its attachments out as the outer mail's; one sent as an
 * attachment (Outlook's "forward as attachment") or base64-encoded stays one attachment, opened here.
 */
const isForwardedMail = (attachment: Attachment) => attachment.contentType.toLowerCase() === 'message/rfc822';

interface Collected {
  attachments: MailAttachment[];
  problems: MailProblem[];
}

async function collect(
  found: readonly Attachment[],
  depth: number,
  limits: Required<ParseMailOptions>,
  into: Collected,
): Promise<void> {
  for (const attachment of found) {
    const filename = attachment.filename ?? '';
    if (isForwardedMail(attachment)) {
      if (depth + 1 > limits.maxForwardDepth) {
        into.problems.push({
          severity: 'warning',
          code: 'email.forward_too_deep',
          message: `a forwarded mail is nested more than ${limits.maxForwardDepth} deep: not opened`,
          ...(filename ? { file: filename } : {}),
        });
        continue;
      }
      const { simpleParser } = await import('mailparser');
      const inner = await simpleParser(attachment.content, { skipTextToHtml: true, skipImageLinks: true });
      await collect(inner.attachments, depth + 1, limits, into);
      continue;
    }
    if (into.attachments.length >= limits.maxAttachments) {
      into.problems.push({
        severity: 'error',
        code: 'email.too_many_attachments',
        message: `the mail has more than ${limits.maxAttachments} attachments: the rest were not read`,
        ...(filename ? { file: filename } : {}),
      });
      return;
    }
    if (attachment.size > limits.maxAttachmentBytes) {
      into.problems.push({
        severity: 'error',
        code: 'email.attachment_too_large',
        message: `${filename || 'an attachment'} has ${attachment.size} bytes, more than the ${limits.maxAttachmentBytes} read`,
        ...(filename ? { file: filename } : {}),
      });
      continue;
    }
    const bytes = new Uint8Array(attachment.content);
    into.attachments.push({
      filename,
      contentType: attachment.contentType,
      kind: attachmentKind(filename, attachment.contentType, bytes),
      bytes,
      forwardDepth: depth,
    });
  }
}

/** A mail with nothing in it but the problem that it is not one. */
function unparseable(message: string): ParsedMail {
  return {
    to: [],
    cc: [],
    subject: '',
    references: [],
    headers: new Map(),
    text: '',
    attachments: [],
    problems: [{ severity: 'error', code: 'email.unparseable', message }],
  };
}

/**
 * Reads a mail's bytes (RFC 5322 with MIME): its addresses, thread, text and attachments, forwarded mails opened
 * down to `maxForwardDepth`, each attachment classified. Never throws for what a sender sent: a message that is
 * not a mail (no header at its start) or that mailparser refuses comes back with an `email.unparseable` problem.
 */
export async function parseMail(bytes: Uint8Array, options: ParseMailOptions = {}): Promise<ParsedMail> {
  const limits = { ...DEFAULTS, ...options };
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    // loaded by the first mail read, not by every process that imports the connectors
    const { simpleParser } = await import('mailparser');
    mail = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      skipTextToHtml: true,
      skipImageLinks: true,
    });
  } catch (error) {
    return unparseable(`the message cannot be read as a mail: ${(error as Error).message}`);
  }
  // a mail starts with a header field; mailparser takes any first line as one, keyless
  if (mail.headerLines.length === 0 || mail.headerLines[0]!.key === '')
    return unparseable('the message does not start with a mail header (From:, To:, Subject: …)');

  const headers = headerMap(mail.headerLines);
  const collected: Collected = { attachments: [], problems: [] };
  try {
    await collect(mail.attachments, 0, limits, collected);
  } catch (error) {
    collected.problems.push({
      severity: 'error',
      code: 'email.unparseable',
      message: `a forwarded mail inside cannot be read: ${(error as Error).message}`,
    });
  }
  const references = mail.references === undefined ? [] : [mail.references].flat();
  const from = addresses(mail.from)[0];
  const replyTo = addresses(mail.replyTo)[0];
  const returnPath = returnPathOf(headers.get('return-path'));
  return {
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(from ? { from } : {}),
    ...(replyTo ? { replyTo } : {}),
    to: addresses(mail.to).map((a) => a.address),
    cc: addresses(mail.cc).map((a) => a.address),
    subject: mail.subject ?? '',
    // mailparser leaves date unset without a Date header, and gives an Invalid Date for one it cannot read
    ...(mail.date && !Number.isNaN(mail.date.getTime()) ? { date: mail.date } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    references,
    ...(returnPath !== undefined ? { returnPath } : {}),
    headers,
    text: mail.text ?? '',
    attachments: collected.attachments,
    problems: collected.problems,
  };
}
