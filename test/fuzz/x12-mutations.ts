import fc from 'fast-check';

/**
 * Random damage to valid X12 interchanges, shared by the reader's fuzz test (test/x12-fuzz.test.ts) and the
 * gateway's (test/fuzz.test.ts): what a broken translator, a careless hand edit or a hostile partner sends.
 */

/** Bytes that matter to a reader: delimiters, line breaks, envelope tags, a UTF-8 lead byte. */
export const SPICE = [
  '~',
  '*',
  '\n',
  '\r\n',
  ':',
  '^',
  'ISA*',
  'GS*',
  'ST*850*0001~',
  'SE*',
  'GE*1*1~',
  'IEA*',
  '\u00e2',
  ' ',
];

/** Characters a partner's bytes should never hold in an element, or that mean something to someone else. */
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b', '\u001c', '\u001d', '\u001e', '\u001f', '\u007f'];

export type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate-segment'; at: number }
  /** Every occurrence of one byte becomes another: `*` ↔ `~`, a delimiter turned multi-byte … */
  | { kind: 'swap'; from: string; to: string }
  /** One element grows to thousands of characters, far beyond any X12 maximum. */
  | { kind: 'huge'; at: number; length: number; char: string }
  /** Control characters and invalid UTF-8 inside an element. */
  | { kind: 'control'; at: number; bytes: number[] };

const DELIMITER_LIKE = ['*', '~', '>', ':', '^', '|', '\n', '\u00a7', '\u2026', '\u00ff', '\u0000'];

/** One random mutation; `at` is taken modulo the input's length when applied. */
export const x12Mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...SPICE), fc.string({ maxLength: 12 })),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-segment' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('swap' as const),
    from: fc.constantFrom('*', '~', '>', '\n', '0', 'P', ' '),
    to: fc.constantFrom(...DELIMITER_LIKE),
  }),
  fc.record({
    kind: fc.constant('huge' as const),
    at: fc.nat(),
    length: fc.integer({ min: 100, max: 20_000 }),
    char: fc.constantFrom('9', 'A', ' ', '\u00e9'),
  }),
  fc.record({
    kind: fc.constant('control' as const),
    at: fc.nat(),
    bytes: fc.array(
      fc.oneof(
        fc.constantFrom(...CONTROL.map((c) => c.charCodeAt(0))),
        fc.integer({ min: 0x80, max: 0xff }), // a lone continuation or lead byte: not UTF-8
      ),
      { minLength: 1, maxLength: 4 },
    ),
  }),
);

/** Applies `mutations` in order to a copy of `input`. */
export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Buffer {
  let bytes: Buffer = Buffer.from(input);
  for (const m of mutations) {
    const at = 'at' in m ? m.at % (bytes.length + 1) : 0;
    const splice = (insert: Uint8Array, remove = 0) =>
      Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at + remove)]);
    switch (m.kind) {
      case 'flip':
        if (at < bytes.length) bytes[at] = m.byte;
        break;
      case 'delete':
        bytes = splice(new Uint8Array(), m.length);
        break;
      case 'insert':
        bytes = splice(Buffer.from(m.text));
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'duplicate-segment': {
        // the segment around `at`, from after one terminator-ish byte to the next
        const isEnd = (b: number | undefined) => b === 0x7e || b === 0x0a || b === 0x2a;
        let start = at;
        while (start > 0 && !isEnd(bytes[start - 1])) start--;
        let end = at;
        while (end < bytes.length && !isEnd(bytes[end])) end++;
        const segment = bytes.subarray(start, Math.min(end + 1, bytes.length));
        bytes = Buffer.concat([bytes.subarray(0, start), segment, bytes.subarray(start)]);
        break;
      }
      case 'swap':
        bytes = replaceAll(bytes, Buffer.from(m.from), Buffer.from(m.to));
        break;
      case 'huge':
        bytes = splice(Buffer.from(m.char.repeat(m.length)));
        break;
      case 'control':
        bytes = splice(Uint8Array.from(m.bytes));
        break;
    }
  }
  return bytes;
}

function replaceAll(bytes: Buffer, from: Buffer, to: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(from); i >= 0; i = bytes.indexOf(from, start)) {
    parts.push(bytes.subarray(start, i), to);
    start = i + from.length;
  }
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
}

/** A valid interchange damaged by one to `max` random mutations. */
export const mutatedX12 = (bases: readonly Uint8Array[], max = 6): fc.Arbitrary<Buffer> =>
  fc
    .tuple(
      fc.integer({ min: 0, max: bases.length - 1 }),
      fc.array(x12Mutation, { minLength: 1, maxLength: max }),
    )
    .map(([base, mutations]) => mutate(bases[base]!, mutations));
