import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../core/errors.ts';
import { cleanFreeText, FREE_TEXT_ELEMENTS } from './free-text.ts';
import { readX12Sync } from './reader.ts';
import type { Delimiters } from './types.ts';
import { type InterchangeInput, type SegmentData, writeInterchange } from './writer.ts';

const D5010: Delimiters = { element: '*', segment: '~', component: '>', repetition: '^' };
/** A 004010 partner using "|" between elements: "*" is ordinary data for it. */
const PIPE: Delimiters = { element: '|', segment: '~', component: ':' };

function interchange(body: readonly SegmentData[], delimiters: Delimiters): InterchangeInput {
  return {
    sender: { qualifier: 'ZZ', id: 'SUPPLIER' },
    receiver: { qualifier: 'ZZ', id: 'BUYER' },
    controlNumber: 1,
    date: '20260301',
    time: '0930',
    version: delimiters.repetition === undefined ? '00401' : '00501',
    usage: 'T',
    ackRequested: false,
    delimiters,
    groups: [
      {
        functionalId: 'SH',
        senderId: 'SUPPLIER',
        receiverId: 'BUYER',
        controlNumber: 1,
        version: delimiters.repetition === undefined ? '004010' : '005010',
        transactions: [{ type: '856', controlNumber: 1, body }],
      },
    ],
  };
}

/** Writes the body in an interchange and reads it back: the body segments' elements, and any findings. */
function roundTrip(body: readonly SegmentData[], delimiters: Delimiters) {
  const events = [...readX12Sync(writeInterchange(interchange(body, delimiters)))];
  const sets = events.flatMap((e) => (e.kind === 'transaction' ? [e.set] : []));
  const findings = events.flatMap((e) =>
    e.kind === 'transaction' ? e.set.diagnostics : 'diagnostics' in e ? e.diagnostics : [],
  );
  return { segments: sets.flatMap((s) => s.segments.slice(1, -1).map((seg) => seg.elements)), findings };
}

/** Whether a value holds a character the writer refuses, or a control character. */
function unsafe(value: string, delimiters: Delimiters): boolean {
  const { element, segment, component, repetition } = delimiters;
  return [...value].some(
    (c) => c < ' ' || c === '\x7f' || c === element || c === segment || c === component || c === repetition,
  );
}

function holdsDelimiter(value: string, delimiters: Delimiters): boolean {
  const { element, segment, component, repetition } = delimiters;
  return [element, segment, component, repetition].some(
    (d) => d !== undefined && d !== '' && value.includes(d),
  );
}

function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return toGatewayErrorShape(error).code;
  }
  return 'nothing thrown';
}

describe('FREE_TEXT_ELEMENTS', () => {
  it('lists the descriptive elements once each, and no codes or identifiers', () => {
    const keys = FREE_TEXT_ELEMENTS.map((e) => `${e.segment}${String(e.position).padStart(2, '0')}`);
    expect(keys).toEqual([
      'N102',
      'N201',
      'N202',
      'N301',
      'N302',
      'N401',
      'PID05',
      'MSG01',
      'NTE02',
      'REF03',
      'ITD12',
      'SAC15',
      'PER02',
      'TD505',
      'CAD05',
    ]);
    expect(new Set(FREE_TEXT_ELEMENTS.map((e) => e.dataElement))).toEqual(
      new Set([93, 166, 19, 352, 933, 387]),
    );
    for (const id of ['REF02', 'N104', 'PO107', 'BSN02', 'N402', 'N403', 'PER04', 'TD503', 'LIN03', 'MAN02'])
      expect(keys).not.toContain(id);
  });
});

