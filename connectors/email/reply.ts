import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { Order } from '../../src/core/order.ts';
import type { MailProblem } from './mail-problem.ts';
import type { MailAddress, ParsedMail } from './parse-mail.ts';
import { type MailTexts, mailTexts } from './texts.ts';

/** What a reply says: the orders taken, why nothing was taken, or that a person will look at the mail. */
export type ReplyKind = 'confirmation' | 'rejection' | 'held';

/** A file attached to a reply (the 855 content as CSV, when the partner asks for it). */
export interface ReplyAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** Everything a reply is made of; the same input makes the same Message-ID. */
export interface ReplyInput {
  /** An id of the caller's (the outbound document's): the reply's Message-ID is derived from it. */
  id: string;
  original: Pick<ParsedMail, 'messageId' | 'subject' | 'references' | 'from' | 'replyTo'>;
  /** Our mailbox's address. */
  from: string | MailAddress;
  /** The recipient: by default the original's Reply-To, else its From. */
  to?: string;
  kind: ReplyKind;
  /** The partner's language (`en`, `de` …); English when unknown. */
  language?: string;
  /** A confirmation's orders. */
  orders?: readonly Order[];
  /** A confirmation's bad rows, a rejection's reasons. */
  problems?: readonly (Diagnostic | MailProblem)[];
  attachments?: readonly ReplyAttachment[];
  /** The Date header; default now. */
  date?: Date;
}

/** A reply ready for SMTP. */
export interface ComposedReply {
  bytes: Uint8Array;
  messageId: string;
  to: string;
  subject: string;
}

/** Findings listed in one mail; the rest are counted (a file of 10,000 bad rows makes no useful mail). */
const MAX_LISTED = 100;
/** Subject prefixes of a reply: English Re, German AW/Antw, Scandinavian SV, Dutch/French Ref … */
const REPLY_PREFIX = /^\s*(re|aw|antw|sv|vs|ref)\s*(\[\d+\])?\s*:/i;

/** `Re: <subject>`, not `Re: Re: …` on a reply to a reply. */
export function replySubject(subject: string, fallback: string): string {
  const trimmed = subject.trim();
  if (trimmed === '') return `Re: ${fallback}`;
  return REPLY_PREFIX.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/** Where a finding is, as the sender finds it: file, sheet, row, column. */
function where(problem: Diagnostic | MailProblem, t: MailTexts): string {
  const parts = [
    problem.file && `${t.where.file} ${problem.file}`,
    problem.sheet && `${t.where.sheet} ${problem.sheet}`,
    problem.row !== undefined && `${t.where.row} ${problem.row}`,
    problem.column && `${t.where.column} ${problem.column}`,
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}

/** One line per finding, with what to do about it when the table knows, capped at {@link MAX_LISTED}. */
function problemLines(problems: readonly (Diagnostic | MailProblem)[], t: MailTexts): string[] {
  const lines = problems.slice(0, MAX_LISTED).map((p) => {
    const hint = t.hints[p.code]?.(p.row);
    return `- ${where(p, t)}${p.message}${hint ? ` → ${hint}` : ''}`;
  });
  if (problems.length > MAX_LISTED) lines.push(t.more(problems.length - MAX_LISTED));
  return lines;
}

function body(input: ReplyInput, t: MailTexts, subject: string): string {
  const problems = input.problems ?? [];
  const paragraphs: string[][] = [[t.greeting]];
  if (input.kind === 'confirmation') {
    const orders = (input.orders ?? []).map((o) => {
      const amount = o.totals.amount === undefined ? undefined : `${o.totals.amount} ${o.currency}`;
      return `- ${t.order(o.poNumber, o.lines.length, o.totals.quantity, amount)}`;
    });
    paragraphs.push([t.confirmationIntro, ...orders]);
    if (problems.length > 0) paragraphs.push([t.badRowsIntro, ...problemLines(problems, t)]);
  } else if (input.kind === 'rejection') {
    paragraphs.push([t.rejectionIntro(subject), ...problemLines(problems, t)], [t.rejectionOutro]);
  } else {
    paragraphs.push([t.heldIntro(subject)]);
  }
  paragraphs.push([t.automatic]);
  return `${paragraphs.map((p) => p.join('\n')).join('\n\n')}\n`;
}

const addressOf = (a: string | MailAddress) => (typeof a === 'string' ? a : a.address);
/** `<x>` for a Message-ID with or without its angle brackets. */
const bracketed = (id: string) => (id.startsWith('<') ? id : `<${id}>`);

/**
 * Writes the answer to an order mail (RFC 5322 bytes, built by nodemailer's MailComposer): to its Reply-To or
 * From, threaded (`In-Reply-To` its Message-ID, `References` its references and Message-ID), subject `Re: …`,
 * marked `Auto-Submitted: auto-replied` (RFC 3834 §5) so other robots do not answer us, with a Message-ID
 * derived from `id` so the same reply stored twice is recognised as one. Plain text only: the facts, and for
 * each finding where it is and what to do.
 */
export async function composeReply(input: ReplyInput): Promise<ComposedReply> {
  const t = mailTexts(input.language);
  const to = input.to ?? input.original.replyTo?.address ?? input.original.from?.address;
  if (to === undefined) throw new Error('composeReply: the original mail names no sender to answer');
  const fromAddress = addressOf(input.from);
  const messageId = `<${input.id}.reply@${fromAddress.slice(fromAddress.lastIndexOf('@') + 1)}>`;
  const original = input.original.messageId ? bracketed(input.original.messageId) : undefined;
  const references = [...input.original.references.map(bracketed), ...(original ? [original] : [])];
  const subject = replySubject(input.original.subject, t.replySubjectFallback);
  const quotedSubject = input.original.subject.trim() || t.replySubjectFallback;
  // loaded by the first mail composed, not by every process that imports the connectors
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: input.from,
    to,
    subject,
    messageId,
    ...(input.date ? { date: input.date } : {}),
    ...(original ? { inReplyTo: original } : {}),
    ...(references.length > 0 ? { references: [...new Set(references)] } : {}),
    // RFC 3834 §5: an automatic answer; X-Auto-Response-Suppress asks Exchange for no out-of-office back
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    text: body(input, t, quotedSubject),
    attachments: (input.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
  });
  const bytes = await composer.compile().build();
  return { bytes: new Uint8Array(bytes), messageId, to, subject };
}
