import type { MessageBytes } from '../../core/connector.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { Channel } from '../../core/order.ts';
import type { Database } from '../../db/client.ts';

/** A stored inbound message as a format's decoder reads it. */
export interface StoredInbound {
  id: string;
  /** The partner the transport authenticated (API key, a partner's folder), if any. */
  partnerId: string | null;
  /** The bytes as stored, streamed in slices. */
  raw: MessageBytes;
  /** The message this one replays, if an operator asked for a re-run. */
  replayOf: string | null;
  /** What the transport said: the sender (an e-mail address, `api-key:<partner>`), the file's name and type. */
  sender: string | null;
  /** The file name as received; for a mail, its Message-ID. */
  filename: string | null;
  contentType: string | null;
  /** The connector instance (a mailbox) it came in by, whose settings send the replies. */
  connectorInstance: string | null;
}

/** What decoding one message came to: the decode stage records it and asks for what follows. */
export interface DecodeOutcome {
  /** The message's status when no order was written (with orders it is `processing` until routed). */
  status: 'done' | 'rejected' | 'failed';
  /** Orders written, to validate next. */
  orderIds: string[];
  diagnostics: Diagnostic[];
  /** The answers stored for the sender (997/999/TA1, a reply mail …), for the audit trail. */
  answers: { type: string; messageId: string }[];
  /** Of those, the ones to push now: their partner has a delivery transport. */
  toDeliver: string[];
  /** Inbound messages this one held and stored on their own (an X12 interchange attached to a mail): decoded next. */
  toDecode?: string[];
  /** What was read, in the format's terms, for the audit trail. */
  counts: Readonly<Record<string, number>>;
  /** The partner the whole message came from, when one. */
  partnerId?: string;
  /** The document types received ("850", "850,860" …), for listing messages by type. */
  documentTypes?: string;
}

/**
 * The pipeline's half of an inbound format, registered by channel (inbound-formats.ts): decodes one stored
 * message inside the decode stage's transaction, writing its orders and answers, so the stage itself knows
 * no format. The format's pure half is its connector (connectors/<format>), which `ordergate translate` and
 * the conformance suite run without a database.
 */
export interface InboundFormat {
  channel: Channel;
  decode(tx: Database, message: StoredInbound): Promise<DecodeOutcome>;
}
