import { describe, expect, it } from 'vitest';
import { Order } from '../../src/core/order.ts';
import { defaultOrderMapping } from '../../src/mapping/default-order-mapping.ts';
import type { OrderMappingFile } from '../../src/mapping/order-mapping.schema.ts';
import { resolveOrderMapping } from '../../src/mapping/resolve-order-mapping.ts';
import { buildSet, counterIds } from './fixtures/build-set.ts';
import { mapPurchaseOrder } from './map-850.ts';

const BEG = 'BEG*00*SA*PO-1**20260115';
const LINE = 'PO1*1*10*EA*2.50**VN*V-1';

function map(segments: string[], options: { mapping?: Partial<OrderMappingFile>; version?: string } = {}) {
  const mapping = resolveOrderMapping({ document: '850', version: 1, ...options.mapping });
  const set = buildSet(segments, { version: options.version });
  return mapPurchaseOrder(set, mapping, { partnerId: 'acme', messageId: 'msg-1', newId: counterIds() });
}

function codes(result: ReturnType<typeof map>) {
  return result.diagnostics.map((d) => d.code);
}

describe('850 BEG', () => {
  it('maps purpose, order type, PO number, date, release and contract (004010)', () => {
    const { order, diagnostics } = map(['BEG*00*SA*PO-1*R7*20260115*C-9', LINE]);
    expect(diagnostics).toEqual([]);
    expect(order).toMatchObject({
      id: 'order-1',
      partnerId: 'acme',
      channel: 'x12',
      poNumber: 'PO-1',
      poDate: '2026-01-15',
      purpose: 'original',
      orderType: 'stand_alone',
      currency: 'USD',
      references: { release: 'R7', contract: 'C-9', raw: [] },
      source: {
        messageId: 'msg-1',
        control: { interchange: '000000001', group: '1', transaction: '0001' },
        sender: 'ZZ:SENDER',
        receiver: 'ZZ:RECEIVER',
      },
    });
    expect(() => Order.parse(order)).not.toThrow();
  });

  it('maps a 005010 purchase order the same way', () => {
    const { order } = map(['BEG*05*DS*PO-5**20260115', LINE], { version: '005010' });
    expect(order).toMatchObject({ purpose: 'replace', orderType: 'drop_ship', poNumber: 'PO-5' });
  });

  it('windows YYMMDD dates at 50 (pre-004010 BEG05)', () => {
    expect(map(['BEG*00*NE*P**490101', LINE]).order?.poDate).toBe('2049-01-01');
    expect(map(['BEG*00*NE*P**500101', LINE]).order?.poDate).toBe('1950-01-01');
  });

  it('passes an order type code the table does not know through unchanged', () => {
    expect(map(['BEG*00*ZZ*P**20260115', LINE]).order?.orderType).toBe('ZZ');
  });

  it('reports a missing PO number as x12.element.1 at BEG03 and returns no order', () => {
    const result = map(['BEG*00*SA***20260115', LINE]);
    expect(result.order).toBeUndefined();
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'x12.element.1',
        transaction: '0001',
        segment: 'BEG',
        segmentPosition: 2,
        element: 3,
      }),
    );
  });

  it('reports an impossible date as x12.element.8 and an unmapped purpose as x12.element.7', () => {
    const result = map(['BEG*99*SA*P**20260230', LINE]);
    expect(result.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'x12.element.7', segment: 'BEG', element: 1 }),
        expect.objectContaining({ code: 'x12.element.8', segment: 'BEG', element: 5 }),
      ]),
    );
  });

  it('reports a missing BEG as x12.segment.3 and a second one as x12.segment.5', () => {
    expect(map([LINE]).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'x12.segment.3', segment: 'BEG', severity: 'error' }),
    );
    expect(codes(map([BEG, BEG, LINE]))).toContain('x12.segment.5');
  });

  it('reports a missing PO1 loop as x12.segment.3 unless the order is cancelled', () => {
    expect(map([BEG]).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'x12.segment.3', segment: 'PO1' }),
    );
    const cancel = map(['BEG*01*SA*PO-1**20260115']);
    expect(cancel.order).toMatchObject({
      purpose: 'cancel',
      lines: [],
      totals: { lineCount: 0, quantity: '0' },
    });
  });

  it('draws an order id only for an order it returns', () => {
    const newId = counterIds();
    const ctx = { partnerId: 'acme', messageId: 'm', newId };
    const mapping = defaultOrderMapping('850');
    expect(mapPurchaseOrder(buildSet(['BEG*00*SA', LINE]), mapping, ctx).order).toBeUndefined();
    expect(mapPurchaseOrder(buildSet([BEG, LINE]), mapping, ctx).order?.id).toBe('order-1');
  });

  it('refuses a transaction set of another type', () => {
    const set = buildSet([BEG, LINE], { type: '855' });
    const result = mapPurchaseOrder(set, defaultOrderMapping('850'), {
      partnerId: 'acme',
      messageId: 'm',
      newId: counterIds(),
    });
    expect(result.order).toBeUndefined();
    expect(codes(result)).toEqual(['x12.mapping.wrong_document']);
  });
});

