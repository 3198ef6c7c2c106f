import type { X12Event } from './events.ts';
import { ReaderCore, type ReadOptions } from './reader-core.ts';
import { bytesToBinary, textToBinary } from './text.ts';

export type { ReadOptions } from './reader-core.ts';

/** Slice size for in-memory input, so a large buffer is never copied into one huge string. */
const SLICE_BYTES = 262144;

function toBinary(chunk: Uint8Array | string): string {
  return typeof chunk === 'string' ? textToBinary(chunk) : bytesToBinary(chunk);
}

/**
 * Reads X12 held in memory, yielding envelope events and one event per transaction set. Never throws on
 * bad input: problems become diagnostics on the events or `error` events. Offsets are byte offsets of the
 * UTF-8 encoding when `input` is a string.
 */
export function* readX12Sync(input: Uint8Array | string, options?: ReadOptions): Generator<X12Event> {
  const core = new ReaderCore(options);
  if (typeof input === 'string') {
    yield* core.push(textToBinary(input));
  } else {
    for (let at = 0; at < input.length; at += SLICE_BYTES) {
      yield* core.push(bytesToBinary(input.subarray(at, at + SLICE_BYTES)));
    }
  }
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
    // one batch per chunk: a chunk holds many segments, so this is far fewer awaits than one per segment
    yield* core.push(toBinary(chunk));
  }
  yield* core.end();
}
