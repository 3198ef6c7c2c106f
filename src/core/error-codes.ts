/**
 * Every error code the gateway emits, in one place: in an HTTP answer's `error.code`, a Diagnostic (a finding
 * about a message, an order, a translate run), an exception an operator works, and a job's `lastError`. A code
 * is stable: people and programs branch on it. `docs/error-codes.md` is this registry as a table (checked by
 * src/core/error-codes.test.ts, which also finds every code the sources write).
 *
 * How a code is handled is its kind (DESIGN §6): `retryable`, `permanent`, `partner_rejectable` for errors;
 * `finding` for a Diagnostic (its severity, error or warning, is per finding); `answer` for a code only an
 * HTTP answer carries. `http` is the status an HTTP answer with this code has.
 *
 * Style: `<area>.<name>`, the area a connector id (`sftp`, `http-post`) or a domain (`x12`, `order`,
 * `database`); new codes take a snake_case name. Codes written before this registry keep the names partners,
 * admins and stored exceptions already carry (a bare `invalid_request`, a kebab `sftp.remote-dir-missing`).
 */

/** How a code is handled; see the module comment. */
export type CodeKind = 'retryable' | 'permanent' | 'partner_rejectable' | 'finding' | 'answer';

/** What the registry says of one code. */
export interface CodeEntry {
  kind: CodeKind;
  /** The HTTP status of an answer with this code, where one is answered with it. */
  http?: number;
  meaning: string;
}

const code = (kind: CodeKind, meaning: string, http?: number): CodeEntry =>
  http === undefined ? { kind, meaning } : { kind, meaning, http };

