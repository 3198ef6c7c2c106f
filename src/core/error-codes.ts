import { AS2_CERTIFICATE_CONFLICTS, AS2_CERTIFICATE_REFUSALS } from './as2-error-codes.ts';
import {
  AS2_DOOR_BAD_REQUESTS,
  AS2_DOOR_REFUSALS,
  AS2_DUPLICATE,
  AS2_MDN_UNMATCHED,
  AS2_RECEIVE_FINDINGS,
  AS2_SEND_REFUSALS,
  AS2_SEND_RETRIES,
} from './as2-transfer-error-codes.ts';
import { DOCUMENT_REQUEST_REFUSALS } from './document-error-codes.ts';
import {
  EMAIL_FOLLOW_UP,
  EMAIL_HELD,
  EMAIL_NOTES,
  EMAIL_REJECTS,
  EMAIL_WARNINGS,
  IMAP_FINDINGS,
} from './email-error-codes.ts';
import { WEBHOOK_REFUSALS, WEBHOOK_RETRIES } from './erp-error-codes.ts';
import { ERROR_AREAS, type ErrorArea } from './error-areas.ts';
import { MASTER_DATA_CONFLICTS, MASTER_DATA_REFUSALS } from './master-data-error-codes.ts';
import {
  SPREADSHEET_FILE_REJECTS,
  SPREADSHEET_ROW_REJECTS,
  SPREADSHEET_WARNINGS,
} from './spreadsheet-error-codes.ts';
import { CONSOLE_REFUSALS, SIGN_IN_REFUSALS, USER_CONFLICTS, USER_REFUSALS } from './user-error-codes.ts';
import { WHOLESALE_CONFLICTS, WHOLESALE_FINDINGS } from './wholesale-error-codes.ts';
import {
  X12_DEVIATIONS,
  X12_FAMILIES,
  X12_MAPPING_CHECKS,
  X12_MAPPING_ERRORS,
  X12_MAPPING_WARNINGS,
  X12_UNMAPPED,
  type X12Family,
  type X12FamilyCode,
} from './x12-error-codes.ts';

/**
 * The one registry of error codes: every code the gateway emits, with how it is handled, where it shows up and
 * what it means. A code is `<area>.<name>` (or `<area>.<topic>.<name>`): the area is one of
 * {@link ERROR_AREAS}, every other part snake_case (an X12 family's last part is the standard's code, `022`).
 * `GatewayError.code`, `Diagnostic.code`, raised exceptions and API error answers are typed {@link ErrorCode},
 * so an unregistered code fails `tsc`. docs/error-codes.md is generated from here by
 * src/core/error-codes-doc.test.ts.
 */

/**
 * How a code is handled: an error's kind (`ErrorKind` in errors.ts, DESIGN §6: retried, held for an operator,
 * answered to the partner with a rejection), or the severity of a diagnostic that is only reported and kept
 * (it rejects nothing).
 */
export type ErrorCodeKind = 'retryable' | 'permanent' | 'partner_rejectable' | 'warning' | 'info';

/**
 * Where a code shows up:
 * - `api`: the `error.code` of an HTTP answer (with its status);
 * - `diagnostic`: a finding on a message, order or document (stored with it, printed by `ordergate translate`,
 *   reported to the partner in a 997/999/TA1/855 when it is an error about what they sent);
 * - `exception`: an exception an operator resolves (a job failed for good raises one with the job's code);
 * - `job`: a pipeline job's failure (`jobs.last_error`): retried, dead-lettered or failed by its kind;
 * - `delivery`: a transport could not send a document (a job failure of the deliver stage);
 * - `startup`: stops `ordergate serve`/`worker` from starting (partner.yaml, mapping files, secrets).
 */
export type ErrorSurface = 'api' | 'diagnostic' | 'exception' | 'job' | 'delivery' | 'startup';

/** One registered code (or family of codes). */
export interface CodeEntry {
  /** How it is handled; several when it depends on where it shows up (a warning, then an exception). */
  readonly kinds: readonly ErrorCodeKind[];
  /** Where it shows up. */
  readonly in: readonly ErrorSurface[];
  /** The HTTP status of an API answer with this code (set exactly when `in` holds `api`). */
  readonly http?: number;
  /** What it means, in one line. */
  readonly meaning: string;
}

