import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { X12Event } from './events.ts';
import { readX12Sync } from './reader.ts';

const isa = (n = 1, version = '00401', rep = 'U') =>
  `ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*${rep}*${version}*${String(n).padStart(9, '0')}*0*P*>~`;
const gs = (n = 1) => `GS*PO*SENDER*RECEIVER*20260301*1200*${n}*X*004010~`;
const set = (st02: string, body = ['BEG*00*SA*PO1**20260301'], count = body.length + 2) =>
  `ST*850*${st02}~${body.join('~')}~SE*${count}*${st02}~`;

function codes(events: X12Event[]): string[] {
  const all: Diagnostic[] = [];
  for (const e of events) {
    if (e.kind === 'transaction') all.push(...e.set.diagnostics);
    else if (e.kind !== 'interchange-start' && e.kind !== 'group-start') all.push(...e.diagnostics);
  }
  return all.map((d) => `${d.severity === 'error' ? '' : '~'}${d.code}`);
}

const kinds = (events: X12Event[]) =>
  events.map((e) => (e.kind === 'transaction' ? `set ${e.set.controlNumber}` : e.kind));
const read = (text: string) => [...readX12Sync(text)];

describe('readX12Sync envelopes', () => {
  it('reads sets, groups and interchanges in order with positions and offsets', () => {
    const text = `${isa() + gs() + set('0001') + set('0002', ['BEG*00*SA*PO2', 'PO1*1*5*EA'])}GE*2*1~IEA*1*000000001~`;
    const events = read(text);
    expect(kinds(events)).toEqual([
      'interchange-start',
      'group-start',
      'set 0001',
      'set 0002',
      'group-end',
      'interchange-end',
    ]);
    expect(codes(events)).toEqual([]);
    const second = events[3]!.kind === 'transaction' ? events[3]!.set : undefined;
    expect(second!.segments.map((s) => [s.tag, s.position])).toEqual([
      ['ST', 1],
      ['BEG', 2],
      ['PO1', 3],
      ['SE', 4],
    ]);
    expect(text.slice(second!.segments[2]!.offset).startsWith('PO1*1*5*EA~')).toBe(true);
    expect(events[4]).toMatchObject({ kind: 'group-end', declaredCount: 2, actualCount: 2 });
  });

  it('closes a set without SE at the next ST so its siblings go on', () => {
    const text = `${isa()}${gs()}ST*850*0001~BEG*00*SA*PO1~${set('0002')}GE*2*1~IEA*1*000000001~`;
    const events = read(text);
    expect(kinds(events)).toContain('set 0002');
    const [first, second] = events.flatMap((e) => (e.kind === 'transaction' ? [e.set] : []));
    expect(first!.diagnostics.map((d) => d.code)).toEqual(['x12.transaction.2']);
    expect(second!.diagnostics).toEqual([]);
  });

  it('checks ST01, ST02 and its uniqueness, SE01 and SE02', () => {
    const text = `${isa()}${gs()}ST*85*0001~SE*2*0001~ST*850*01~SE*2*01~${set('0003')}${set('0003')}${set('0005', ['BEG'], 9)}ST*850*0006~SE*2*0007~GE*6*1~IEA*1*000000001~`;
    expect(codes(read(text))).toEqual([
      'x12.transaction.6',
      'x12.transaction.7',
      'x12.transaction.23',
      'x12.transaction.4',
      'x12.transaction.3',
    ]);
  });

  it('checks the group trailer, GS06 syntax and uniqueness', () => {
    const text = `${isa()}${gs(7)}${set('0001')}GE*2*8~GS*PO*S*R*20260301*1200*7*X*004010~GE*0*7~GS*P*S*R*2026*12*A*X*~GE*0*A~IEA*3*000000001~`;
    expect(codes(read(text))).toEqual([
      'x12.group.5',
      'x12.group.4',
      'x12.group.19',
      'x12.group.1',
      'x12.group.6',
      'x12.group.2',
      '~x12.deviation.gs_date',
      '~x12.deviation.gs_time',
    ]);
  });

  it('closes everything open at the end of input and at an ISA that arrives before IEA', () => {
    const text = `${isa(1)}${gs()}ST*850*0001~BEG*00~${isa(2)}${gs()}${set('0001')}GE*1*1~IEA*1*000000002~`;
    const events = read(text);
    expect(kinds(events)).toEqual([
      'interchange-start',
      'group-start',
      'set 0001',
      'group-end',
      'interchange-end',
      'interchange-start',
      'group-start',
      'set 0001',
      'group-end',
      'interchange-end',
    ]);
    expect(codes(events)).toEqual(['x12.transaction.2', 'x12.group.3', 'x12.interchange.023']);
    expect(codes(read(`${isa()}${gs()}${set('0001')}`))).toEqual(['x12.group.3', 'x12.interchange.023']);
  });

  it('reports segments outside a set or group as error events, one per run, and reads on', () => {
    const text = `${isa()}ISB*1~TA1*000000009*260301*1200*A*000~${gs()}HL*1~NM1*X~${set('0001')}GE*1*1~REF*X~IEA*1*000000001~`;
    const events = read(text);
    const errors = events.filter((e) => e.kind === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        diagnostics: [expect.objectContaining({ code: 'x12.segment.2', segment: 'HL' })],
      }),
      expect.objectContaining({
        diagnostics: [expect.objectContaining({ code: 'x12.interchange.024', segment: 'REF' })],
      }),
    ]);
    expect(errors[0]).toHaveProperty('group');
    expect(errors[1]).not.toHaveProperty('group');
    const end = events.at(-1)!;
    expect(end.kind === 'interchange-end' && end.controlSegments.map((s) => s.tag)).toEqual(['ISB', 'TA1']);
    expect(events.filter((e) => e.kind === 'transaction')).toHaveLength(1);
  });

  it('reports text outside interchanges, and input that holds none', () => {
    const one = `${isa(1)}${gs()}${set('0001')}GE*1*1~IEA*1*000000001~`;
    const events = read(
      `junk before\n${one}\nthis is not x12\n${one.replace('000000001', '000000002').replace('000000001', '000000002')}`,
    );
    expect(kinds(events).filter((k) => k === 'error')).toHaveLength(2);
    expect(events[0]).toMatchObject({
      kind: 'error',
      offset: 0,
      diagnostics: [{ code: 'x12.interchange.022' }],
    });
    expect(events.filter((e) => e.kind === 'transaction')).toHaveLength(2);
    expect(codes(read(''))).toEqual(['x12.interchange.022']);
    expect(codes(read(' \r\n\t'))).toEqual(['x12.interchange.022']);
  });

  it('warns about blank lines, trailing blanks, line breaks and empty segments once per envelope', () => {
    const body = ['BEG*00*SA*PO1  ', 'REF*DP*\n038', 'REF*ZZ*1 '];
    const text = `${isa()}\n\n${gs()}ST*850*0001~${body.join('~')}~~SE*5*0001~GE*1*1~IEA*1*000000001~`;
    const events = read(text);
    expect(codes(events)).toEqual([
      '~x12.deviation.trailing_whitespace',
      '~x12.deviation.line_break_in_segment',
      '~x12.deviation.empty_segment',
      '~x12.deviation.blank_line',
    ]);
    const set1 = events.find((e) => e.kind === 'transaction');
    expect(set1?.kind === 'transaction' && set1.set.segments.map((s) => s.elements.at(-1))).toEqual([
      '0001',
      'PO1',
      '038',
      '1',
      '0001',
    ]);
  });

  it('stops at a segment longer than maxSegmentBytes instead of buffering it', () => {
    const text = `${isa()}${gs()}ST*850*0001~NTE*${'x'.repeat(5000)}~SE*3*0001~GE*1*1~IEA*1*000000001~`;
    const events = [...readX12Sync(text, { maxSegmentBytes: 1000 })];
    expect(codes(events)).toEqual(['x12.transaction.2', 'x12.group.3', 'x12.interchange.004']);
  });

  it('decodes UTF-8 values, reads other bytes as Windows-1252 and says so, and counts offsets in bytes', () => {
    const text = `${isa()}${gs()}${set('0001', ['N1*ST*Zürich – Nord', 'N3*Straße'])}GE*1*1~IEA*1*000000001~`;
    const sets = read(text).flatMap((e) => (e.kind === 'transaction' ? [e.set] : []));
    expect(sets[0]!.segments[1]!.elements[2]).toBe('Zürich – Nord');
    const bytes = Buffer.from(text, 'utf8');
    const n3 = sets[0]!.segments[2]!;
    expect(bytes.subarray(n3.offset, n3.offset + 3).toString()).toBe('N3*');
    const latin1 = Buffer.from(text.replace('Zürich – Nord', 'Z\u00fcrich'), 'latin1');
    const fromLatin1 = [...readX12Sync(latin1)].flatMap((e) => (e.kind === 'transaction' ? [e.set] : []));
    expect(fromLatin1[0]!.segments[1]!.elements[2]).toBe('Zürich');
    expect(fromLatin1[0]!.diagnostics.map((d) => [d.code, d.segment, d.element])).toEqual([
      ['x12.deviation.not_utf8', 'N1', 2],
      ['x12.deviation.not_utf8', 'N3', 1],
    ]);
    expect(sets[0]!.diagnostics).toEqual([]);
  });
});
