import { isAscii } from 'node:buffer';
import type { X12Event } from './events.ts';
import { ReaderCore, type ReadOptions } from './reader-core.ts';
import { bytesToBinary } from './text.ts';
import { UNUSUAL_BYTES } from './values.ts';

export type { ReadOptions } from './reader-core.ts';

/**
 * Slice size fed to the scanner: V8 keeps strings this small on its heap (Node makes strings over ~1 MB
 * external) and fewer sets are alive at each garbage collection, which measured fastest.
 */
const SLICE_BYTES = 65536;

/**
 * Binary-string slices of a chunk, each with whether it holds bytes that are not printable ASCII (non-ASCII
 * or control characters): only then are its values looked at one by one (values.ts).
 */
function* slices(chunk: Uint8Array | string): Generator<[string, boolean]> {
  if (typeof chunk === 'string' && Buffer.byteLength(chunk, 'utf8') === chunk.length) {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      const slice = chunk.slice(at, at + SLICE_BYTES);
      yield [slice, UNUSUAL_BYTES.test(slice)];
    }
    return;
  }
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    const part = bytes.subarray(at, at + SLICE_BYTES);
    const binary = bytesToBinary(part);
    yield [binary, !isAscii(part) || UNUSUAL_BYTES.test(binary)];
  }
}

/**
 * Reads X12 held in memory, yielding envelope events and one event per transaction set. Never throws on
 * bad input: problems become diagnostics on the events or `error` events. Offsets are byte offsets of the
 * UTF-8 encoding when `input` is a string.
 */
export function* readX12Sync(input: Uint8Array | string, options?: ReadOptions): Generator<X12Event> {
  const core = new ReaderCore(options);
  for (const [binary, high] of slices(input)) yield* core.push(binary, high);
  yield* core.end();
}

/**
 * Streaming reader: memory stays bounded by the largest transaction set, whatever the file size. Accepts
 * a whole input or any async iterable of chunks (a file or HTTP body stream); chunks may split segments,
 * multi-byte terminators or the ISA itself.
 */
export async function* readX12(
  input: Uint8Array | string | AsyncIterable<Uint8Array | string>,
  options?: ReadOptions,
): AsyncGenerator<X12Event> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    yield* readX12Sync(input, options);
    return;
  }
  const core = new ReaderCore(options);
  for await (const chunk of input) {
    // events come in batches per slice: far fewer awaits than one per segment
    for (const [binary, high] of slices(chunk)) yield* core.push(binary, high);
  }
  yield* core.end();
}
