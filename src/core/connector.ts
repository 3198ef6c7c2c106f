import type { ZodType } from 'zod';
import type { Diagnostic } from './diagnostic.ts';
import type { Channel, Order } from './order.ts';
import type { PartnerIdentifier } from './partner.ts';

/** Bytes as they arrived, plus what the transport knows about them. Stored before anything else happens. */
export interface RawMessage {
  channel: Channel;
  bytes: Uint8Array;
  /** Transport-level sender (e-mail address, API key's partner, file path, remote host). */
  sender?: string;
  receivedAt: Date;
  /** Opaque handle the transport needs to confirm receipt (IMAP uid, file path), set by `receive`. */
  ref?: string;
  filename?: string;
  contentType?: string;
  /** Set when the transport knows the partner (a partner's own folder or mailbox). */
  partnerId?: string;
  /**
   * Set when the source handed this message out before without a confirm (a store that failed or whose outcome
   * is unknown, a runner that crashed): it may already be stored since then, so the runner looks first.
   */
  recoveredAt?: Date;
}

/** A message's bytes as `decode` reads them: whole, or streamed in slices (a large file, a stored message). */
export type MessageBytes = Uint8Array | AsyncIterable<Uint8Array>;

/** What `decode` reads: the bytes, whole or streamed, and what the transport said about them. */
export type DecodeInput = Omit<RawMessage, 'bytes'> & { bytes: MessageBytes };

/** What a connector needs to know about the partner a document belongs to. */
export interface ResolvedPartner {
  id: string;
  name: string;
  /** Partner settings (agreement): acknowledgment preferences, defaults, hold-for-review … */
  settings: Record<string, unknown>;
  /** Active mapping per document type ("850", "860", …), already validated by the mapping loader. */
  mappings: Record<string, unknown>;
  /** The version of each of those mappings, to say which one read a document (a preview names it). */
  versions?: Record<string, number>;
}

/** Issues gap-free control numbers (ISA13/GS06/ST02) per partner, direction and kind. */
export interface ControlNumberAllocator {
  next(partnerId: string, kind: 'interchange' | 'group' | 'transaction'): Promise<number>;
}

/**
 * Everything impure a pure `decode`/`encode` may need, injected so the functions stay deterministic in tests:
 * the clock, id generation, partner resolution and control numbers.
 */
export interface ConnectorContext {
  now(): Date;
  newId(): string;
  /** The message id the raw bytes were stored under. */
  messageId: string;
  resolvePartner(identifier: PartnerIdentifier): Promise<ResolvedPartner | undefined>;
  /** Set when the transport already knows the partner (API key, configured folder). */
  partner?: ResolvedPartner;
  controlNumbers: ControlNumberAllocator;
  /**
   * Takes each order as soon as it is decoded, instead of `DecodeResult.orders` (then left without it), so a
   * caller that streams orders out holds none of them (`ordergate translate` on a 200 MB file). Awaited, so
   * a slow taker slows the decode rather than filling memory. A connector that reads a message whole may
   * return its orders as before; the caller takes both.
   */
  onOrder?(order: Order): void | Promise<void>;
}

/** A functional acknowledgment (or rejection reply) the connector wants sent back for what it decoded. */
export interface PlannedAck {
  /** '997', '999', 'TA1', 'email-reply', … */
  type: string;
  partnerId?: string;
  /** Connector-specific structured content, turned into bytes by the connector's encoder. */
  content: unknown;
}

/** The acknowledgments a decode asks to send back. */
export interface AckPlan {
  documents: PlannedAck[];
}

/** What a connector's `decode` makes of a message: orders, what it found, what to answer. */
export interface DecodeResult {
  orders: Order[];
  diagnostics: Diagnostic[];
  ack?: AckPlan;
  /** Set when nothing in the input could be read as the format (no envelope, no table): only errors to tell. */
  unusable?: true;
  /** What was read, in the format's own terms (X12: interchanges, groups, transactions, orders, rejected). */
  counts?: Readonly<Record<string, number>>;
}

/** What a receiving connector's source may tell the process running it (logged there). */
export interface SourceContext {
  now(): Date;
  /** Something to know that is no failure of the run: a file refused to error/, a read retried later. */
  warn(details: Record<string, unknown>, message: string): void;
  /** Asks the runner for a pass now, before `pollMs` is up: the source heard of new messages (IMAP IDLE). */
  wake(): void;
  /**
   * The instance's own small state, kept in the database across restarts and shared by every process running
   * the instance (IMAP: UIDVALIDITY and the last UID handed out). `load` gives undefined before the first save.
   */
  state: SourceState;
}

/** A receiving connector instance's persisted state (JSON), see {@link SourceContext.state}. */
export interface SourceState {
  load(): Promise<unknown>;
  save(value: unknown): Promise<void>;
}

/**
 * A receiving connector's source, opened for one configuration: what the one intake runner
 * (src/pipeline/intake/intake.ts) drives for every door, the same way: `receive` → store the raw bytes →
 * `confirm` → decode. A message is never confirmed before it is committed, so a crash loses nothing; one
 * handed out again after a crash carries `recoveredAt`, so it is not stored twice.
 */
export interface InboundSource {
  /** How often the runner asks for messages (ms). */
  readonly pollMs: number;
  /** I/O: the messages ready now; each is stored by the caller before it is confirmed. */
  receive(): AsyncIterable<RawMessage>;
  /** I/O: the message is committed; the source lets go of it (file archived, IMAP \Seen). */
  confirm(ref: string): Promise<void>;
  /** Stops; what is not confirmed stays with the source for the next runner. */
  close(): Promise<void>;
}

