import type { ZodType } from 'zod';
import type { Diagnostic } from './diagnostic.ts';
import type { Acknowledgment, Invoice, Shipment } from './documents.ts';
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
}

/** A functional acknowledgment (or rejection reply) the connector wants sent back for what it decoded. */
export interface PlannedAck {
  /** '997', '999', 'TA1', 'email-reply', … */
  type: string;
  partnerId?: string;
  /** Connector-specific structured content, turned into bytes by the connector's encoder. */
  content: unknown;
}

export interface AckPlan {
  documents: PlannedAck[];
}

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

export type OutboundDocument =
  | { type: '855'; acknowledgment: Acknowledgment; order: Order }
  | { type: '856'; shipment: Shipment; orders: Order[] }
  | { type: '810'; invoice: Invoice; order: Order }
  | { type: 'ack'; ack: PlannedAck };

export interface EncodedPayload {
  bytes: Uint8Array;
  contentType: string;
  /** Control numbers and other identifiers used, for reconciliation with the partner's acknowledgments. */
  control?: Record<string, string>;
}

export interface SendReceipt {
  deliveredAt: Date;
  remoteId?: string;
}

export interface OutboundConnector<C> {
  id: string;
  configSchema: ZodType<C>;
  documentTypes: readonly string[];
  encode(doc: OutboundDocument, ctx: ConnectorContext): Promise<EncodedPayload>;
  send(payload: EncodedPayload, config: C, ctx: ConnectorContext): Promise<SendReceipt>;
}