type Shared = Pick<CodeEntry, 'kinds' | 'in' | 'http'>;

/** Codes that share their kinds, surfaces (and HTTP status), each with its meaning. */
function codes<const T extends Record<`${ErrorArea}.${string}`, string>>(
  shared: Shared,
  meanings: T,
): { readonly [K in keyof T]: CodeEntry } {
  const entries = Object.entries(meanings).map(([code, meaning]) => [code, { ...shared, meaning }]);
  return Object.fromEntries(entries) as { readonly [K in keyof T]: CodeEntry };
}

/** An API answer the caller must change the request for. */
const refused = (http: number): Shared => ({ kinds: ['permanent'], in: ['api'], http });
/** An API answer worth retrying later. */
const busy = (http: number): Shared => ({ kinds: ['retryable'], in: ['api'], http });
/** A document request that does not fit its order: refused by the API, or set aside by the encode stage. */
const unfit: Shared = { kinds: ['permanent'], in: ['api', 'exception'], http: 422 };
/** A document the encode stage cannot write: set aside alone as failed, with an exception (the job goes on). */
const setAside: Shared = { kinds: ['permanent'], in: ['exception'] };
/** Something an operator decides: held, with an exception. */
const forOperator: Shared = { kinds: ['permanent'], in: ['exception'] };
const jobFailed: Shared = { kinds: ['permanent'], in: ['job', 'exception'] };
const jobRetried: Shared = { kinds: ['retryable'], in: ['job', 'exception'] };
const notSent: Shared = { kinds: ['permanent'], in: ['delivery', 'job', 'exception'] };
const sentLater: Shared = { kinds: ['retryable'], in: ['delivery', 'job', 'exception'] };
const notStarted: Shared = { kinds: ['permanent'], in: ['startup'] };
const rejects: Shared = { kinds: ['partner_rejectable'], in: ['diagnostic'] };
const warns: Shared = { kinds: ['warning'], in: ['diagnostic'] };
const finding: Shared = { kinds: ['permanent'], in: ['diagnostic'] };
const held: Shared = { kinds: ['permanent'], in: ['diagnostic', 'exception'] };