/**
 * A receiving connector (a format, a door, or both), registered in `connectors/index.ts`: the decode stage
 * decodes with it, the intake runner drives its source, `POST /v1/connectors/:id/check` runs its check.
 */
export interface InboundConnector<C> {
  id: string;
  channel: Channel;
  configSchema: ZodType<C>;
  /** Configuration keys that hold credentials (a mailbox password): sealed when stored, never shown back. */
  secretKeys?: readonly string[];
  /** Verifies a configuration can work (credentials, folders) before it is saved. */
  check?(config: C, ctx: ConnectorContext): Promise<Diagnostic[]>;
  /** I/O: opens the source a configuration describes (a folder, a mailbox), for the intake runner. */
  open?(config: C, ctx: SourceContext): Promise<InboundSource>;
  /**
   * Pure: raw bytes to canonical orders, diagnostics and the acknowledgments to send, each interchange's
   * partner found with `ctx.resolvePartner` (or `ctx.partner`, when the transport knows it).
   */
  decode(raw: DecodeInput, ctx: ConnectorContext): Promise<DecodeResult>;
}

/** One encoded outbound document, ready to hand to a partner (DESIGN §3: `encode` made it, a transport sends it). */
export interface DeliveryPayload {
  bytes: Uint8Array;
  contentType: string;
  /** A suggested file name (attachment name, remote file name); transports may derive their own from it. */
  filename: string;
  /** Stable across retries and replays of the same document: receivers dedupe on it. */
  idempotencyKey: string;
  /** '855', '856', '810', '997', … */
  documentType: string;
  partnerId: string;
}

/** What a transport tells of a document it handed over. */
export interface DeliveryReceipt {
  deliveredAt: Date;
  /** What the receiver calls it (file name, Message-ID, …), for reconciliation. */
  remoteId?: string;
  /**
   * The receiver's signed proof of receipt (an AS2 MDN), verified by the transport: kept as an inbound message
   * beside the delivery, with what it says.
   */
  evidence?: { contentType: string; bytes: Uint8Array; summary: Record<string, string> };
  /**
   * The receiver took the bytes but confirms them later (an asynchronous AS2 MDN): not delivered until that
   * confirmation arrives, sent again when it does not come within `waitMs`. `expected` is what the
   * confirmation must say (the MIC an MDN must return).
   */
  awaitingConfirmation?: { waitMs: number; expected: Record<string, string> };
}

/** One of our key pairs: a PKCS#8 PEM private key, its PEM certificate and the certificate's SHA-256 fingerprint. */
export interface OwnKeyPair {
  privateKeyPem: string;
  certificatePem: string;
  fingerprint: string;
}

/** A partner's certificate (PEM) and its SHA-256 fingerprint. */
export interface PartnerCertificate {
  certificatePem: string;
  fingerprint: string;
}

/**
 * The certificates a transport that signs and encrypts (AS2) works with, read and opened for one partner by
 * whoever calls it, each list already reduced to those in force (rotation overlap, expiry): ours to sign with
 * and decrypt with, the partner's to verify its signatures and encrypt to it.
 */
export interface TransportCredentials {
  own: { signing?: OwnKeyPair; decrypting: OwnKeyPair[] };
  partner: { signing: PartnerCertificate[]; encryption?: PartnerCertificate };
}

/**
 * What every send and every settings check gets from the process, as plain data (it may cross a thread
 * boundary): the limits an operator sets on where documents may go.
 */
export interface DeliveryContext {
  /**
   * ORDERGATE_ALLOW_PRIVATE_DELIVERY: network transports may reach loopback, link-local, private … addresses.
   * Off by default, so a partner setting cannot point the gateway at its own network (SSRF).
   */
  allowPrivateAddresses: boolean;
  /** ORDERGATE_OUTBOX_DIR, absolute: the one folder folder-out writes under. */
  outboxDir: string;
}

/** A problem with a delivery config beyond its schema; `path` is inside the config (`url`, `dir` …). */
export interface DeliveryConfigProblem {
  path: string;
  message: string;
}

/**
 * A sending connector (a delivery transport: HTTP POST, SFTP, SMTP, a folder), registered in
 * `connectors/index.ts` and run by the deliver stage; house rule 2: only transports do I/O. `send` makes one attempt and throws a
 * GatewayError: `retryable` for network failures, timeouts, 5xx/429 (the pipeline backs off, retries, then
 * dead-letters); `permanent` for refusals a retry cannot fix (4xx, bad credentials, refused recipient). It
 * never retries by itself and never puts a secret in an error message.
 */
export interface OutboundConnector<C> {
  id: string;
  configSchema: ZodType<C>;
  /**
   * What can be told wrong about a schema-valid config when a partner is saved, without any I/O (an address
   * literal on a private network, a folder outside the outbox); `send` checks again, names resolved.
   */
  check?(config: C, context: DeliveryContext): DeliveryConfigProblem[];
  /** Set by a transport that signs or encrypts: the deliver stage then reads the partner's credentials for `send`. */
  usesCredentials?: true;
  send(
    payload: DeliveryPayload,
    config: C,
    context: DeliveryContext,
    credentials?: TransportCredentials,
  ): Promise<DeliveryReceipt>;
}
