import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { X12Event } from '../src/x12/events.ts';
import { readX12, readX12Sync } from '../src/x12/reader.ts';

const ROOT = fileURLToPath(new URL('./fixtures/x12/', import.meta.url));

async function readChunked(bytes: Uint8Array, sizes: readonly number[]): Promise<X12Event[]> {
  async function* chunks() {
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length]!;
      yield bytes.subarray(at, at + size);
      at += size;
    }
  }
  const events: X12Event[] = [];
  for await (const event of readX12(chunks())) events.push(event);
  return events;
}

/** A multi-interchange file far larger than a 64 KiB chunk, mixing delimiters and deviations. */
function bigInput(): Uint8Array {
  const parts: string[] = ['\ufeff'];
  const isa = (sep: string, rep: string, version: string, n: number, comp: string, term: string) =>
    [
      'ISA',
      '00',
      ' '.repeat(10),
      '00',
      ' '.repeat(10),
      'ZZ',
      'BUYER'.padEnd(15),
      'ZZ',
      'SELLER'.padEnd(15),
      '260101',
      '1200',
      rep,
      version,
      String(n).padStart(9, '0'),
      '0',
      'P',
      comp,
    ].join(sep) + term;
  const styles = [
    { sep: '*', term: '~', ws: '\n', rep: 'U', version: '00401' },
    { sep: '*', term: '\u2026', ws: '\r\n  ', rep: '^', version: '00501' },
    { sep: '|', term: '\n', ws: '', rep: 'U', version: '00401' },
    { sep: '~', term: '*', ws: '\r\n\t', rep: 'U', version: '00401' },
    // delimiters of several UTF-8 bytes each, which a chunk may split anywhere
    { sep: '\u00a7', term: '\u2192', ws: '\n', rep: 'U', version: '00401', comp: '\u{1f642}' },
  ];
  for (let n = 1; n <= 10; n++) {
    const { sep, term, ws, rep, version, comp = ':' } = styles[n % styles.length]!;
    const end = term + ws;
    parts.push(
      isa(sep, rep, version, n, comp, end),
      ['GS', 'PO', 'BUYER', 'SELLER', '20260101', '1200', String(n), 'X', '004010'].join(sep) + end,
    );
    for (let s = 1; s <= 20; s++) {
      const body = [
        ['BEG', '00', 'SA', `PO-${n}-${s}`, '', '20260101'],
        // one set in seven has a NUL in N1-02: an AK4 code 6 wherever the chunks split
        ['N1', 'ST', s % 7 === 0 ? 'Zürich\u0000Store' : 'Zürich Store – “North”', '92', '0042'],
      ];
      for (let l = 1; l <= 45; l++)
        body.push(['PO1', String(l), '0012', 'EA', '4.75', '', 'UP', `0${l}`.padStart(12, '0')]);
      // one set in four has a wrong SE01, so diagnostics are compared too
      const count = body.length + (s % 4 === 0 ? 3 : 2);
      const st = String(s).padStart(4, '0');
      parts.push(
        [['ST', '850', st], ...body, ['SE', String(count), st]].map((e) => e.join(sep)).join(end) + end,
      );
    }
    parts.push(['GE', '20', String(n)].join(sep) + end);
    // leave one interchange without IEA, so the next ISA has to close it
    if (n !== 5) parts.push(['IEA', '1', String(n).padStart(9, '0')].join(sep) + end);
    if (n === 3) parts.push('garbage between interchanges\n');
  }
  return Buffer.from(parts.join(''), 'utf8');
}

describe('chunked reading', () => {
  const big = bigInput();
  const oneShot = [...readX12Sync(big)];

  it('the generated input is far larger than a chunk and exercises every event', () => {
    expect(big.length).toBeGreaterThan(4 * 65536);
    const kinds = new Set(oneShot.map((e) => e.kind));
    expect([...kinds].sort()).toEqual([
      'error',
      'group-end',
      'group-start',
      'interchange-end',
      'interchange-start',
      'transaction',
    ]);
    expect(oneShot.filter((e) => e.kind === 'transaction')).toHaveLength(200);
    const codes = oneShot
      .flatMap((e) => (e.kind === 'transaction' ? e.set.diagnostics : []))
      .map((d) => d.code);
    expect(codes.filter((c) => c === 'x12.element.6')).toHaveLength(20);
  });

  it('yields exactly the one-shot events for 64 KiB and 1-byte chunks', async () => {
    expect(await readChunked(big, [65536])).toEqual(oneShot);
    expect(await readChunked(big, [1])).toEqual(oneShot);
  });

  it('yields exactly the one-shot events for random chunk sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 12 }),
        async (sizes) => {
          expect(await readChunked(big, sizes)).toEqual(oneShot);
        },
      ),
      { numRuns: 25 },
    );
  });

  const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /^x12-.*\.(edi|txt|x12)$/.test(f),
  );
  it.each(files)('%s reads the same in 1-byte and 3-byte chunks', async (file) => {
    const bytes = readFileSync(`${ROOT}${file}`);
    const expected = [...readX12Sync(bytes)];
    expect(await readChunked(bytes, [1])).toEqual(expected);
    expect(await readChunked(bytes, [3, 1, 2])).toEqual(expected);
  });
});