/** Every static code. The X12 syntax families are in {@link ERROR_FAMILIES}. */
export const ERROR_CODES = {
  ...codes(refused(400), {
    'request.invalid':
      'the body, query or path is invalid, or a value does not fit its X12 element; `details` lists each',
    'request.invalid_text':
      'the request holds text that cannot be stored (NUL, a lone surrogate); `details` names each place',
    'connector.unknown': 'no inbound connector of this id is registered',
  }),
  ...codes(refused(401), { 'auth.unauthorized': 'no valid bearer token (admin token or partner API key)' }),
  ...codes(refused(403), {
    'auth.forbidden': "the caller's credentials do not allow this route or action (admin only)",
  }),
  ...codes(refused(404), {
    'request.not_found':
      'no such route, message, order, partner, API key, document, job or connector instance',
  }),
  ...codes(refused(409), {
    'partner.exists': 'a partner with this id exists',
    'connector.exists': 'a connector instance with this id exists (PUT replaces it)',
    'message.not_held': 'the mail is not held for its sender: there is nothing to assign',
    'order.not_accepted': 'a ship notice or invoice was asked for an order that is not accepted',
    'document.not_cancellable':
      'the document was encoded or sent: only a requested or failed one is cancelled',
    'shipment.several_partners': "one ship notice goes to one partner: the orders are several partners'",
  }),
  ...codes(refused(413), { 'request.payload_too_large': 'the body is larger than the route takes' }),
  ...codes(refused(415), {
    'request.unsupported_media_type': 'the body is of a content type the route does not read',
  }),
  ...codes(
    { kinds: ['partner_rejectable'], in: ['api'], http: 422 },
    {
      'request.not_x12': 'the body posted as X12 does not start with an ISA segment',
    },
  ),
  ...codes(busy(429), {
    'auth.too_many_attempts': 'too many refused credentials from this address; retry after the wait named',
  }),
  ...codes(busy(503), {
    'gateway.unavailable': 'the message cannot be stored or the credentials checked now; retry later',
  }),
  ...codes(
    { kinds: ['retryable', 'permanent'], in: ['api', 'job', 'exception'], http: 500 },
    {
      'gateway.internal':
        'an unexpected failure (a bug, an unclassified error): retried unless a programming error',
    },
  ),
  ...codes(
    { kinds: ['permanent'], in: ['api', 'startup'], http: 409 },
    {
      'partner.identifier_taken':
        'an identifier (X12 ID, email address) belongs to another partner; both are named',
    },
  ),
  ...codes(unfit, DOCUMENT_REQUEST_REFUSALS),
  ...codes(jobRetried, {
    'database.unavailable':
      'the database could not be reached or run a statement (connection lost, deadlock …)',
    'email.dns_unavailable':
      "a mail's DKIM key or DMARC policy could not be looked up for now: its decode is retried, not held",
  }),
  ...codes(jobFailed, {
    'database.rejected': 'the database refused a statement (constraint, bad data): retrying does the same',
    'database.too_many_parameters': 'a statement had more parameters than PostgreSQL takes (65,535)',
    'message.not_found': "a job's message does not exist",
    'message.channel_not_supported': 'no decoder is registered for the channel of the message',
    'message.partner_missing': 'an uploaded spreadsheet names no partner, or one that no longer exists',
    'mapping.stored_invalid':
      'a stored mapping is not valid, or a partner has two active mappings of a document',
  }),
  ...codes(setAside, {
    'outbound.partner_missing': 'an outbound document is for a partner that does not exist',
    'outbound.order_missing': 'an outbound document names an order that does not exist',
    'outbound.no_x12_route': 'an 855/856/810 was asked for an order that did not arrive over X12',
    'outbound.no_mail_route':
      'an 855/856/810 for an order that came by mail or upload has no way back: no sender address, or its mailbox has no SMTP settings',
    'outbound.type_unsupported': 'no X12 encoder for the document type',
    'outbound.element_invalid':
      "a value does not fit its X12 element in the partner's release (type, length)",
    'x12.855.invalid': 'the acknowledgment cannot be written as one 855 (schema, contradictory lines)',
    'x12.865.invalid': 'the change acknowledgment cannot be written as one 865 (schema, contradictory lines)',
    'x12.writer.invalid':
      'the X12 writer was given something it cannot write (a bug of the encoder that asked)',
    'x12.writer.delimiter_in_data': "a value holds one of the partner's delimiters, so it cannot be written",
  }),
  ...codes(
    { kinds: ['permanent'], in: ['job', 'exception', 'startup'] },
    {
      'secrets.undecryptable':
        'a sealed value cannot be opened with the ORDERGATE_SECRETS_KEY of this process',
    },
  ),
  ...codes(notStarted, {
    'secrets.no_key': 'partner.yaml holds delivery credentials and no secrets key was given to seal them',
    'partner.env_missing': 'partner.yaml refers to environment variables that are not set',
    'partner.invalid_delivery': "a partner.yaml's delivery settings are invalid",
    'mapping.invalid': 'the mapping files of a partner folder are invalid',
    'mapping.changed': 'a stored mapping version was changed on disk (add a new version instead)',
  }),
  ...codes(refused(409), {
    'mapping.not_draft': 'only a draft mapping version is edited: an active or retired version is immutable',
    'mapping.already_active': 'the mapping version asked to be activated is the active one already',
  }),
  ...codes(refused(422), {
    'mapping.draft_invalid':
      'a mapping draft does not fit its schema; `details` lists each problem with its path, line and column',
    'mapping.golden_failed':
      "the version does not pass the partner's golden fixtures for its document; `details` lists each",
    'mapping.sample_required':
      'the partner has no golden fixture for the document: activation needs a sample that decodes without errors',
    'mapping.bench_unsupported':
      'the test bench and shadow replay read orders: 850, 860 and spreadsheet mappings only',
  }),
  ...codes(notSent, {
    'delivery.unknown_transport': "the partner's delivery setting names no registered transport",
    'delivery.invalid_config': "the partner's delivery settings do not fit the transport's schema",
    'delivery.private_address': 'the target is a private, loopback or link-local address, which is refused',
    'folder-out.conflict':
      'a different file exists under the same name (idempotency key); move it aside, replay',
    'folder-out.unusable': 'the folder is missing, not writable or on a read-only mount',
    'folder-out.outside_outbox':
      'the folder is outside ORDERGATE_OUTBOX_DIR (or reached through a symbolic link)',
    'folder-out.name_too_long': 'the file name for the document is too long',
    'http-post.unauthorized': 'the endpoint refused our credentials or signature (401, 403)',
    'http-post.redirected':
      'the endpoint answered 3xx: it moved, update the URL (redirects are not followed)',
    'http-post.refused': 'the endpoint refused the document (another 4xx)',
    'sftp.unauthorized': 'the server refused our credentials',
    'sftp.bad_key': 'the configured private key cannot be used (not a key, or a wrong passphrase)',
    'sftp.host_key_mismatch': "the server's host key does not match hostKeySha256: nothing is sent",
    'sftp.permission_denied': 'the server denied access to the remote directory or file',
    'sftp.remote_dir_missing': 'the remote directory does not exist',
    'sftp.conflict': 'a file of another size exists under the same name (idempotency key)',
    'sftp.bad_name': 'a value cannot be used in a remote file name',
    'smtp.auth_failed': 'the server refused the login',
    'smtp.recipient_refused': 'the server refused a recipient (the accepted ones got the message)',
    'smtp.refused': 'the server refused the message (5yz)',
    'smtp.config': 'the server cannot be used as configured (TLS, address, authentication method)',
  }),
  ...codes(sentLater, {
    'folder-out.io': 'writing the file failed (disk full, I/O error, busy)',
    'http-post.unavailable': 'the endpoint answered 408, 429 or 5xx',
    'http-post.timeout': 'the endpoint did not answer within timeoutMs',
    'http-post.network': 'the endpoint could not be reached (DNS, connection refused or reset)',
    'sftp.timeout': 'the server did not finish the handshake or transfer within timeoutMs',
    'sftp.network': 'the server could not be reached',
    'sftp.failed': 'the transfer failed otherwise (connection dropped, a failure on the server)',
    'smtp.deferred': 'the server deferred the message (4yz)',
    'smtp.network': 'the server could not be reached',
  }),
  ...codes(rejects, {
    'order.invalid': 'the order does not match the canonical model; the message names each field',
    'order.po_number_missing': 'the order has no PO number',
    'order.line_number_repeated': 'a line number appears more than once',
    'order.quantity_not_positive':
      'a line quantity is zero or less (only a cancellation may take quantities away)',
    'order.price_negative': 'a unit price is negative',
    'order.item_unidentified': 'a line names no item (no UPC, GTIN, EAN, buyer, vendor or SKU number)',
  }),
  ...codes(warns, {
    'order.destinations_mismatch': "a line's store quantities do not add up to its quantity",
    'x12.ack.unmatched': "a partner's 997/999 answers a transaction set we did not send them",
  }),
  ...codes(
    { kinds: ['warning', 'permanent'], in: ['diagnostic', 'exception'] },
    { 'order.duplicate_po': 'the partner sent this PO number before: held so it is not processed twice' },
  ),
  ...codes(held, {
    'x12.unknown_sender': "the interchange's sender is no partner's X12 ID: held for an operator (TA1 006)",
  }),
  ...codes(forOperator, {
    'order.review': "the partner's settings hold every order for review",
    'x12.sender_mismatch': "the sender is another partner's X12 ID than the posting API key's: held",
  }),
  ...codes(finding, {
    'file-drop.not_a_folder': 'the configured dir is not a folder',
    'file-drop.folder_unusable': 'the configured dir cannot be used (permissions, missing)',
    'x12.ack.unwritable': 'no 997/999/TA1 can be written to the sender (an ID too long, holding a delimiter)',
    'x12.mapping.wrong_document': 'a mapper was given a transaction set or mapping of another type (a bug)',
  }),
  ...codes(rejects, X12_MAPPING_ERRORS),
  ...codes({ kinds: ['partner_rejectable', 'warning'], in: ['diagnostic'] }, X12_MAPPING_CHECKS),
  ...codes(warns, X12_MAPPING_WARNINGS),
  ...codes({ kinds: ['warning', 'info'], in: ['diagnostic'] }, X12_UNMAPPED),
  ...codes(warns, X12_DEVIATIONS),
  ...codes(rejects, SPREADSHEET_FILE_REJECTS),
  ...codes(rejects, SPREADSHEET_ROW_REJECTS),
  ...codes(warns, SPREADSHEET_WARNINGS),
  ...codes(held, EMAIL_HELD),
  ...codes(forOperator, EMAIL_FOLLOW_UP),
  ...codes(rejects, EMAIL_REJECTS),
  ...codes(warns, EMAIL_WARNINGS),
  ...codes({ kinds: ['warning', 'info'], in: ['diagnostic'] }, EMAIL_NOTES),
  ...codes(finding, IMAP_FINDINGS),
  ...codes({ kinds: ['warning', 'permanent'], in: ['diagnostic', 'exception'] }, WHOLESALE_FINDINGS),
  ...codes(refused(409), WHOLESALE_CONFLICTS),
  ...codes(jobFailed, WEBHOOK_REFUSALS),
  ...codes(jobRetried, WEBHOOK_RETRIES),
  ...codes(refused(422), MASTER_DATA_REFUSALS),
  ...codes(refused(409), MASTER_DATA_CONFLICTS),
  ...codes(refused(422), USER_REFUSALS),
  ...codes(refused(409), USER_CONFLICTS),
  ...codes({ kinds: ['permanent'], in: ['api'], http: 401 }, SIGN_IN_REFUSALS),
  ...codes(refused(403), CONSOLE_REFUSALS),
  ...codes(refused(422), AS2_CERTIFICATE_REFUSALS),
  ...codes(refused(409), AS2_CERTIFICATE_CONFLICTS),
  ...codes(notSent, AS2_SEND_REFUSALS),
  ...codes(sentLater, AS2_SEND_RETRIES),
  ...codes(refused(400), AS2_DOOR_BAD_REQUESTS),
  ...codes(refused(403), AS2_DOOR_REFUSALS),
  ...codes(refused(404), AS2_MDN_UNMATCHED),
  ...codes(rejects, AS2_RECEIVE_FINDINGS),
  ...codes(warns, AS2_DUPLICATE),
} as const;