/** The codes written as they are. */
export const ERROR_CODES = {
  // HTTP API: the request itself
  invalid_request: code(
    'permanent',
    'The request (body, query, path) is invalid; `details` lists each problem.',
    400,
  ),
  invalid_text: code(
    'answer',
    'The request holds text that cannot be stored (NUL, lone surrogates); each place listed.',
    400,
  ),
  not_x12: code('answer', 'The body is not an X12 interchange: it must start with an ISA segment.', 400),
  not_found: code('permanent', 'No such route or resource.', 404),
  unauthorized: code('answer', 'No valid bearer token.', 401),
  forbidden: code(
    'answer',
    'The token may not use this route (a partner key on an admin route, another partner’s data).',
    403,
  ),
  too_many_attempts: code(
    'answer',
    'Too many refused credentials from this address; retry after Retry-After.',
    429,
  ),
  payload_too_large: code('answer', 'The body is larger than the route takes.', 413),
  unsupported_media_type: code('answer', 'The route does not take this Content-Type.', 415),
  unavailable: code(
    'retryable',
    'A dependency (the database, the queue) is unavailable; retry after Retry-After.',
    503,
  ),
  internal: code(
    'permanent',
    'An unexpected failure (a bug fails for good, an unclassified one is retried); the log has it, the answer nothing more.',
    500,
  ),
  partner_exists: code('permanent', 'A partner with this id exists.', 409),
  connector_exists: code('permanent', 'A connector instance with this id exists; PUT replaces it.', 409),
  identifier_taken: code('permanent', 'An identifier belongs to another partner.', 409),
  order_not_accepted: code('answer', 'The order is not accepted, so it cannot be shipped or invoiced.', 409),
  orders_of_several_partners: code('answer', 'One ship notice goes to one partner.', 409),
  document_not_cancellable: code(
    'answer',
    'The document has gone out (or is going); it can no longer be cancelled.',
    409,
  ),
  'connector.unknown': code('permanent', 'No connector is registered with this id.', 400),

  // pipeline jobs
  message_not_found: code('permanent', 'A job names a message that does not exist.'),
  channel_not_supported: code('permanent', 'No decoder is registered for the message’s channel.'),
  'database.unavailable': code(
    'retryable',
    'The database is unreachable, or refused for a moment (deadlock, serialization).',
  ),
  'database.too_many_parameters': code(
    'permanent',
    'A statement would bind more than 65,535 parameters (a bug).',
  ),
  'database.rejected': code('permanent', 'The database refused a statement (constraint, syntax, bad data).'),
  'secrets.undecryptable': code(
    'permanent',
    'A sealed credential cannot be opened with this ORDERGATE_SECRETS_KEY.',
  ),
  'secrets.no_key': code('permanent', 'A partner.yaml holds credentials to seal, and no secrets key is set.'),

  // partners and mappings
  'partner.env_missing': code('permanent', 'A partner.yaml names an environment variable that is not set.'),
  'partner.identifier_taken': code('permanent', 'A partner.yaml claims an identifier of another partner.'),
  'partner.invalid_delivery': code(
    'permanent',
    'A partner.yaml’s delivery settings are not what its transport takes.',
  ),
  'mapping.invalid': code('permanent', 'A mapping file is not a valid mapping; each problem listed.'),
  'mapping.stored_invalid': code('permanent', 'A mapping stored in the database no longer parses.'),
  mapping_changed: code(
    'permanent',
    'A mapping version already used changed on disk; give it a new version.',
  ),

  // orders (validate, structural checks)
  'order.invalid': code('finding', 'The order does not fit the canonical model.'),
  'order.duplicate_po': code(
    'finding',
    'The partner sent this PO number before; held so it is not processed twice.',
  ),
  'order.review': code('permanent', 'The partner’s agreement holds every order for a person to review.'),
  'order.po_number_missing': code('finding', 'The order has no PO number.'),
  'order.line_number_repeated': code('finding', 'Two lines share a line number.'),
  'order.quantity_not_positive': code('finding', 'A line’s quantity is zero or less.'),
  'order.price_negative': code('finding', 'A line’s unit price is negative.'),
  'order.item_unidentified': code(
    'finding',
    'A line names no item (no UPC, GTIN, EAN, buyer, vendor or SKU number).',
  ),
  'order.destinations_mismatch': code(
    'finding',
    'A line’s store quantities (SDQ) do not add up to its quantity.',
  ),

  // outbound documents (encode)
  'outbound.element_invalid': code(
    'finding',
    'A value we would write breaks its X12 element’s type or length.',
  ),
  'outbound.no_x12_route': code(
    'permanent',
    'The order did not arrive over X12, so no interchange answers it.',
  ),
  'outbound.order_missing': code('permanent', 'The document names an order that does not exist.'),
  'outbound.partner_missing': code('permanent', 'The document is for an unknown partner.'),
  'outbound.type_unsupported': code('permanent', 'No X12 encoder for this document type.'),
  'x12.855.invalid': code('permanent', 'The acknowledgment cannot honestly be written as one 855.'),
  'x12.writer.invalid': code(
    'permanent',
    'A segment cannot be written (an empty tag, a value the syntax forbids).',
  ),
  'x12.writer.delimiter-in-data': code(
    'permanent',
    'A value holds one of the interchange’s delimiters; it is not written.',
  ),
  'invoice.amount_precision': code('permanent', 'An invoice amount has fractions of a cent.'),
  'invoice.version': code('permanent', 'The 810 version is not supported.'),
  'invoice.nothing_to_invoice': code('permanent', 'Everything shipped (or ordered) is invoiced already.'),
  'invoice.number_taken': code('permanent', 'This invoice number was already sent for the order.'),
  'invoice.over_invoiced': code('permanent', 'More invoiced than shipped (or ordered).'),
  'invoice.price_missing': code('permanent', 'An invoice line has no unit price, nor has the order line.'),
  'invoice.total_mismatch': code(
    'permanent',
    'The invoice total does not match its lines, charges and allowances.',
  ),
  'invoice.unknown_line': code('permanent', 'An invoice line is not a line of the order.'),
  'shipment.invalid': code(
    'permanent',
    'The ship notice request is inconsistent (an order listed twice, a bad code).',
  ),
  'shipment.item_ids_missing': code('permanent', 'A shipped line has no item ID for its LIN.'),
  'shipment.mixed_pack': code(
    'permanent',
    'A pack holds lines of several orders where the notice shape forbids it.',
  ),
  'shipment.over_shipped': code('permanent', 'More shipped than ordered and acknowledged.'),
  'shipment.sscc_duplicate': code('permanent', 'An SSCC is used twice.'),
  'shipment.sscc_invalid': code('permanent', 'An SSCC’s check digit is wrong, or it is not 18 digits.'),
  'shipment.tare_missing': code('permanent', 'The S-O-T-P-I shape needs the tare of every pack.'),
  'shipment.unknown_line': code('permanent', 'A shipped line is not a line of its order.'),
  'shipment.unknown_order': code('permanent', 'The notice names orders not given.'),

  // X12 in: the connector's findings beyond the syntax families
  'x12.unknown_sender': code(
    'finding',
    'The interchange’s sender is not a known partner (answered with TA1 006).',
  ),
  'x12.sender_mismatch': code(
    'finding',
    'The interchange’s sender is another partner than the one whose key sent it.',
  ),
  'x12.ack.unmatched': code('finding', 'A partner’s 997/999 acknowledges nothing we sent.'),
  'x12.ack.unwritable': code(
    'finding',
    'The acknowledgment for this interchange cannot be written in its envelope.',
  ),
  'x12.unmapped-segment': code(
    'finding',
    'A segment the canonical order has no place for; kept in the raw message.',
  ),
  'x12.unmapped-element': code('finding', 'A qualified value in a handled segment with no canonical field.'),
  'x12.mapping.invalid': code(
    'finding',
    'The partner’s active mapping is invalid; the default mapping was used.',
  ),
  'x12.mapping.wrong-document': code(
    'finding',
    'The mapper was handed another document type (a caller’s mistake).',
  ),
  'x12.mapping.invalid-order': code('finding', 'The mapped 850 does not make a valid canonical order.'),
  'x12.mapping.invalid-acknowledgment': code(
    'finding',
    'The mapped 855 does not make a valid acknowledgment.',
  ),
  'x12.mapping.invalid-shipment': code('finding', 'The mapped 856 does not make a valid ship notice.'),
  'x12.mapping.invalid-invoice': code('finding', 'The mapped 810 does not make a valid invoice.'),
  'x12.mapping.no-lines': code('finding', 'The order has no lines.'),
  'x12.mapping.po-number-missing': code('finding', 'The document has no PO number.'),
  'x12.mapping.line-number-assigned': code('finding', 'A line had no number; one was assigned.'),
  'x12.mapping.duplicate-line-number': code('finding', 'Two lines share a line number.'),
  'x12.mapping.shifted-item-id': code('finding', 'Item ID pairs were shifted within PO1; read by qualifier.'),
  'x12.mapping.quantity-missing': code('finding', 'A line has no quantity.'),
  'x12.mapping.negative-quantity': code('finding', 'A line’s quantity is negative.'),
  'x12.mapping.default-uom': code(
    'finding',
    'A line had no unit of measure; the mapping’s default was used.',
  ),
  'x12.mapping.line-currency': code('finding', 'A line is priced in another currency than the order.'),
  'x12.mapping.destination-quantity': code('finding', 'Store quantities (SDQ) do not add up to the line.'),
  'x12.mapping.line-count': code('finding', 'CTT01 does not match the number of lines.'),
  'x12.mapping.hash-total': code('finding', 'CTT02 does not match the sum of quantities.'),
  'x12.mapping.amount-total': code('finding', 'The stated total amount does not match the lines.'),
  'x12.mapping.invoice-total': code(
    'finding',
    'TDS does not match the invoice’s lines, charges and allowances.',
  ),
  'x12.mapping.line-allowance-charge': code(
    'finding',
    'A line-level allowance or charge the invoice cannot place.',
  ),
  'x12.mapping.855-extra-ack': code('finding', 'An 855 line acknowledges more than the order line.'),
  'x12.mapping.855-status-mismatch': code('finding', 'The 855’s BAK02 disagrees with its line statuses.'),
  'x12.mapping.855-unknown-status': code('finding', 'An 855 line status code is not one we know.'),
  'x12.mapping.856-hl-structure': code(
    'finding',
    'The 856 HL hierarchy is not a shipment/order/pack/item tree.',
  ),
  'x12.mapping.856-hl-child-code': code(
    'finding',
    'An HL04 child code disagrees with the HL levels below it.',
  ),
  'x12.mapping.856-hl-duplicate-id': code('finding', 'Two HL segments share an ID.'),
  'x12.mapping.856-hl-parent-missing': code('finding', 'An HL has no parent where its level needs one.'),
  'x12.mapping.856-hl-parent-unknown': code('finding', 'An HL names a parent that does not exist.'),
  'x12.mapping.856-no-orders': code('finding', 'The 856 has no order level.'),
  'x12.mapping.856-no-packs': code('finding', 'The 856 has no pack level.'),
  'x12.mapping.856-pack-sscc-missing': code('finding', 'A pack has no SSCC (MAN*GM).'),
  'x12.mapping.856-sscc-invalid': code('finding', 'A pack’s SSCC check digit is wrong.'),
  'x12.mapping.856-ship-date-assumed': code('finding', 'The 856 has no ship date; the notice date was used.'),

  // connectors: receiving
  'file-drop.not-a-folder': code('finding', 'The configured drop folder is not a folder.'),
  'file-drop.folder-unusable': code('finding', 'The drop folder cannot be used (missing, no permission).'),

  // connectors: sending (the deliver job's errors)
  'delivery.unknown_transport': code('permanent', 'The partner’s delivery names no registered transport.'),
  'delivery.invalid_config': code(
    'permanent',
    'The partner’s delivery settings are not what its transport takes.',
  ),
  'delivery.private_address': code(
    'permanent',
    'The address is on a private network, which this gateway may not reach.',
  ),
  'http-post.network': code('retryable', 'The partner’s endpoint could not be reached.'),
  'http-post.timeout': code('retryable', 'The partner’s endpoint did not answer in time.'),
  'http-post.unavailable': code('retryable', 'The endpoint answered 5xx or 429.'),
  'http-post.unauthorized': code('permanent', 'The endpoint refused our credentials or signature (401/403).'),
  'http-post.redirected': code('permanent', 'The endpoint moved (3xx); update the configured URL.'),
  'http-post.refused': code('permanent', 'The endpoint refused the document (4xx).'),
  'folder-out.io': code('retryable', 'The file changed under us while it was compared; retried.'),
  'folder-out.unusable': code('permanent', 'The outbox folder is missing, not a folder, or not writable.'),
  'folder-out.outside-outbox': code('permanent', 'The folder is outside ORDERGATE_OUTBOX_DIR.'),
  'folder-out.name-too-long': code('permanent', 'The file name would be too long for the file system.'),
  'folder-out.conflict': code('permanent', 'Another document already has this idempotency key’s file name.'),
  'sftp.network': code('retryable', 'The SFTP server could not be reached.'),
  'sftp.timeout': code('retryable', 'The SFTP server did not answer in time.'),
  'sftp.failed': code('retryable', 'The SFTP session failed for another reason.'),
  'sftp.unauthorized': code('permanent', 'The SFTP server refused our key.'),
  'sftp.bad-key': code(
    'permanent',
    'The configured private key cannot be used (not a key, or a wrong passphrase).',
  ),
  'sftp.host-key-mismatch': code('permanent', 'The server’s host key is not the pinned fingerprint.'),
  'sftp.permission-denied': code('permanent', 'The server denied access to the remote folder.'),
  'sftp.remote-dir-missing': code('permanent', 'The remote folder does not exist.'),
  'sftp.bad-name': code('permanent', 'A value cannot be used in a remote file name.'),
  'sftp.conflict': code('permanent', 'Another document already has this idempotency key’s remote file.'),
  'smtp.network': code('retryable', 'The mail server could not be reached, or the connection failed.'),
  'smtp.deferred': code('retryable', 'The mail server deferred the message (4xx).'),
  'smtp.auth-failed': code('permanent', 'The mail server refused the login.'),
  'smtp.recipient-refused': code('permanent', 'The mail server refused a recipient.'),
  'smtp.refused': code('permanent', 'The mail server refused the message.'),
  'smtp.config': code('permanent', 'The mail settings cannot work with this server (TLS, AUTH).'),
} as const satisfies Record<string, CodeEntry>;

