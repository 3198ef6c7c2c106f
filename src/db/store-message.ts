import { createHash, randomUUID } from 'node:crypto';
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

/** The SHA-256 by which a message is recognised again (a file dropped twice, a repeated upload). */
export const messageDigest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The one way a message's bytes are stored, inbound or outbound, in the caller's transaction: a fresh id, the
 * bytes untouched, their SHA-256 and size. Audit and follow-up jobs stay with the caller, in the same
 * transaction.
 */
export async function storeMessage(tx: Database, message: MessageToStore): Promise<StoredMessage> {
  const stored = { id: randomUUID(), sha256: messageDigest(message.raw), size: message.raw.byteLength };
  await tx.insert(messages).values({ ...message, ...stored });
  return stored;
}
