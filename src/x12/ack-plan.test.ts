import { describe, expect, it } from 'vitest';
import { ackDocumentType, encodeAckInterchange } from './ack-encode.ts';
import { ackOptionsFor, mirrorDelimiters, planAcknowledgments } from './ack-plan.ts';
import { readX12Sync } from './reader.ts';
import { X12Collector, type X12Results } from './results.ts';

const isa = (version = '00401', ack = '0', rep = 'U') =>
  `ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *260301*1200*${rep}*${version}*000000001*${ack}*P*>~`;
const gs = (id: string, n: number, version = '004010', sender = 'BUYER') =>
  `GS*${id}*${sender}*SELLER*20260301*1200*${n}*X*${version}~`;
const set = (type: string, n: string) => `ST*${type}*${n}~BEG*00*SA*PO**20260301~SE*3*${n}~`;

function collect(text: string): X12Results {
  const collector = new X12Collector();
  for (const event of readX12Sync(text)) collector.add(event);
  return collector.results;
}

function counter() {
  const calls: string[] = [];
  let n = 100;
  return {
    calls,
    allocate: async (kind: string) => {
      calls.push(kind);
      return n++;
    },
  };
}

const NOW = new Date('2026-03-02T09:05:00Z');

describe('planAcknowledgments', () => {
  it('answers each group in one FA group per version and partner pair, addressed back', async () => {
    const text = `${isa()}${gs('PO', 1)}${set('850', '0001')}GE*1*1~${gs('PO', 2)}${set('850', '0001')}GE*1*2~${gs('PC', 3, '005010X999', 'OTHER')}${set('860', '0001')}GE*1*3~${gs('FA', 4)}ST*997*0001~AK1*IN*5~AK9*A*1*1*1~SE*4*0001~GE*1*4~IEA*4*000000001~`;
    const { calls, allocate } = counter();
    const [plan, ...rest] = await planAcknowledgments(collect(text), { now: NOW, allocate });
    expect(rest).toEqual([]);
    expect(calls).toEqual(['interchange', 'group', 'transaction', 'transaction', 'group', 'transaction']);
    expect(plan).toMatchObject({
      sender: { qualifier: 'ZZ', id: 'SELLER' },
      receiver: { qualifier: 'ZZ', id: 'BUYER' },
      controlNumber: 100,
      date: '20260302',
      time: '0905',
      version: '00501',
      usage: 'P',
      delimiters: { element: '*', segment: '~', component: '>', repetition: '^' },
    });
    expect(plan!.ta1).toBeUndefined();
    expect(
      plan!.groups.map((g) => [
        g.senderId,
        g.receiverId,
        g.controlNumber,
        g.version,
        g.acks.map((a) => [a.type, a.controlNumber, a.group.controlNumber]),
      ]),
    ).toEqual([
      [
        'SELLER',
        'BUYER',
        101,
        '004010',
        [
          ['997', '0102', '1'],
          ['997', '0103', '2'],
        ],
      ],
      ['SELLER', 'OTHER', 104, '005010X231A1', [['999', '0105', '3']]],
    ]);
    expect(ackDocumentType(plan!)).toBe('997');
  });

  it('honours the type, functional and ta1 options', async () => {
    const results = collect(`${isa()}${gs('PO', 1)}${set('850', '0001')}GE*1*1~IEA*1*000000001~`);
    const base = { now: NOW, allocate: counter().allocate };
    expect((await planAcknowledgments(results, { ...base, type: '999' }))[0]!.groups[0]!.acks[0]!.type).toBe(
      '999',
    );
    expect(await planAcknowledgments(results, { ...base, functional: false })).toEqual([]);
    const ta1Only = await planAcknowledgments(results, { ...base, functional: false, ta1: 'always' });
    expect(ta1Only[0]!.ta1).toEqual({
      controlNumber: '000000001',
      date: '260301',
      time: '1200',
      status: 'A',
      note: '000',
    });
    expect(ackDocumentType(ta1Only[0]!)).toBe('TA1');
    const asked = collect(`${isa('00401', '1')}${gs('PO', 1)}${set('850', '0001')}GE*1*1~IEA*1*000000001~`);
    expect((await planAcknowledgments(asked, base))[0]!.ta1?.status).toBe('A');
    expect((await planAcknowledgments(asked, { ...base, ta1: 'never' }))[0]!.ta1).toBeUndefined();
  });

  it('leaves out interchanges that need nothing (only acknowledgments in them)', async () => {
    const results = collect(
      `${isa()}${gs('FA', 1)}ST*997*0001~AK1*PO*5~AK9*A*1*1*1~SE*4*0001~GE*1*1~IEA*1*000000001~`,
    );
    expect(await planAcknowledgments(results, { now: NOW, allocate: counter().allocate })).toEqual([]);
  });
});

