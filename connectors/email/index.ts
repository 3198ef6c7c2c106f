/**
 * Order mails: reading them (parse-mail.ts, attachment-kind.ts), proving who sent them (authenticate.ts,
 * secret-address.ts), not answering robots (loop-guard.ts), answering people (reply.ts) and sending documents
 * as CSV (csv-out.ts, document-csv.ts, document-summary.ts, notice.ts). Pure functions: DNS comes in as a
 * resolver, the mailbox and the database belong to the caller.
 */

export { acknowledgmentNoticeCsv, acknowledgmentNoticeText } from './acknowledgment-notice.ts';
export { type AttachmentKind, attachmentKind } from './attachment-kind.ts';
export * from './authenticate.ts';
export { type CsvCell, safeCell, toCsv } from './csv-out.ts';
export { decodeMail, emailConnector } from './decode.ts';
export { invoiceCsv, shipmentCsv } from './document-csv.ts';
export { invoiceSummary, shipmentSummary } from './document-summary.ts';
export { type GuardedMail, replyRefusal } from './loop-guard.ts';
export type { EmailCode, MailProblem } from './mail-problem.ts';
export { composeNotice, type NoticeInput } from './notice.ts';
export * from './parse-mail.ts';
export * from './reply.ts';
