/**
 * The mail part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces): what
 * reading an order mail (`email.*`) and running a mailbox (`imap.*`) can find. Pure data, so the registry can
 * import it without a cycle.
 */

/** A mail held for an operator, with an exception: who sent it is not known or not proved. */
export const EMAIL_HELD = {
  'email.sender_unknown':
    "the mail's From address and domain are no partner's: held until an admin assigns it",
  'email.sender_unauthenticated':
    'the mail does not prove it comes from the partner its From names (DMARC, secret address): held',
  'email.body_only':
    'the order is written in the body of the mail, with no attachment to read: held for a person to enter',
  'email.unparseable': 'the message is not a mail that can be read (no header, broken MIME): held',
} as const;

/**
 * A partner's mail whose spreadsheet had bad rows or unreadable files: the partner was told what to fix, and a
 * person at the supplier sees it in the exceptions inbox too (to follow up, or to enter the order by hand).
 */
export const EMAIL_FOLLOW_UP = {
  'email.order_problems':
    "a partner's mail had rows or files that could not be read: the partner was told; a person may follow up",
} as const;

/** A mail whose order cannot be read as sent: the sender is told what to send instead (a reply). */
export const EMAIL_REJECTS = {
  'email.attachment_too_large': 'an attachment is larger than the gateway reads: it was not read',
  'email.too_many_attachments':
    'the mail has more attachments than the gateway reads: the rest were not read',
  'email.no_order_attachment': 'the mail has no attachment that holds an order (CSV, XLSX, X12) and no text',
  'email.attachment_unsupported':
    'an attachment is of a kind not read (XLS, XML/cXML): save it as .xlsx or .csv and send it again',
} as const;

/** Findings about a mail told to the sender (or kept with the message) that reject nothing. */
export const EMAIL_WARNINGS = {
  'email.forward_too_deep':
    'a forwarded mail is nested deeper than the gateway opens: the attachments inside it were not read',
} as const;

/** What happened to a mail that is neither a problem nor a rejection: kept with the message for operators. */
export const EMAIL_NOTES = {
  'email.duplicate':
    'the same mail (Message-ID and sender) was received before: not processed or answered again',
  'email.automatic':
    'an automatic mail (auto-reply, bounce, list mail) with no order in it: nothing to read, no one to answer',
  'email.reply_withheld':
    'no automatic reply was sent: an auto-reply, bounce or list mail, our own, no SMTP settings, or the hourly limit',
} as const;

/** A mailbox configuration that cannot work, found by `POST /v1/connectors/:id/check`. */
export const IMAP_FINDINGS = {
  'imap.unreachable': 'the mail server cannot be reached (name, port, firewall, timeout)',
  'imap.tls_failed': "the mail server's TLS cannot be used (certificate, STARTTLS not offered)",
  'imap.auth_failed': 'the mail server refused the user name with that password or access token',
  'imap.folder_missing': 'the folder the orders arrive in cannot be opened (no such folder, no access)',
  'imap.folder_unusable': 'the processed or failed folder is missing and cannot be created',
} as const;