describe('850 header segments', () => {
  it('takes the currency from CUR02 and reports a code that is not ISO 4217', () => {
    expect(map([BEG, 'CUR*BY*CAD', LINE]).order?.currency).toBe('CAD');
    expect(map([BEG, LINE], { mapping: { defaults: { currency: 'EUR' } } }).order?.currency).toBe('EUR');
    expect(map([BEG, 'CUR*BY*usd', LINE]).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'x12.element.7', segment: 'CUR', element: 2 }),
    );
  });

  it('keeps every REF raw and names them by the preferred qualifier', () => {
    const { order } = map([BEG, 'REF*VR*V-77', 'REF*IA*1234', 'REF*DP**HOUSEWARES', 'REF*ZZ*X', LINE]);
    expect(order?.references).toEqual({
      vendorNumber: '1234',
      department: 'HOUSEWARES',
      raw: [
        { qualifier: 'VR', value: 'V-77' },
        { qualifier: 'IA', value: '1234' },
        { qualifier: 'DP', value: 'HOUSEWARES' },
        { qualifier: 'ZZ', value: 'X' },
      ],
    });
  });

  it('keeps a REF03 description beside a REF02 as a note and rejects a REF without either', () => {
    expect(map([BEG, 'REF*DP*100*HOUSEWARES', LINE]).order?.notes).toEqual(['DP 100: HOUSEWARES']);
    expect(map([BEG, 'REF*DP', LINE]).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'x12.element.2', segment: 'REF', element: 2 }),
    );
  });

  it('turns PER into a note, or into contact references when the mapping says so', () => {
    const per = 'PER*OC*Marvin Acme*TE*973-555-1212*EM*marvin@acme.example';
    expect(map([BEG, per, LINE]).order?.notes).toEqual([
      'Contact OC: Marvin Acme, TE 973-555-1212, EM marvin@acme.example',
    ]);
    expect(map([BEG, per, LINE], { mapping: { contacts: 'references' } }).order?.references).toMatchObject({
      contactName: 'Marvin Acme',
      contactPhone: '973-555-1212',
      contactEmail: 'marvin@acme.example',
    });
  });

  it('maps FOB, ITD terms and TD5 carrier details', () => {
    const { order, diagnostics } = map([
      BEG,
      'FOB*PP*OR*WAREHOUSE 4',
      'ITD*14*3*2**45**060*****2% 45 NET 60',
      'TD5*B*2*UPSN*M*GROUND',
      LINE,
    ]);
    expect(diagnostics).toEqual([]);
    expect(order?.references).toMatchObject({ fob: 'PP', fobLocation: 'WAREHOUSE 4' });
    expect(order?.terms).toEqual({
      discountPercent: '2',
      discountDays: 45,
      netDays: 60,
      description: '2% 45 NET 60',
    });
    expect(order?.carrier).toEqual({ scac: 'UPSN', method: 'M', routing: 'GROUND' });
  });

  it('reports a TD5 carrier ID that is not a SCAC, a second TD5 and a second ITD', () => {
    const result = map([BEG, 'ITD*01', 'ITD*02', 'TD5*A*92*P3**ROUTING GUIDE', 'TD5****M', LINE]);
    expect(result.order?.carrier).toEqual({ routing: 'ROUTING GUIDE' });
    expect(result.diagnostics.map((d) => [d.code, d.segment, d.element])).toEqual([
      ['x12.unmapped_segment', 'ITD', undefined],
      ['x12.unmapped_element', 'TD5', 3],
      ['x12.unmapped_segment', 'TD5', undefined],
    ]);
  });

  it('maps DTM qualifiers to order dates by preference and reports the rest', () => {
    const result = map([
      BEG,
      'DTM*106*20260301',
      'DTM*002*20260302',
      'DTM*010*260220',
      'DTM*007*20260101',
      LINE,
    ]);
    expect(result.order?.dates).toEqual({ requestedDelivery: '2026-03-02', requestedShip: '2026-02-20' });
    expect(result.diagnostics.map((d) => [d.code, d.segmentPosition])).toEqual([
      ['x12.unmapped_segment', 3],
      ['x12.unmapped_segment', 6],
    ]);
  });

  it('reports an invalid DTM date as x12.element.8', () => {
    expect(map([BEG, 'DTM*002*20261301', LINE]).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'x12.element.8', segment: 'DTM', element: 2, segmentPosition: 3 }),
    );
  });

  it('collects N9/MSG, NTE and SAC as notes', () => {
    const { order } = map([
      BEG,
      'SAC*C*D240***1500**3******REF1**FREIGHT',
      'N9*L1*GENERAL',
      'MSG*DELIVER TO DOCK 4',
      'NTE*GEN*CALL BEFORE DELIVERY',
      LINE,
    ]);
    expect(order?.notes).toEqual([
      'Charge D240 FREIGHT amount 15.00 3% ref REF1',
      'DELIVER TO DOCK 4',
      'CALL BEFORE DELIVERY',
    ]);
    expect(order?.references.raw).toEqual([{ qualifier: 'L1', value: 'GENERAL' }]);
  });

  it('reports segments it has no place for as warnings and still returns the order', () => {
    const result = map([BEG, 'CSH*SP', 'PKG*F*68***PALLETIZE', LINE, 'TXI*TX*1.00', 'CTT*1', 'ZZZ*1']);
    expect(result.order).toBeDefined();
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.segment])).toEqual([
      ['warning', 'x12.unmapped_segment', 'CSH'],
      ['warning', 'x12.unmapped_segment', 'PKG'],
      ['warning', 'x12.unmapped_segment', 'TXI'],
      ['warning', 'x12.unmapped_segment', 'ZZZ'],
    ]);
  });
});

