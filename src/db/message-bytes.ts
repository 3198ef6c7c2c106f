import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from './client.ts';

/** Bytes read per statement: the decoder holds one slice at a time, not the whole interchange. */
const SLICE_BYTES = 1024 * 1024;

/**
 * A stored message's raw bytes, one slice per statement. A 50 MB interchange read whole arrives as a 100 MB
 * hex string and a 50 MB buffer at once; read in slices, the reader streams it in bounded memory.
 */
export async function* messageBytes(db: Database, messageId: string): AsyncGenerator<Uint8Array> {
  for (let from = 1; ; from += SLICE_BYTES) {
    const [row] = rowsOf<{ part: Uint8Array | null }>(
      await db.execute(
        sql`select substring(raw from ${from}::int for ${SLICE_BYTES}::int) as part from messages where id = ${messageId}`,
      ),
    );
    const part = row?.part;
    if (!part || part.byteLength === 0) return;
    yield part;
    if (part.byteLength < SLICE_BYTES) return;
  }
}
