import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Order } from './core/order.ts';

/** One entry of translate's "errors": a diagnostic of severity error, as the 997/855 would report it. */
export interface TranslateError {
  transaction?: string;
  code: string;
  message: string;
}

/** What `ordergate translate` tells once the input is read: its errors, the answer, the counts. */
export interface TranslateEnd {
  errors: TranslateError[];
  /** The 997/999/TA1 text the gateway would send, when there is one. */
  ack?: string;
  /** What was read (interchanges, orders, rejected …), errors, seconds and MB/s: what --summary prints. */
  summary: Record<string, number>;
}

/**
 * Where `ordergate translate` writes: each order as soon as it is decoded, then the end. Holds no order, so
 * memory stays flat however many the input has; waits for `drain` when the reader is slower than the decode.
 */
export interface TranslateOutput {
  order(order: Order): Promise<void> | undefined;
  end(end: TranslateEnd): Promise<void>;
}

/** The three shapes translate prints: counts only, one JSON document, or JSON Lines. */
export type TranslateShape = 'summary' | 'json' | 'jsonl';

/** Writes are gathered up to this many characters, so 10,000 small orders are not 10,000 writes. */
const BATCH = 1 << 16;

/**
 * Text written to `out` in batches, with backpressure: `write` resolves at once while `out` takes more, and
 * waits for `drain` when it does not (a rejected promise if `out` fails, e.g. a closed pipe).
 */
function batchedWriter(out: Writable) {
  let pending = '';
  const flush = (): Promise<void> | undefined => {
    const text = pending;
    pending = '';
    return text === '' || out.write(text) ? undefined : once(out, 'drain').then(() => undefined);
  };
  return {
    write(text: string): Promise<void> | undefined {
      pending += text;
      return pending.length >= BATCH ? flush() : undefined;
    },
    flush,
  };
}

/** `text` (a pretty-printed JSON value) indented by `spaces` more, to sit inside the document's structure. */
const indent = (text: string, spaces: string) => text.replaceAll('\n', `\n${spaces}`);

/**
 * The output of `ordergate translate` in `shape`, to `out`. `json` is the document
 * `{ "orders": [...], "errors": [...], "ack"?: "..." }`, pretty-printed as `JSON.stringify(…, null, 2)` would
 * print it, written order by order; `jsonl` is one order per line and a last line `{ "errors", "ack"? }`;
 * `summary` prints only the counts.
 */
export function translateOutput(shape: TranslateShape, out: Writable): TranslateOutput {
  const writer = batchedWriter(out);
  if (shape === 'summary')
    return {
      order: () => undefined,
      async end({ summary }) {
        writer.write(`${JSON.stringify(summary)}\n`);
        await writer.flush();
      },
    };
  if (shape === 'jsonl')
    return {
      order: (order) => writer.write(`${JSON.stringify(order)}\n`),
      async end({ errors, ack }) {
        writer.write(`${JSON.stringify({ errors, ...(ack ? { ack } : {}) })}\n`);
        await writer.flush();
      },
    };
  let orders = 0;
  return {
    order(order) {
      const opening = orders++ === 0 ? '{\n  "orders": [\n    ' : ',\n    ';
      return writer.write(opening + indent(JSON.stringify(order, null, 2), '    '));
    },
    async end({ errors, ack }) {
      const rest = JSON.stringify({ errors, ...(ack ? { ack } : {}) }, null, 2);
      // the document so far ends inside the orders array (or has not started); the rest closes it
      const head = orders === 0 ? '{\n  "orders": [],\n' : '\n  ],\n';
      writer.write(`${head}${rest.slice(2)}\n`);
      await writer.flush();
    },
  };
}
