import { describe, expect, it } from 'vitest';
import { toGatewayErrorShape } from '../core/errors.ts';
import { readX12Sync } from './reader.ts';
import type { Delimiters } from './types.ts';
import { type InterchangeInput, refusedValues, writeInterchange, writeSegment } from './writer.ts';

const DELIMITERS: Delimiters = { element: '*', segment: '~', component: '>', repetition: '^' };

const input: InterchangeInput = {
  sender: { qualifier: 'ZZ', id: 'SUPPLIER' },
  receiver: { qualifier: '12', id: '5551234567' },
  controlNumber: 42,
  date: '20260301',
  time: '0930',
  version: '00501',
  usage: 'T',
  ackRequested: true,
  delimiters: DELIMITERS,
  newline: true,
  groups: [
    {
      functionalId: 'PR',
      senderId: 'SUPPLIER',
      receiverId: 'BUYER',
      controlNumber: 7,
      version: '005010',
      transactions: [
        {
          type: '855',
          controlNumber: 1,
          body: [
            ['BAK', '00', 'AC', 'PO-1', '20260301'],
            ['PO1', '1', '0008', 'EA'],
          ],
        },
        {
          type: '855',
          controlNumber: '0002',
          implementationReference: '005010',
          body: [['BAK', '00', 'AD', 'PO-2', '20260301', '', '', '']],
        },
      ],
    },
  ],
};

function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return toGatewayErrorShape(error).code;
  }
  return 'nothing thrown';
}

describe('writeSegment', () => {
  it('drops trailing empty elements and joins composites with ISA16', () => {
    expect(writeSegment(['AK3', 'N1', '4', '', '8', '', ''], DELIMITERS)).toBe('AK3*N1*4**8~');
    expect(writeSegment(['AK4', ['2', '1', ''], '', '7'], DELIMITERS, { newline: '\r\n' })).toBe(
      'AK4*2>1**7~\r\n',
    );
    expect(writeSegment(['N1', 'ST'], { ...DELIMITERS, segment: '\n' }, { newline: true })).toBe('N1*ST\n');
  });

  it('refuses a value that holds a delimiter instead of sending a segment that reads differently', () => {
    expect(thrownCode(() => writeSegment(['N1', 'ST', 'A*B'], DELIMITERS))).toBe(
      'x12.writer.delimiter_in_data',
    );
    expect(thrownCode(() => writeSegment(['N1', 'ST', 'A>B'], DELIMITERS))).toBe(
      'x12.writer.delimiter_in_data',
    );
    expect(thrownCode(() => writeSegment(['N1', ['A~', 'B']], DELIMITERS))).toBe(
      'x12.writer.delimiter_in_data',
    );
  });

  it('lists every value it would refuse, without writing', () => {
    const segments = [
      ['N1', 'ST', 'A*B', 'C^D'],
      ['N3', ['E~', 'F']],
      ['N4', 'G>H'],
      ['PO1', '1', '2'],
    ];
    expect(refusedValues(segments, DELIMITERS)).toEqual([
      { segment: 'N1', position: 2, value: 'A*B', delimiter: '*' },
      { segment: 'N1', position: 3, value: 'C^D', delimiter: '^' },
      { segment: 'N3', position: 1, value: 'E~', delimiter: '~' },
      { segment: 'N4', position: 1, value: 'G>H', delimiter: '>' },
    ]);
    for (const segment of segments.slice(0, 3))
      expect(thrownCode(() => writeSegment(segment, DELIMITERS))).toBe('x12.writer.delimiter_in_data');
    expect(refusedValues([['PO1', '1', 'A^B']], { ...DELIMITERS, repetition: undefined })).toEqual([]);
  });
});

describe('writeInterchange', () => {
  it('writes a 106-character ISA and counts SE01, GE01 and IEA01', () => {
    const text = writeInterchange(input);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'ISA*00*          *00*          *ZZ*SUPPLIER       *12*5551234567     *260301*0930*^*00501*000000042*1*T*>~',
    );
    expect(lines[0]).toHaveLength(106);
    expect(lines.slice(1)).toEqual([
      'GS*PR*SUPPLIER*BUYER*20260301*0930*7*X*005010~',
      'ST*855*0001~',
      'BAK*00*AC*PO-1*20260301~',
      'PO1*1*0008*EA~',
      'SE*4*0001~',
      'ST*855*0002*005010~',
      'BAK*00*AD*PO-2*20260301~',
      'SE*3*0002~',
      'GE*2*7~',
      'IEA*1*000000042~',
      '',
    ]);
  });

  it('round-trips: what it writes reads back to the same segments without findings', () => {
    for (const version of ['00401', '00501']) {
      const delimiters = version === '00401' ? { element: '|', segment: '\n', component: ':' } : DELIMITERS;
      const text = writeInterchange({ ...input, version, delimiters });
      const events = [...readX12Sync(text)];
      const sets = events.flatMap((e) => (e.kind === 'transaction' ? [e.set] : []));
      expect(sets.map((s) => s.segments.slice(1, -1).map((seg) => seg.elements))).toEqual(
        // the BAK's trailing empty elements are not written (X12.6), so they are not read back either
        [
          [
            ['BAK', '00', 'AC', 'PO-1', '20260301'],
            ['PO1', '1', '0008', 'EA'],
          ],
          [['BAK', '00', 'AD', 'PO-2', '20260301']],
        ],
      );
      const start = events[0]!;
      expect(start.kind === 'interchange-start' && start.header.delimiters).toEqual(delimiters);
      const findings = events.flatMap((e) =>
        e.kind === 'transaction' ? e.set.diagnostics : 'diagnostics' in e ? e.diagnostics : [],
      );
      expect(findings).toEqual([]);
    }
  });

  it('writes ISA11 "U" before 00402 and refuses what cannot be written', () => {
    expect(writeInterchange({ ...input, version: '00401' }).slice(81, 90)).toBe('*U*00401*');
    const bad = (patch: Partial<InterchangeInput>) =>
      thrownCode(() => writeInterchange({ ...input, ...patch }));
    expect(bad({ sender: { qualifier: 'ZZ', id: 'A'.repeat(16) } })).toBe('x12.writer.invalid');
    expect(bad({ controlNumber: 1_000_000_000 })).toBe('x12.writer.invalid');
    expect(bad({ delimiters: { element: '*', segment: '*', component: '>', repetition: '^' } })).toBe(
      'x12.writer.invalid',
    );
    expect(bad({ delimiters: { element: '*', segment: 'X', component: '>', repetition: '^' } })).toBe(
      'x12.writer.invalid',
    );
    expect(bad({ delimiters: { element: '*', segment: '~', component: '>' } })).toBe('x12.writer.invalid');
    expect(bad({ date: '260301' })).toBe('x12.writer.invalid');
    expect(bad({ receiver: { qualifier: 'ZZ', id: 'IEA*1' } })).toBe('x12.writer.delimiter_in_data');
    // an answer addressed to a partner's NUL-padded ISA06 (found by the fuzz suite) or GS02
    expect(bad({ receiver: { qualifier: 'ZZ', id: 'BUYER\u0000\u0000' } })).toBe('x12.writer.invalid');
    const group = input.groups[0]!;
    expect(bad({ groups: [{ ...group, receiverId: 'BUYER\u001b' }] })).toBe('x12.writer.invalid');
  });
});