describe('850 N1 loops', () => {
  const shipTo = [
    'N1*ST*STORE 12*92*0012',
    'N2*RECEIVING',
    'N3*1 MAIN ST*SUITE 2',
    'N4*PORTLAND*OR*97201*US',
  ];

  it('builds parties with addresses from N1/N2/N3/N4', () => {
    const { order } = map([BEG, ...shipTo, 'N1*BY*ACME BUYING', LINE]);
    expect(order?.parties).toEqual({
      shipTo: {
        name: 'STORE 12',
        idQualifier: '92',
        id: '0012',
        address: {
          lines: ['RECEIVING', '1 MAIN ST', 'SUITE 2'],
          city: 'PORTLAND',
          region: 'OR',
          postalCode: '97201',
          country: 'US',
        },
      },
      buyer: { name: 'ACME BUYING' },
    });
  });

  it('prefers qualifiers in mapping order and reports loops no role takes', () => {
    const result = map([BEG, 'N1*VN*VENDOR CO', 'N1*SU*SUPPLIER CO', 'N1*Z7*MARK FOR', 'N3*X', LINE]);
    expect(result.order?.parties).toEqual({ seller: { name: 'SUPPLIER CO' } });
    expect(result.diagnostics.map((d) => [d.segmentPosition, d.message])).toEqual([
      [3, 'N1 loop VN not used: seller was taken from another N1 loop'],
      [5, 'N1 loop Z7 (with N3) not used: no party role is mapped to it'],
    ]);
  });

  it('follows the partner mapping (N1*Z7 as mark-for)', () => {
    const { order, diagnostics } = map([BEG, 'N1*Z7*MARK FOR*92*77', LINE], {
      mapping: { parties: { markFor: ['Z7'] } },
    });
    expect(diagnostics).toEqual([]);
    expect(order?.parties.markFor).toEqual({ name: 'MARK FOR', idQualifier: '92', id: '77' });
  });

  it('keeps REF of a used loop raw and its PER as a labelled note', () => {
    // a REF after the loop's children still belongs to the loop (850 N1 loop position 350)
    const { order } = map([
      BEG,
      'REF*IA*9',
      'N1*ST*STORE',
      'REF*DP*200',
      'PER*IC*JO*TE*555',
      'REF*PD*X',
      LINE,
    ]);
    expect(order?.references).toMatchObject({
      vendorNumber: '9',
      raw: [
        { qualifier: 'IA', value: '9' },
        { qualifier: 'DP', value: '200' },
        { qualifier: 'PD', value: 'X' },
      ],
    });
    expect(order?.references.promotion).toBeUndefined();
    expect(order?.references.department).toBeUndefined();
    expect(order?.notes).toEqual(['Contact IC (shipTo STORE): JO, TE 555']);
  });
});