/**
 * Codes made from a code list: the X12 syntax errors (the 997/999's AK3/AK4/AK5/AK9, the TA1's TA105, each
 * list in src/x12/codes.ts) and X12 deviations (a departure from X12.5/X12.6 the reader tolerates; a warning,
 * never a rejection). `{code}` is the list's value.
 */
export const ERROR_CODE_FAMILIES = {
  'x12.segment.{code}': code('partner_rejectable', 'A segment syntax error, reported as AK304/IK304 {code}.'),
  'x12.element.{code}': code('partner_rejectable', 'A data element error, reported as AK403/IK403 {code}.'),
  'x12.transaction.{code}': code(
    'partner_rejectable',
    'A transaction set error, reported as AK502–AK506 {code}.',
  ),
  'x12.group.{code}': code('partner_rejectable', 'A functional group error, reported as AK905–AK909 {code}.'),
  'x12.interchange.{code}': code(
    'partner_rejectable',
    'An interchange error or note, reported as TA105 {code}.',
  ),
  'x12.deviation.{code}': code(
    'finding',
    'A tolerated departure from X12 (a BOM, a line break, padding); warned once.',
  ),
} as const satisfies Record<string, CodeEntry>;

type Family = keyof typeof ERROR_CODE_FAMILIES;
type FamilyCode<F extends string> = F extends `${infer Prefix}{code}` ? `${Prefix}${string}` : never;

