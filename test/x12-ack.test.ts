import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { X12Interchange, X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { encodeAckInterchange, tryEncodeAck } from '../src/x12/ack-encode.ts';
import { planAcknowledgments } from '../src/x12/ack-plan.ts';
import { readFunctionalAck } from '../src/x12/ack-read.ts';
import type { AckInterchange } from '../src/x12/ack-types.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import { collectX12, type X12Results } from '../src/x12/results.ts';

const ROOT = fileURLToPath(new URL('./fixtures/x12/', import.meta.url));
const NOW = new Date('2026-03-02T09:30:00Z');

async function plan(results: X12Results, options: { type?: '997' | '999' } = {}): Promise<AckInterchange[]> {
  let next = 1;
  return planAcknowledgments(results, { now: NOW, allocate: () => next++, ...options });
}

const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((f) =>
  /^x12-.*\.(edi|txt|x12)$/.test(f),
);

/** What node-x12 (strict) sees in our 997/999: AK1 and the AK2s of each acknowledgment set. */
function strictView(text: string) {
  const parsed = new X12Parser(true).parse(text);
  expect(parsed).toBeInstanceOf(X12Interchange);
  const interchange = parsed as X12Interchange;
  return interchange.functionalGroups.flatMap((group) =>
    group.transactions.map((t) => ({
      ak1: [t.segments[0]!.valueOf(1), t.segments[0]!.valueOf(2)],
      ak2: t.segments.filter((s) => s.tag === 'AK2').map((s) => [s.valueOf(1), s.valueOf(2)]),
    })),
  );
}

describe('acknowledgments for every corpus file', () => {
  it.each(files)('%s: what we send parses in node-x12 and echoes what was received', async (file) => {
    const results = await collectX12(readFileSync(`${ROOT}${file}`));
    for (const ackPlan of await plan(results)) {
      const text = encodeAckInterchange(ackPlan, { newline: true });
      const inbound = results.interchanges.find(
        (ic) => ic.header.senderId === ackPlan.receiver.id && ic.header.receiverId === ackPlan.sender.id,
      )!;
      const received = inbound.groups
        .filter((g) => g.header.functionalId !== 'FA')
        .map((g) => ({
          ak1: [g.header.functionalId, g.header.controlNumber],
          ak2: g.transactions.map((t) => [t.set.type, t.set.controlNumber]),
        }));
      if (ackPlan.ta1 === undefined) {
        expect(strictView(text)).toEqual(received);
      } else {
        // node-x12 (1.7.1) refuses a TA1 outside a group even though X12.5 puts it between ISA and GS;
        // strict mode says exactly that, non-strict mode reads the rest with that one complaint.
        expect(() => new X12Parser(true).parse(text)).toThrow(
          'TA1 segment cannot appear outside of a functional group',
        );
        const lenient = new X12Parser(false);
        lenient.parse(text);
        expect(lenient.diagnostics.map((d) => d.message)).toEqual([
          'X12 Standard: TA1 segment cannot appear outside of a functional group.',
          'X12 Standard: TA1 segment cannot appear outside of a transaction.',
        ]);
        const { element, segment } = ackPlan.delimiters;
        const withoutTa1 = text
          .split(segment)
          .filter((s) => !s.trimStart().startsWith(`TA1${element}`))
          .join(segment);
        // (an interchange holding only a TA1 has no group left, which node-x12 strict mode refuses outright)
        if (ackPlan.groups.length > 0) expect(strictView(withoutTa1)).toEqual(received);
      }
      // and our own reader finds nothing wrong with it
      const events = [...readX12Sync(text)];
      const findings = events.flatMap((e) =>
        e.kind === 'transaction' ? e.set.diagnostics : 'diagnostics' in e ? e.diagnostics : [],
      );
      expect(findings.filter((d) => d.severity === 'error')).toEqual([]);
    }
  });

  it('acknowledges a rejected set with AK5 R 4 and counts it out of AK9', async () => {
    const results = await collectX12(readFileSync(`${ROOT}x12-invalid/gozer_850_se_count_mismatch.txt`));
    const [ack] = await plan(results);
    const text = encodeAckInterchange(ack!);
    // the inbound used LF as its terminator, so the ack does too
    expect(text).toContain('AK1*PO*1421\nAK2*850*000000010\nAK5*R*4\nAK9*R*1*1*0\n');
    expect(ack!.receiver).toEqual({ qualifier: 'ZZ', id: 'ABCDEFGHIJKLMNO' });
    expect(ack!.sender).toEqual({ qualifier: 'ZZ', id: '123456789012345' });
  });

  it('answers group envelope errors with AK9 R and its codes', async () => {
    const results = await collectX12(
      readFileSync(`${ROOT}x12-invalid/gozer_non_ascii_segment_terminator_and_bad_counts.txt`),
    );
    const [ack] = await plan(results);
    const [first] = ack!.groups[0]!.acks;
    expect(first!.status).toBe('R');
    expect(first!.codes).toEqual(['5']);
    expect(first!.transactions.map((t) => [t.status, ...t.codes])).toEqual([
      ['R', '6', '4', '5'],
      ['R', '6', '4', '5'],
      ['R', '6', '4', '5'],
    ]);
  });

  it('sends only a TA1 R for a rejected interchange, and a TA1 A when ISA14 asks for one', async () => {
    const rejected = await plan(
      await collectX12(readFileSync(`${ROOT}x12-invalid/gozer_856_iea_control_number_mismatch.txt`)),
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.groups).toEqual([]);
    expect(rejected[0]!.ta1).toEqual({
      controlNumber: '000003438',
      date: '101127',
      time: '1719',
      status: 'R',
      note: '001',
    });
    const asked = await plan(
      await collectX12(readFileSync(`${ROOT}x12-856/oopfactory_856_004010_reversed_delimiters_SOI.txt`)),
    );
    expect(asked[0]!.ta1).toMatchObject({ status: 'A', note: '000' });
    expect(asked[0]!.groups[0]!.acks[0]!.status).toBe('A');
  });

  it('writes a 999 for 005010X groups and a 997 otherwise, and reads both back to the same content', async () => {
    const results = await collectX12(
      readFileSync(`${ROOT}x12-invalid/badx12_segments_outside_transaction_set.edi`),
    );
    const [ack999] = await plan(results);
    expect(ack999!.version).toBe('00501');
    expect(ack999!.groups[0]!.version).toBe('005010X231A1');
    const [ack997] = await plan(results, { type: '997' });
    for (const ackPlan of [ack999!, ack997!]) {
      const sets = [...readX12Sync(encodeAckInterchange(ackPlan))].flatMap((e) =>
        e.kind === 'transaction' ? [e.set] : [],
      );
      expect(sets.map((set) => readFunctionalAck(set))).toEqual(
        ackPlan.groups[0]!.acks.map((ack) => ({ ack, diagnostics: [] })),
      );
    }
    // the stray segments before ST were skipped: the group is accepted "with errors noted" only if its sets are
    expect(ack999!.groups[0]!.acks[0]).toMatchObject({ type: '999', status: 'R', received: 1, accepted: 0 });
  });

  it('answers a non-ASCII terminator in ASCII delimiters, which can be written as the bytes the partner reads', async () => {
    const results = await collectX12(
      readFileSync(`${ROOT}x12-856/oopfactory_856_004010_ellipsis_U2026_terminator.txt`),
    );
    const [ack] = await plan(results);
    expect(ack!.delimiters).toEqual({ element: '*', segment: '~', component: '>' });
    const text = encodeAckInterchange(ack!);
    expect(text).toMatch(/^[\x20-\x7e]+$/);
    expect(text.split('~')).toHaveLength(11);
  });

  it('reports an answer no ISA can address instead of throwing', async () => {
    const text = readFileSync(`${ROOT}x12-850/nodex12_850_004010VICS_tilde_lf.edi`, 'latin1');
    const results = await collectX12(text.replace('*4405197800     *', '*ABCDEFGHIJKLMNOP*'));
    const [ack] = await plan(results);
    expect(tryEncodeAck(ack!)).toEqual({
      problem: {
        severity: 'error',
        code: 'x12.ack.unwritable',
        message:
          'no 997 can be sent to 12:ABCDEFGHIJKLMNOP: ISA08 "ABCDEFGHIJKLMNOP" is longer than 15 characters',
      },
    });
    const [fine] = await plan(await collectX12(text));
    expect(tryEncodeAck(fine!)).toEqual({ text: encodeAckInterchange(fine!) });
  });

  it('echoes a value holding a control character (AK4 code 6) with the character blanked out', async () => {
    const text = readFileSync(`${ROOT}x12-850/nodex12_850_004010VICS_tilde_lf.edi`, 'latin1');
    const [ack] = await plan(await collectX12(text.replace('N1*ST*XYZ RETAIL', 'N1*ST*XYZ\u0000RETAIL')));
    const written = encodeAckInterchange(ack!);
    expect(written).toContain('AK3*N1*10**8~AK4*2**6*XYZ RETAIL~AK5*R*5~');
    expect(written).not.toMatch(/[^\u0020-\u007e]/);
  });
});
