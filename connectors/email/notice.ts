import type { MailAddress } from './parse-mail.ts';
import { mailTexts } from './texts.ts';

/** A document sent by mail as CSV: which, to whom, its summary and its file. */
export interface NoticeInput {
  kind: '855' | '856' | '810';
  to: string | MailAddress;
  from: string | MailAddress;
  language?: string;
  /** What identifies the document to the partner in the subject: the PO number, the invoice number. */
  reference: string;
  /** The summary of document-summary.ts, the body's first paragraph. */
  summaryText: string;
  /** The CSV of document-csv.ts. */
  csv: Uint8Array;
  filename: string;
  /** The same document as PDF (connectors/email/pdf/), attached before the CSV when given. */
  pdf?: { filename: string; bytes: Uint8Array };
  /** The original order mail's Message-ID, when the order came by mail: the notice joins its thread. */
  referenceMessageId?: string;
  /** A stable Message-ID of the caller's (from the outbound document's id), so a resend is recognised. */
  messageId?: string;
  date?: Date;
}

/**
 * Writes the mail that carries an 855, 856 or 810 to a mail partner: the summary as plain text, the PDF
 * (`application/pdf`) when given and the CSV attached (`text/csv; charset=utf-8`), threaded to the order mail (`In-Reply-To`, `References`) when its
 * Message-ID is known, and marked `Auto-Submitted: auto-generated` (RFC 3834 §5: not an answer a robot should
 * reply to). Returns the raw RFC 5322 bytes.
 */
export async function composeNotice(input: NoticeInput): Promise<Uint8Array> {
  const t = mailTexts(input.language);
  const thread = input.referenceMessageId
    ? { inReplyTo: input.referenceMessageId, references: [input.referenceMessageId] }
    : {};
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    subject: t.noticeSubject[input.kind](input.reference),
    ...(input.messageId ? { messageId: input.messageId } : {}),
    ...(input.date ? { date: input.date } : {}),
    ...thread,
    headers: { 'Auto-Submitted': 'auto-generated' },
    text: `${input.summaryText}\n\n${input.pdf ? t.pdfAndCsvAttached : t.csvAttached}\n\n${t.automatic}\n`,
    attachments: [
      ...(input.pdf
        ? [
            {
              filename: input.pdf.filename,
              contentType: 'application/pdf',
              content: Buffer.from(input.pdf.bytes),
            },
          ]
        : []),
      { filename: input.filename, contentType: 'text/csv; charset=utf-8', content: Buffer.from(input.csv) },
    ],
  });
  return new Uint8Array(await composer.compile().build());
}
