import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { ErrorCode } from '../core/error-codes.ts';
import {
  chooseAckType,
  functionalAck,
  interchangeAck,
  transactionResponse,
  transactionStatus,
} from './ack-build.ts';
import { readX12Sync } from './reader.ts';
import { X12Collector, type X12Results } from './results.ts';

const ISA =
  'ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *260301*1200*U*00401*000000001*0*P*>~';
const GS = 'GS*PO*BUYER*SELLER*20260301*1200*5*X*004010~';
const SET = (n: string) =>
  `ST*850*${n}~BEG*00*SA*PO-${n}**20260301~PO1*1*12*EA*4.75**UP*012345678905>X~SE*4*${n}~`;

function collect(text: string): X12Results {
  const collector = new X12Collector();
  for (const event of readX12Sync(text)) collector.add(event);
  return collector.results;
}

const twoSets = () => collect(`${ISA}${GS}${SET('0001')}${SET('0002')}GE*2*5~IEA*1*000000001~`);
const mapping = (
  severity: Diagnostic['severity'],
  code: ErrorCode,
  extra: Partial<Diagnostic> = {},
): Diagnostic => ({
  severity,
  code,
  message: 'from the mapper',
  transaction: '0001',
  ...extra,
});

describe('transactionResponse (AK2…AK5)', () => {
  it('accepts a clean set with no codes', () => {
    const [t] = twoSets().interchanges[0]!.groups[0]!.transactions;
    expect(transactionResponse(t!)).toEqual({
      type: '850',
      controlNumber: '0001',
      status: 'A',
      codes: [],
      segments: [],
    });
  });

  it('turns element errors into AK3 "8" + AK4 with a copy of the bad component', () => {
    const [t] = twoSets().interchanges[0]!.groups[0]!.transactions;
    t!.diagnostics.push(
      mapping('error', 'x12.element.7', { segment: 'PO1', segmentPosition: 3, element: 7, component: 2 }),
    );
    t!.diagnostics.push(
      mapping('error', 'x12.element.1', { segment: 'PO1', segmentPosition: 3, element: 2 }),
    );
    expect(transactionResponse(t!)).toMatchObject({
      status: 'R',
      codes: ['5'],
      segments: [
        {
          segmentId: 'PO1',
          position: 3,
          code: '8',
          elements: [
            { position: 7, component: 2, code: '7', badData: 'X' },
            { position: 2, code: '1', badData: '12' },
          ],
        },
      ],
    });
  });

  it('accepts with errors noted (E) when the only findings in the convention are warnings', () => {
    const [t] = twoSets().interchanges[0]!.groups[0]!.transactions;
    t!.diagnostics.push(
      mapping('warning', 'x12.element.5', { segment: 'BEG', segmentPosition: 2, element: 3 }),
    );
    t!.diagnostics.push(mapping('warning', 'x12.deviation.trailing_whitespace'));
    expect(transactionResponse(t!)).toMatchObject({
      status: 'E',
      codes: ['5'],
      segments: [{ segmentId: 'BEG', code: '8' }],
    });
  });

  it('rejects on a mapping error outside the convention with AK5 "5", and keeps envelope codes first', () => {
    const [t] = collect(`${ISA}${GS}ST*850*0001~BEG*00~SE*9*0001~GE*1*5~IEA*1*000000001~`).interchanges[0]!
      .groups[0]!.transactions;
    t!.diagnostics.push(mapping('error', 'x12.mapping.quantity_missing'));
    expect(transactionResponse(t!)).toMatchObject({ status: 'R', codes: ['4', '5'], segments: [] });
  });

  it('keeps a segment-level code and caps AK5 codes at five', () => {
    const [t] = twoSets().interchanges[0]!.groups[0]!.transactions;
    t!.diagnostics.push(mapping('error', 'x12.segment.3', { segment: 'CTT', segmentPosition: 4 }));
    for (const code of ['2', '3', '4', '6', '7', '23'] as const)
      t!.diagnostics.push(mapping('error', `x12.transaction.${code}`));
    const response = transactionResponse(t!);
    expect(response.segments).toEqual([{ segmentId: 'CTT', position: 4, code: '3', elements: [] }]);
    expect(response.codes).toEqual(['2', '3', '4', '6', '7']);
  });
});

describe('functionalAck (AK1/AK9)', () => {
  it('is A, P or R as sets are accepted or rejected', () => {
    const results = twoSets();
    const group = results.interchanges[0]!.groups[0]!;
    expect(functionalAck(group, '997', '0001')).toMatchObject({
      group: { functionalId: 'PO', controlNumber: '5', version: '004010' },
      status: 'A',
      included: 2,
      received: 2,
      accepted: 2,
    });
    group.transactions[1]!.diagnostics.push(
      mapping('error', 'x12.mapping.no_lines', { transaction: '0002' }),
    );
    expect(functionalAck(group, '997', '0001')).toMatchObject({ status: 'P', accepted: 1 });
    group.transactions[0]!.diagnostics.push(mapping('error', 'x12.mapping.no_lines'));
    expect(functionalAck(group, '997', '0001')).toMatchObject({ status: 'R', accepted: 0 });
  });

  it('is R with the group codes, counting nothing as accepted, when the group envelope is wrong', () => {
    const group = collect(`${ISA}${GS}${SET('0001')}GE*3*6~IEA*1*000000001~`).interchanges[0]!.groups[0]!;
    expect(functionalAck(group, '999', '0001')).toMatchObject({
      status: 'R',
      included: 3,
      received: 1,
      accepted: 0,
      codes: ['5', '4'],
    });
  });

  it('is E when segments outside any set were skipped', () => {
    const group = collect(`${ISA}${GS}NTE*X~${SET('0001')}GE*1*5~IEA*1*000000001~`).interchanges[0]!
      .groups[0]!;
    expect(functionalAck(group, '997', '0001').status).toBe('E');
  });

  it('chooses a 999 for 005010X groups unless told otherwise', () => {
    const header = twoSets().interchanges[0]!.groups[0]!.header;
    expect(chooseAckType(header)).toBe('997');
    expect(chooseAckType({ ...header, version: '005010X222A1' })).toBe('999');
    expect(chooseAckType({ ...header, version: '005010X222A1' }, '997')).toBe('997');
    expect(chooseAckType(header, '999')).toBe('999');
  });
});

describe('interchangeAck (TA1) and transactionStatus', () => {
  it('is A 000, E for noted problems, R for interchange errors', () => {
    expect(interchangeAck(twoSets().interchanges[0]!)).toEqual({
      controlNumber: '000000001',
      date: '260301',
      time: '1200',
      status: 'A',
      note: '000',
    });
    const noted = collect(`${ISA}NTE*X~${GS}${SET('0001')}GE*1*5~IEA*1*000000001~`).interchanges[0]!;
    expect(interchangeAck(noted)).toMatchObject({ status: 'E', note: '024' });
    const rejected = collect(`${ISA}${GS}${SET('0001')}GE*1*5~IEA*2*000000009~`);
    const ic = rejected.interchanges[0]!;
    expect(interchangeAck(ic)).toMatchObject({ status: 'R', note: '021' });
    expect(transactionStatus(ic, ic.groups[0]!, ic.groups[0]!.transactions[0]!)).toBe('R');
    const fine = twoSets().interchanges[0]!;
    expect(transactionStatus(fine, fine.groups[0]!, fine.groups[0]!.transactions[0]!)).toBe('A');
  });
});
