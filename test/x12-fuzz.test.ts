import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../src/core/errors.ts';
import { encodeAckInterchange } from '../src/x12/ack-encode.ts';
import { planAcknowledgments } from '../src/x12/ack-plan.ts';
import type { X12Event } from '../src/x12/events.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import { X12Collector } from '../src/x12/results.ts';
import { mutatedX12 } from './fuzz/x12-mutations.ts';

const ROOT = fileURLToPath(new URL('./fixtures/x12/', import.meta.url));
const BASES = [
  'x12-850/nodex12_850_004010VICS_tilde_lf.edi',
  'x12-850/staedi_810_and_850_two_functional_groups.edi',
  'x12-850/oopfactory_850_adobe_clp_reversed_delimiters_short_isa.txt',
  'x12-856/oopfactory_856_004010_ellipsis_U2026_terminator.txt',
  'x12-855/oboe_855_004010_tilde_elem_sep_lf_terminator_12_sets.edi',
  'x12-999/pyx12_999_005010X231_two_groups_four_sets.txt',
].map((file) => readFileSync(`${ROOT}${file}`));

/** Envelope events must nest: sets inside groups inside interchanges, every start closed. */
function checkNesting(events: X12Event[]): void {
  let interchange = false;
  let group = false;
  for (const event of events) {
    switch (event.kind) {
      case 'interchange-start':
        expect(interchange).toBe(false);
        interchange = true;
        break;
      case 'group-start':
        expect(interchange && !group).toBe(true);
        group = true;
        break;
      case 'transaction':
        expect(group).toBe(true);
        expect(event.set.segments[0]!.tag).toBe('ST');
        expect(event.set.segments.map((s) => s.position)).toEqual(event.set.segments.map((_, i) => i + 1));
        break;
      case 'group-end':
        expect(group).toBe(true);
        group = false;
        break;
      case 'interchange-end':
        expect(interchange && !group).toBe(true);
        interchange = false;
        break;
      case 'error':
        break;
    }
  }
  expect(interchange || group).toBe(false);
}

describe('reader under random mutations of valid interchanges', () => {
  it('never throws, nests its events and yields either acknowledgeable results or an error event', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedX12(BASES), async (input) => {
        const events = [...readX12Sync(input)];
        checkNesting(events);
        const collector = new X12Collector();
        for (const event of events) collector.add(event);
        const { results } = collector;
        const blank = input.toString('latin1').trim() === '';
        if (!blank)
          expect(results.interchanges.length > 0 || events.some((e) => e.kind === 'error')).toBe(true);
        let n = 1;
        const plans = await planAcknowledgments(results, { now: new Date(0), allocate: () => n++ });
        for (const plan of plans) {
          let text: string;
          try {
            text = encodeAckInterchange(plan);
          } catch (error) {
            // only a partner ID too long to address an ack to may stop encoding, and it says so
            expect(toGatewayErrorShape(error).code).toMatch(/^x12\.writer\./);
            continue;
          }
          const reread = [...readX12Sync(text)];
          const errors = reread.flatMap((e) =>
            e.kind === 'transaction' ? e.set.diagnostics : 'diagnostics' in e ? e.diagnostics : [],
          );
          // the ack is addressed to whatever ISA05-ISA08 the partner sent; everything else must be clean
          const echoed = /^x12\.interchange\.00[5-8]$/;
          expect(errors.filter((d) => d.severity === 'error' && !echoed.test(d.code))).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const prefixed = Buffer.concat([Buffer.from('ISA*00*'), bytes]);
        for (const input of [bytes, prefixed]) checkNesting([...readX12Sync(input)]);
      }),
      { numRuns: 300 },
    );
  });
});
