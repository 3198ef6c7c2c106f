import { X12Interchange, X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import type { ChangeAcknowledgment } from '../../src/core/documents.ts';
import { readX12Sync } from '../../src/x12/reader.ts';
import { type ChangedOrder, type Encode865Input, encode865 } from './encode-865.ts';
import { wrapSet } from './fixtures/envelope.ts';

/** The live order after an 860 was applied: line 1 increased, 2 repriced, 3 added, 5 left as it was. */
const order: ChangedOrder = {
  poNumber: 'PO-7781',
  poDate: '2026-01-12',
  dates: { requestedShip: '2026-02-02' },
  parties: { shipTo: { name: 'STORE 118', idQualifier: '92', id: '0118' } },
  references: { department: '0420', release: 'R2', raw: [] },
  lines: [
    { lineNumber: '1', quantity: '20', uom: 'CA', unitPrice: '18.40', items: { upc: '012345678905' } },
    { lineNumber: '2', quantity: '30', uom: 'LB', unitPrice: '4.50', items: { vendorItem: 'V-2' } },
    { lineNumber: '3', quantity: '12', uom: 'EA', unitPrice: '2.00', items: { vendorItem: 'V-3' } },
    { lineNumber: '5', quantity: '6', uom: 'EA', unitPrice: '3.10', items: { vendorItem: 'V-5' } },
    { lineNumber: '6', quantity: '8', uom: 'EA', unitPrice: '7.25', items: { vendorItem: 'V-OLD' } },
  ],
};

const answer: ChangeAcknowledgment = {
  orderId: 'order-1',
  changeOrderId: 'order-2',
  status: 'accepted_with_changes',
  changeSequence: '3',
  erpOrderNumber: 'SO-448812',
  lines: [
    { lineNumber: '1', change: 'quantity_increase', status: 'accepted', quantity: '20' },
    { lineNumber: '2', change: 'price_change', status: 'accepted', quantity: '30', unitPrice: '4.50' },
    { lineNumber: '3', change: 'add', status: 'backordered', quantity: '12' },
    // deleted: the live order no longer has it
    { lineNumber: '4', change: 'delete', status: 'accepted', quantity: '0' },
    // a decrease refused: the line stays at 6
    { lineNumber: '5', change: 'quantity_decrease', status: 'rejected', quantity: '6', reason: 'packed' },
    // answered without a change of the buyer's: another item goes instead
    {
      lineNumber: '6',
      status: 'substituted',
      quantity: '8',
      items: { sku: 'SKU-NEW', gtin: '10012345678919' },
    },
  ],
};

const encode = (acknowledgment: ChangeAcknowledgment, version: Encode865Input['version'] = '004010') =>
  encode865({ acknowledgment, order, ackDate: '2026-01-20', version });

describe('encode865', () => {
  it('writes BCA, REF, DTM, the ship-to loop, POC/ACK pairs and CTT', () => {
    expect(encode(answer)).toEqual([
      // BCA-02 AC, BCA-04 release, BCA-05 change sequence, BCA-06 PO date, BCA-09 ERP number, BCA-10 ack date
      ['BCA', '00', 'AC', 'PO-7781', 'R2', '3', '20260112', '', '', 'SO-448812', '20260120'],
      ['REF', 'DP', '0420'],
      ['DTM', '068', '20260202'],
      ['N1', 'ST', 'STORE 118', '92', '0118'],
      ['POC', '1', 'QI', '20', '20', 'CA', '18.40', '', 'UP', '012345678905'],
      ['ACK', 'IA', '20', 'CA', '068', '20260202'],
      ['POC', '2', 'PC', '30', '30', 'LB', '4.50', '', 'VN', 'V-2'],
      ['ACK', 'IA', '30', 'LB', '068', '20260202'],
      ['POC', '3', 'AI', '12', '12', 'EA', '2.00', '', 'VN', 'V-3'],
      ['ACK', 'IB', '12', 'EA', '', ''],
      ['POC', '4', 'DI', '', '', '', ''],
      ['ACK', 'ID'],
      ['POC', '5', 'QD', '6', '6', 'EA', '3.10', '', 'VN', 'V-5'],
      ['ACK', 'IR', '', '', '', ''],
      ['POC', '6', 'NC', '8', '8', 'EA', '7.25', '', 'VN', 'V-OLD'],
      ['ACK', 'IS', '8', 'EA', '068', '20260202', '', 'VP', 'SKU-NEW', 'UK', '10012345678919'],
      // 20 + 30 + 12 + 6 + 8: the POC-03 quantities
      ['CTT', '6', '76'],
    ]);
  });

  it.each(['004010', '005010'] as const)(
    'parses in node-x12 strict mode, element by element (%s)',
    (version) => {
      const text = wrapSet('865', encode(answer, version), version);
      const parsed = new X12Parser(true).parse(text);
      expect(parsed).toBeInstanceOf(X12Interchange);
      const [group] = (parsed as X12Interchange).functionalGroups;
      // GS01 CA: Purchase Order Change Acknowledgment/Request - Seller Initiated (865)
      expect(group?.header.valueOf(1)).toBe('CA');
      const [set] = group!.transactions;
      expect(set!.header.valueOf(1)).toBe('865');
      expect(set!.trailer.valueOf(1)).toBe(String(set!.segments.length + 2));
      const bca = set!.segments.find((s) => s.tag === 'BCA')!;
      expect([1, 2, 3, 4, 5, 6, 9, 10].map((n) => bca.valueOf(n))).toEqual([
        '00',
        'AC',
        'PO-7781',
        'R2',
        '3',
        '20260112',
        'SO-448812',
        '20260120',
      ]);
      const pocs = set!.segments.filter((s) => s.tag === 'POC');
      expect(pocs.map((s) => [1, 2, 3, 4, 5, 6].map((n) => s.valueOf(n)))).toEqual([
        ['1', 'QI', '20', '20', 'CA', '18.40'],
        ['2', 'PC', '30', '30', 'LB', '4.50'],
        ['3', 'AI', '12', '12', 'EA', '2.00'],
        ['4', 'DI', null, null, null, null],
        ['5', 'QD', '6', '6', 'EA', '3.10'],
        ['6', 'NC', '8', '8', 'EA', '7.25'],
      ]);
      const acks = set!.segments.filter((s) => s.tag === 'ACK');
      expect(acks.map((s) => [1, 2, 3].map((n) => s.valueOf(n)))).toEqual([
        ['IA', '20', 'CA'],
        ['IA', '30', 'LB'],
        ['IB', '12', 'EA'],
        ['ID', null, null],
        ['IR', null, null],
        ['IS', '8', 'EA'],
      ]);
      expect([7, 8, 9, 10].map((n) => acks[5]!.valueOf(n))).toEqual([
        'VP',
        'SKU-NEW',
        'UK',
        '10012345678919',
      ]);
      // each POC is followed by its ACK (the ACK loop inside the POC loop)
      const tags = set!.segments.map((s) => s.tag).filter((tag) => tag === 'POC' || tag === 'ACK');
      expect(tags).toEqual(pocs.flatMap(() => ['POC', 'ACK']));
      const ctt = set!.segments.find((s) => s.tag === 'CTT')!;
      expect([ctt.valueOf(1), ctt.valueOf(2)]).toEqual(['6', '76']);
      // our own reader finds nothing wrong with it either
      const problems = [...readX12Sync(text)].flatMap((e) =>
        e.kind === 'transaction' ? e.set.diagnostics : [],
      );
      expect(problems).toEqual([]);
    },
  );

  it('says AD when every change is taken as asked, RD when every one is refused', () => {
    const taken = answer.lines.slice(0, 2);
    expect(encode({ ...answer, status: 'accepted', lines: taken })[0]![2]).toBe('AD');
    const refused = answer.lines.map((l) => ({ ...l, status: 'rejected' as const }));
    const body = encode({ ...answer, status: 'rejected', lines: refused });
    expect(body[0]![2]).toBe('RD');
    // nothing of the change is taken: no schedule date
    expect(body.some((s) => s[0] === 'DTM')).toBe(false);
  });

  it('answers a cancellation as a whole without POC detail: AK taken, RJ refused, no CTT', () => {
    const whole = { ...answer, changeSequence: undefined, erpOrderNumber: undefined, lines: [] };
    expect(encode({ ...whole, status: 'accepted' })).toEqual([
      ['BCA', '00', 'AK', 'PO-7781', 'R2', '', '20260112', '', '', '', '20260120'],
      ['REF', 'DP', '0420'],
      ['N1', 'ST', 'STORE 118', '92', '0118'],
    ]);
    expect(encode({ ...whole, status: 'rejected' })[0]![2]).toBe('RJ');
  });

  it('refuses a change acknowledgment that contradicts itself or the order', () => {
    const line =
      (
        l: ChangeAcknowledgment['lines'][number],
        status: ChangeAcknowledgment['status'] = 'accepted_with_changes',
      ) =>
      () =>
        encode({ ...answer, status, lines: [l] });
    const bad = [
      // a line the order does not have, neither refused nor deleted
      line({ lineNumber: '9', change: 'add', status: 'accepted', quantity: '1' }),
      // IA at another quantity than the order now holds, IP without its price, IS without the substitute
      line({ lineNumber: '1', change: 'quantity_increase', status: 'accepted', quantity: '15' }),
      line({ lineNumber: '2', change: 'price_change', status: 'price_changed', quantity: '30' }),
      line({ lineNumber: '6', status: 'substituted', quantity: '8' }),
      // AD with a backorder, RD with a line taken
      line({ lineNumber: '3', change: 'add', status: 'backordered', quantity: '12' }, 'accepted'),
      line({ lineNumber: '1', change: 'quantity_increase', status: 'accepted', quantity: '20' }, 'rejected'),
      () => encode({ ...answer, lines: [answer.lines[0]!, answer.lines[0]!] }),
      () => encode865({ acknowledgment: answer, order, ackDate: '2026-02-30', version: '004010' }),
    ];
    for (const attempt of bad) {
      expect(attempt).toThrow(expect.objectContaining({ code: 'x12.865.invalid' }));
    }
  });
});