describe('mirrorDelimiters', () => {
  it('keeps the inbound delimiters and adds what the ack version needs', () => {
    expect(mirrorDelimiters({ element: '|', segment: '\n', component: ':' }, '00401')).toEqual({
      element: '|',
      segment: '\n',
      component: ':',
    });
    expect(mirrorDelimiters({ element: '^', segment: '~', component: '' }, '00501')).toEqual({
      element: '^',
      segment: '~',
      component: '>',
      repetition: '|',
    });
    expect(mirrorDelimiters({ element: '*', segment: 'G', component: '>' }, '00401')).toEqual({
      element: '*',
      segment: '~',
      component: '>',
    });
  });

  it('never answers with a line break or a delimiter already in use as ISA16 or ISA11', () => {
    // a damaged ISA whose ISA16 became CR before its LF terminator (found by test/x12-fuzz.test.ts)
    expect(mirrorDelimiters({ element: '*', segment: '\n', component: '\r' }, '00401')).toEqual({
      element: '*',
      segment: '\n',
      component: '>',
    });
    expect(
      mirrorDelimiters({ element: '*', segment: '~', component: '*', repetition: '~' }, '00501'),
    ).toEqual({ element: '*', segment: '~', component: '>', repetition: '^' });
  });
});

describe('encodeAckInterchange', () => {
  it('writes 005010 elements only in 005010 and element positions as C030 composites', async () => {
    const results = collect(
      `${isa('00501', '0', '^')}${gs('HC', 9, '005010X222A1')}ST*837*0001*005010X222A1~BEG*00~SE*3*0001~GE*1*9~IEA*1*000000001~`,
    );
    const t = results.interchanges[0]!.groups[0]!.transactions[0]!;
    t.diagnostics.push({
      severity: 'error',
      code: 'x12.element.6',
      message: 'bad',
      transaction: '0001',
      segment: 'BEG',
      segmentPosition: 2,
      element: 1,
      component: 1,
    });
    const [plan] = await planAcknowledgments(results, {
      now: NOW,
      allocate: counter().allocate,
      context: () => ({ name: 'BEG03', reference: 'PO*1' }),
    });
    const lines = encodeAckInterchange(plan!, { newline: true }).split('\n');
    expect(lines.slice(2, 10)).toEqual([
      'ST*999*0102*005010X231A1~',
      'AK1*HC*9*005010X222A1~',
      'AK2*837*0001*005010X222A1~',
      'IK3*BEG*2**8~',
      'CTX*BEG03>PO 1~',
      'IK4*1>1**6*00~',
      'IK5*R*5~',
      'AK9*R*1*1*0~',
    ]);
    const [as997] = await planAcknowledgments(results, {
      now: NOW,
      allocate: counter().allocate,
      type: '997',
    });
    expect(encodeAckInterchange(as997!)).toContain(
      '~AK1*HC*9*005010X222A1~AK2*837*0001*005010X222A1~AK3*BEG*2**8~AK4*1>1**6*00~AK5*R*5~',
    );
    const old = collect(`${isa()}${gs('PO', 1)}ST*850*0001~BEG*00~SE*3*0001~GE*1*1~IEA*1*000000001~`);
    old.interchanges[0]!.groups[0]!.transactions[0]!.diagnostics.push({
      severity: 'error',
      code: 'x12.element.1',
      message: 'x',
      segment: 'BEG',
      segmentPosition: 2,
      element: 2,
    });
    const [plan4010] = await planAcknowledgments(old, { now: NOW, allocate: counter().allocate });
    expect(encodeAckInterchange(plan4010!)).toContain(
      '~ST*997*0102~AK1*PO*1~AK2*850*0001~AK3*BEG*2**8~AK4*2**1~AK5*R*5~AK9*R*1*1*0~',
    );
  });
});

describe('ackOptionsFor (the partner setting)', () => {
  const text = `${isa('00501')}${gs('PO', 1)}${set('850', '0001')}GE*1*1~${gs('PO', 2, '005010X999')}${set('850', '0001')}GE*1*2~IEA*2*000000001~`;
  const types = async (setting: '997' | '999' | 'none') => {
    const plans = await planAcknowledgments(collect(text), {
      now: NOW,
      allocate: counter().allocate,
      ...ackOptionsFor(setting),
    });
    return plans.flatMap((p) => p.groups.flatMap((g) => g.acks.map((a) => a.type)));
  };

  it('997 (the default) still answers a 005010X group with the 999 its guide requires', async () => {
    expect(await types('997')).toEqual(['997', '999']);
  });

  it('999 answers every group with a 999; none with no functional acknowledgment', async () => {
    expect(await types('999')).toEqual(['999', '999']);
    expect(await types('none')).toEqual([]);
  });
});
