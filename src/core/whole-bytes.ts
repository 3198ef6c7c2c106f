import type { MessageBytes } from './connector.ts';

/**
 * A message's bytes in one piece, for formats that cannot stream (a mail's MIME tree, an XLSX's ZIP directory at
 * its end). Their size is bounded where they came in (ORDERGATE_MAX_INBOUND_BYTES, a connector's limit).
 */
export async function wholeBytes(bytes: MessageBytes): Promise<Uint8Array> {
  if (bytes instanceof Uint8Array) return bytes;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return whole;
}
