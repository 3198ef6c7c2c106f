import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { messages } from './schema.ts';

/** A message to keep exactly as it was received or sent; the columns the bytes decide are computed here. */
export type MessageToStore = Omit<
  typeof messages.$inferInsert,
  'id' | 'raw' | 'sha256' | 'size' | 'receivedAt' | 'updatedAt'
> & { raw: Uint8Array };

/** What {@link storeMessage} wrote besides the caller's fields. */
export interface StoredMessage {
  id: string;
  sha256: string;
  size: number;
}

/**
 * The most bytes sent in one statement. Both drivers send bytea as hex text built on the calling thread
 * (postgres.js has no binary parameters): a 15 MB interchange in one statement held the HTTP thread ~1 s
 * building a 30 MB string. A slice of 1 MB costs a few tens of ms, and the thread is free between slices.
 */
export const SLICE_BYTES = 1024 * 1024;

/**
 * Small messages per multi-row insert: ~12 parameters a row keep a statement far below PostgreSQL's 65,535,
 * and the hex text of one statement at a few MB.
 */
const ROWS_PER_STATEMENT = 200;

/** The SHA-256 by which a message is recognised again (a file dropped twice, a repeated upload). */
export const messageDigest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The one way a message's bytes are stored, inbound or outbound, in the caller's transaction: a fresh id, the
 * bytes untouched, their SHA-256 and size. Audit and follow-up jobs stay with the caller, in the same
 * transaction.
 */
export async function storeMessage(tx: Database, message: MessageToStore): Promise<StoredMessage> {
  const [stored] = await storeMessages(tx, [message]);
  return stored!;
}

/**
 * What storing `list` writes besides the caller's fields (a fresh id, digest and size each), known before
 * anything is sent: a caller can then send its own rows naming these ids together with the messages'.
 */
export function identifyMessages(list: readonly MessageToStore[]): StoredMessage[] {
  return list.map((m) => ({ id: randomUUID(), sha256: messageDigest(m.raw), size: m.raw.byteLength }));
}

/**
 * {@link storeMessage} for several messages in one transaction (a group commit of receives): the small ones
 * as multi-row inserts, each one over {@link SLICE_BYTES} in slices. Answers in the order given, `stored`
 * (from {@link identifyMessages}) when the caller needed the ids first.
 */
export async function storeMessages(
  tx: Database,
  list: readonly MessageToStore[],
  stored: readonly StoredMessage[] = identifyMessages(list),
): Promise<StoredMessage[]> {
  const small = list.flatMap((m, i) => (m.raw.byteLength <= SLICE_BYTES ? [{ ...m, ...stored[i]! }] : []));
  for (let i = 0; i < small.length; i += ROWS_PER_STATEMENT) {
    await tx.insert(messages).values(small.slice(i, i + ROWS_PER_STATEMENT));
  }
  for (const [i, m] of list.entries()) {
    if (m.raw.byteLength > SLICE_BYTES) await storeSliced(tx, m, stored[i]!);
  }
  return [...stored];
}

/**
 * A large message's bytes go to a temporary table a slice per statement, then into `messages` by one
 * INSERT … SELECT that joins them on the server (an insert, so the trigger keeping `raw` immutable has nothing
 * to refuse). A savepoint keeps every statement on one connection, even when `tx` is the pool itself; the
 * table is dropped at commit.
 */
async function storeSliced(tx: Database, message: MessageToStore, stored: StoredMessage): Promise<void> {
  await tx.transaction(async (one) => {
    await one.execute(
      sql`create temporary table if not exists ordergate_raw_slices (message_id text not null, seq integer not null, bytes bytea not null) on commit drop`,
    );
    const { raw } = message;
    for (let seq = 0; seq * SLICE_BYTES < raw.byteLength; seq++) {
      const slice = raw.subarray(seq * SLICE_BYTES, (seq + 1) * SLICE_BYTES);
      await one.execute(sql`insert into ordergate_raw_slices values (${stored.id}, ${seq}, ${slice}::bytea)`);
    }
    await one.insert(messages).values({
      ...message,
      ...stored,
      raw: sql`(select string_agg(bytes, ''::bytea order by seq) from ordergate_raw_slices where message_id = ${stored.id})`,
    });
    await one.execute(sql`delete from ordergate_raw_slices where message_id = ${stored.id}`);
  });
}