/** Every code the gateway may emit: a registered one, or a member of a registered family. */
export type ErrorCode = keyof typeof ERROR_CODES | FamilyCode<Family>;

/** The names registered under one area: `CodeName<'shipment'>` is 'invalid' | 'over_shipped' | … */
export type CodeName<Area extends string> = keyof typeof ERROR_CODES extends infer K
  ? K extends `${Area}.${infer Name}`
    ? Name
    : never
  : never;

const FAMILY_PREFIXES = Object.keys(ERROR_CODE_FAMILIES).map((f) => f.replace('{code}', ''));

/** True for a registered code or a member of a registered family (a code read back from storage, a peer). */
export function isErrorCode(value: string): value is ErrorCode {
  return (
    Object.hasOwn(ERROR_CODES, value) ||
    FAMILY_PREFIXES.some((prefix) => value.startsWith(prefix) && value.length > prefix.length)
  );
}

/** What the registry says of a code (its family's entry for a family member). */
export function errorCodeEntry(value: ErrorCode): CodeEntry {
  if (Object.hasOwn(ERROR_CODES, value)) return ERROR_CODES[value as keyof typeof ERROR_CODES];
  const family = Object.keys(ERROR_CODE_FAMILIES).find((f) => value.startsWith(f.replace('{code}', '')));
  return ERROR_CODE_FAMILIES[family as Family];
}