describe('cleanFreeText', () => {
  it('replaces each kind of delimiter in names, addresses and descriptions, and reports the changes', () => {
    const body: SegmentData[] = [
      ['BSN', '00', 'SHIP-1', '20260301', '1200'],
      ['N1', 'ST', 'Smith * Sons', '92', 'DC-7'],
      ['N2', 'Attn: Receiving~Dock 4'],
      ['N3', 'Unit 4 > Bay B', '^Rear entrance^'],
      ['N4', 'St. Paul*', 'MN', '55101'],
      ['PID', 'F', '', '', '', 'Bolt 3/8" zinc >> 100/box'],
      ['MSG', 'Call*before~delivery'],
      ['NTE', 'GEN', 'Fragile ^ handle > with care'],
      ['REF', 'DP', '042', 'Housewares * Kitchen'],
      ['ITD', '01', '3', '2', '', '10', '', '30', '', '', '', '', '2% 10 ~ NET 30'],
      ['SAC', 'C', 'D240', '', '', '1500', '', '', '', '', '', '', '', '', '', 'Freight > 100 lb'],
      ['PER', 'IC', "O'Brien*Pat", 'TE', '555-0100'],
      ['TD5', '', '2', 'UPSN', 'M', 'UPS Ground*Residential'],
      ['CAD', 'M', '', '', 'UPSN', 'UPS~Ground'],
    ];
    const { body: out, cleaned } = cleanFreeText(body, D5010);
    expect(out).toEqual([
      ['BSN', '00', 'SHIP-1', '20260301', '1200'],
      ['N1', 'ST', 'Smith Sons', '92', 'DC-7'],
      ['N2', 'Attn: Receiving Dock 4'],
      ['N3', 'Unit 4 Bay B', 'Rear entrance'],
      ['N4', 'St. Paul', 'MN', '55101'],
      ['PID', 'F', '', '', '', 'Bolt 3/8" zinc 100/box'],
      ['MSG', 'Call before delivery'],
      ['NTE', 'GEN', 'Fragile handle with care'],
      ['REF', 'DP', '042', 'Housewares Kitchen'],
      ['ITD', '01', '3', '2', '', '10', '', '30', '', '', '', '', '2% 10 NET 30'],
      ['SAC', 'C', 'D240', '', '', '1500', '', '', '', '', '', '', '', '', '', 'Freight 100 lb'],
      ['PER', 'IC', "O'Brien Pat", 'TE', '555-0100'],
      ['TD5', '', '2', 'UPSN', 'M', 'UPS Ground Residential'],
      ['CAD', 'M', '', '', 'UPSN', 'UPS Ground'],
    ]);
    expect(cleaned[0]).toEqual({
      segment: 'N1',
      position: 3,
      element: 'N102',
      before: 'Smith * Sons',
      after: 'Smith Sons',
    });
    expect(cleaned.map((c) => c.element)).toEqual([
      'N102',
      'N201',
      'N301',
      'N302',
      'N401',
      'PID05',
      'MSG01',
      'NTE02',
      'REF03',
      'ITD12',
      'SAC15',
      'PER02',
      'TD505',
      'CAD05',
    ]);
    expect(cleaned.map((c) => c.position)).toEqual([3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    // the input is not modified
    expect(body[1]).toEqual(['N1', 'ST', 'Smith * Sons', '92', 'DC-7']);

    const { segments, findings } = roundTrip(out, D5010);
    expect(segments).toEqual(out);
    expect(findings).toEqual([]);
  });

  it('cleans for the partner\'s delimiters: with "|" between elements, "*" is data and "|" is not', () => {
    const body: SegmentData[] = [
      ['N1', 'ST', 'Smith * Sons | Co'],
      ['N3', 'Suite 5: rear'],
      ['PID', 'F', '', '', '', '2*4 stud > 8 ft ^ kiln~dried'],
    ];
    const { body: out, cleaned } = cleanFreeText(body, PIPE);
    expect(out).toEqual([
      ['N1', 'ST', 'Smith * Sons Co'],
      ['N3', 'Suite 5 rear'],
      // ">" and "^" are not this partner's delimiters (no repetition separator before 00402)
      ['PID', 'F', '', '', '', '2*4 stud > 8 ft ^ kiln dried'],
    ]);
    expect(cleaned).toHaveLength(3);
    const { segments, findings } = roundTrip(out, PIPE);
    expect(segments).toEqual(out);
    expect(findings).toEqual([]);
  });

  it('replaces control characters (C0 and DEL), also when the terminator is one', () => {
    const body: SegmentData[] = [
      ['N1', 'ST', '\tACME\x00 Corp\x7f'],
      ['N3', '12 Main St\r\nSuite 4', 'Bldg\x1b[0m 7'],
      ['NTE', 'GEN', 'bell\x07 \x1f\x1c end'],
    ];
    const newline: Delimiters = { element: '*', segment: '\n', component: '>', repetition: '^' };
    for (const delimiters of [D5010, newline]) {
      const { body: out } = cleanFreeText(body, delimiters);
      expect(out).toEqual([
        ['N1', 'ST', 'ACME Corp'],
        ['N3', '12 Main St Suite 4', 'Bldg [0m 7'],
        ['NTE', 'GEN', 'bell end'],
      ]);
      const { segments, findings } = roundTrip(out, delimiters);
      expect(segments).toEqual(out);
      expect(findings).toEqual([]);
    }
  });

  it('leaves values without such characters exactly as they are, and unchanged segments as the same objects', () => {
    const untouched: SegmentData[] = [
      ['BSN', '00', 'SHIP-1', '20260301', '1200'],
      ['N1', 'ST', '  Two  spaces  ', '92', 'DC*7'],
      ['N4', 'Zürich', '', '8001', 'CH'],
    ];
    const same = cleanFreeText(untouched, D5010);
    expect(same.body).toBe(untouched);
    expect(same.cleaned).toEqual([]);

    const body: SegmentData[] = [...untouched, ['PID', 'F', '', '', '', 'A*B'], ['CTT', '1']];
    const { body: out } = cleanFreeText(body, D5010);
    expect(out).not.toBe(body);
    for (const i of [0, 1, 2, 4]) expect(out[i]).toBe(body[i]);
    expect(out[3]).toEqual(['PID', 'F', '', '', '', 'A B']);
  });

  it('never touches identifiers: the writer still refuses PO1-07, REF-02, BSN-02 holding a delimiter', () => {
    const cases: SegmentData[] = [
      ['PO1', '1', '5', 'EA', '9.99', '', 'VN', 'SKU*12'],
      ['REF', 'IA', 'V~1', 'Vendor * number'],
      ['BSN', '00', 'SHIP>1', '20260301', '1200'],
      ['N1', 'ST', 'Smith * Sons', '92', 'DC^7'],
      ['LIN', '', 'UP', '0123456789*5'],
    ];
    for (const segment of cases) {
      const { body } = cleanFreeText([segment], D5010);
      expect(body[0]![0]).toBe(segment[0]);
      expect(thrownCode(() => writeInterchange(interchange(body, D5010)))).toBe(
        'x12.writer.delimiter_in_data',
      );
    }
    // the free text beside the identifier was still cleaned
    expect(cleanFreeText([['REF', 'IA', 'V~1', 'Vendor * number']], D5010).body).toEqual([
      ['REF', 'IA', 'V~1', 'Vendor number'],
    ]);
  });

  it('leaves a value with no text in it as it was, so the writer refuses it rather than send it empty', () => {
    const body: SegmentData[] = [
      ['N1', 'ST', ' * ~ '],
      ['N3', '\r\n'],
      ['N2', ''],
    ];
    const { body: out, cleaned } = cleanFreeText(body, D5010);
    expect(out).toBe(body);
    expect(cleaned).toEqual([]);
    expect(thrownCode(() => writeInterchange(interchange(out, D5010)))).toBe('x12.writer.delimiter_in_data');
  });

  it('leaves composites and elements past the end alone', () => {
    const body: SegmentData[] = [['N3', ['A*B', 'C']], ['PID', 'F'], ['N1']];
    const { body: out } = cleanFreeText(body, D5010);
    expect(out).toBe(body);
  });

  it('property: any free text with a character left writes and reads back as its cleaned value', () => {
    const unit = fc.constantFrom(...'ab Z09-.,\'"&/#@*~>^|:\t\r\n\x00\x7f');
    const text = fc.string({ unit, maxLength: 40 });
    fc.assert(
      fc.property(fc.constantFrom(D5010, PIPE), text, text, (delimiters, name, note) => {
        const body: SegmentData[] = [
          ['N1', 'ST', name, '92', 'DC7'],
          ['NTE', 'GEN', note],
        ];
        const { body: out } = cleanFreeText(body, delimiters);
        const written = [out[0]![2], out[1]![2]] as string[];
        const dirty = written.filter((value) => unsafe(value, delimiters));
        if (dirty.length > 0) {
          // only a value with no text in it is kept as it was, and the writer refuses it if it holds a delimiter
          for (const value of dirty)
            expect([...value].every((c) => c === ' ' || unsafe(c, delimiters))).toBe(true);
          if (dirty.some((value) => holdsDelimiter(value, delimiters)))
            expect(thrownCode(() => writeInterchange(interchange(out, delimiters)))).toBe(
              'x12.writer.delimiter_in_data',
            );
          return;
        }
        const { segments, findings } = roundTrip(out, delimiters);
        [name, note].forEach((before, i) => {
          if (written[i] === before) return; // untouched: the writer's and reader's business alone
          expect(written[i]).not.toMatch(/^ | $| {2}/);
          expect(segments[i]![2]).toBe(written[i]);
        });
        // an untouched value ending in a blank draws the reader's trailing-whitespace warning, nothing else does
        if (!written.some((value) => value.endsWith(' '))) expect(findings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
