import type { Channel } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { identifyMessages, SLICE_BYTES, storeMessages } from '../../db/store-message.ts';
import { enqueueStages } from '../stage-names.ts';
import { groupCommit } from './group-commit.ts';

export interface InboundMessage {
  channel: Channel;
  bytes: Uint8Array;
  /** Set when the transport already knows the partner (API key, a partner's drop folder). */
  partnerId?: string;
  /** Transport-level sender: "api-key:<partner>", "admin", "file:<path>", an e-mail address … */
  sender?: string;
  filename?: string;
  contentType?: string;
  /** The connector instance that received it (a mailbox), when one. */
  connectorInstance?: string;
  /** Who handed it over, for the audit trail ("admin", "partner:<id>", "file-drop"). */
  actor: string;
}

/**
 * Two transactions open at once: one commits while the next gathers and writes. Not yet tuned by measurement
 * (bench/http-intake.ts): more would make groups smaller and commits more numerous.
 */
const GROUPS_IN_FLIGHT = 2;
/** Messages in one transaction: enough for any burst of small ones, few enough to keep a commit short. */
const GROUP_MESSAGES = 500;

/** Each database's group commit of receives (the gateway has one database; tests open many). */
const committers = new WeakMap<Database, (input: InboundMessage) => Promise<{ messageId: string }>>();

/**
 * Stores an inbound message's raw bytes and asks for its decode stage, in one transaction (DESIGN §1: raw
 * first, outbox). Only once this resolves may the source be told the message was received (HTTP 202, a file
 * moved, IMAP \Seen); call the dispatcher's `notify()` afterwards so the decode starts at once. Concurrent
 * receives share their transaction (group commit): each resolves when it commits, and a message the database
 * refuses fails alone.
 */
export function receiveMessage(db: Database, input: InboundMessage): Promise<{ messageId: string }> {
  let commit = committers.get(db);
  if (commit === undefined) {
    commit = groupCommit(db, writeReceived, {
      maxInFlight: GROUPS_IN_FLIGHT,
      maxItems: GROUP_MESSAGES,
      // a message stored in slices goes alone, so its neighbours do not wait for its slices
      maxBytes: SLICE_BYTES,
      bytesOf: (m) => m.bytes.byteLength,
    });
    committers.set(db, commit);
  }
  return commit(input);
}

/**
 * The rows of received messages, in the caller's transaction: the bytes, an audit event and a decode job each
 * (exported for a door that must commit other rows with them: the payload of an AS2 request with its MDN).
 * The ids are drawn first, so the three inserts go out together: postgres.js pipelines them on the
 * transaction's connection, one round trip instead of three (on a busy machine each round trip waits for
 * PostgreSQL to be scheduled, and the group's receivers wait for all of them).
 */
export async function writeReceived(
  tx: Database,
  inputs: readonly InboundMessage[],
): Promise<{ messageId: string }[]> {
  const list = inputs.map((input) => ({
    direction: 'inbound' as const,
    channel: input.channel,
    partnerId: input.partnerId ?? null,
    raw: input.bytes,
    sender: input.sender ?? null,
    connectorInstance: input.connectorInstance ?? null,
    filename: input.filename ?? null,
    contentType: input.contentType ?? null,
  }));
  const stored = identifyMessages(list);
  await Promise.all([
    storeMessages(tx, list, stored),
    audit(
      tx,
      inputs.map((input, i) => ({
        actor: input.actor,
        entityType: 'message',
        entityId: stored[i]!.id,
        action: 'receive',
        after: {
          status: 'received',
          channel: input.channel,
          size: stored[i]!.size,
          sha256: stored[i]!.sha256,
        },
      })),
    ),
    enqueueStages(
      tx,
      'decode',
      stored.map((s) => s.id),
    ),
  ]);
  return stored.map((s) => ({ messageId: s.id }));
}