/** A static code of {@link ERROR_CODES}. */
export type StaticErrorCode = keyof typeof ERROR_CODES;

/** Every code the gateway can emit: a static code or a member of an X12 family (`x12.element.7`). */
export type ErrorCode = StaticErrorCode | X12FamilyCode;

/** A family of codes: one entry, `{code}` in its template standing for any code of its list. */
export type ErrorFamily = X12Family & CodeEntry;

/** The families: the X12 syntax errors, each reported to the partner in the acknowledgment they get. */
export const ERROR_FAMILIES: readonly ErrorFamily[] = X12_FAMILIES.map((family) => ({
  ...family,
  kinds: ['partner_rejectable'],
  in: ['diagnostic'],
}));

/** True for a registered code: a static one, or a family's prefix with a code of its list. */
export function isErrorCode(code: string): code is ErrorCode {
  if (Object.hasOwn(ERROR_CODES, code)) return true;
  return ERROR_FAMILIES.some(
    (family) =>
      code.startsWith(family.prefix) && Object.hasOwn(family.list, code.slice(family.prefix.length)),
  );
}

/** The registry's entry for a code: its own, or its family's. */
export function errorCodeEntry(code: ErrorCode): CodeEntry {
  if (Object.hasOwn(ERROR_CODES, code)) return ERROR_CODES[code as StaticErrorCode];
  return ERROR_FAMILIES.find((family) => code.startsWith(family.prefix))!;
}

const part = '[a-z0-9]+(?:_[a-z0-9]+)*';
const areas = Object.keys(ERROR_AREAS).join('|');
/** The one style: a registered area, then one or two snake_case parts. */
export const ERROR_CODE_STYLE = new RegExp(`^(?:${areas})(?:\\.${part}){1,2}$`);
