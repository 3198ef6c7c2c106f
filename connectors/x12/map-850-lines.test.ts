import { describe, expect, it } from 'vitest';
import type { OrderMappingFile } from '../../src/mapping/order-mapping.schema.ts';
import { resolveOrderMapping } from '../../src/mapping/resolve-order-mapping.ts';
import { buildSet, counterIds } from './fixtures/build-set.ts';
import { mapPurchaseOrder } from './map-850.ts';

const BEG = 'BEG*00*SA*PO-1**20260115';

function map(segments: string[], mapping: Partial<OrderMappingFile> = {}, version = '004010') {
  const resolved = resolveOrderMapping({ document: '850', version: 1, ...mapping });
  return mapPurchaseOrder(buildSet([BEG, ...segments], { version }), resolved, {
    partnerId: 'acme',
    messageId: 'msg-1',
    newId: counterIds(),
  });
}

const summary = (result: ReturnType<typeof map>) =>
  result.diagnostics.map((d) => [d.code, d.segment, d.element]);

describe('850 PO1 item IDs', () => {
  it('reads all ten qualifier/ID pairs, PO106/107 to PO124/125', () => {
    const pairs = ['UP*012345678905', 'UK*00012345678905', 'EN*4006381333931', 'BP*B-1', 'VN*V-1'];
    const more = ['SK*S-1', 'ZZ*Z1', 'ZY*Z2', 'ZX*Z3', 'ZW*Z4'];
    const result = map([`PO1*1*1*EA*1**${[...pairs, ...more].join('*')}`]);
    expect(result.order?.lines[0]?.items).toEqual({
      upc: '012345678905',
      gtin: '00012345678905',
      ean: '4006381333931',
      buyerItem: 'B-1',
      vendorItem: 'V-1',
      sku: 'S-1',
    });
    expect(summary(result)).toEqual([18, 20, 22, 24].map((n) => ['x12.unmapped_element', 'PO1', n]));
  });

  it('keeps the preferred qualifier when several map to one field (partner prefers VP over VN)', () => {
    const line = 'PO1*1*1*EA*1**VN*FROM-VN*VP*FROM-VP';
    expect(map([line]).order?.lines[0]?.items).toEqual({ vendorItem: 'FROM-VN' });
    const partner = map([line], { items: { vendorItem: ['VP', 'VN'] } });
    expect(partner.order?.lines[0]?.items).toEqual({ vendorItem: 'FROM-VP' });
    expect(partner.diagnostics).toEqual([
      expect.objectContaining({
        code: 'x12.unmapped_element',
        element: 6,
        message: 'PO1 item ID VN "FROM-VN" not used: vendorItem was taken from another qualifier',
      }),
    ]);
  });

  it('reports a qualifier without ID, or an ID without qualifier, as x12.element.2', () => {
    expect(summary(map(['PO1*1*1*EA*1**VN**SK*S-1']))).toEqual([['x12.element.2', 'PO1', 7]]);
    expect(summary(map(['PO1*1*1*EA*1***V-1']))).toEqual([['x12.element.2', 'PO1', 6]]);
  });

  it('repairs a pair shifted into PO105 with a warning (ballerina corpus file)', () => {
    const result = map(['PO1*1*10*EA*25.00*BP*SKU-A']);
    expect(result.order?.lines[0]).toMatchObject({ unitPrice: '25.00', items: { buyerItem: 'SKU-A' } });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'x12.mapping.shifted_item_id', element: 5 }),
    ]);
    const two = map(['PO1*1*10*EA*25.00*BP*SKU-A*UP*012345678905']);
    expect(two.order?.lines[0]?.items).toEqual({ buyerItem: 'SKU-A', upc: '012345678905' });
  });

  it('does not shift when PO105 is a basis code the mapping does not know as a qualifier', () => {
    expect(map(['PO1*1*10*EA*25.00*PE*VN*V-1']).diagnostics).toEqual([]);
  });
});

describe('850 PO1 quantities, units and numbers', () => {
  it('strips leading zeros and keeps price decimals (stedi 005010 file sends 0008)', () => {
    const { order } = map(['PO1*item-1*0008*EA*0400.50**SK*A', 'PO1*item-2*.5*EA*125.**SK*B'], {}, '005010');
    expect(order?.lines.map((l) => [l.lineNumber, l.quantity, l.unitPrice])).toEqual([
      ['item-1', '8', '400.50'],
      ['item-2', '0.5', '125'],
    ]);
    expect(order?.totals).toEqual({ lineCount: 2, quantity: '8.5', amount: '3266.5' });
  });

  it('reports invalid, negative and missing quantities', () => {
    expect(summary(map(['PO1*1*1O*EA*1**SK*A']))).toEqual([['x12.element.6', 'PO1', 2]]);
    expect(summary(map(['PO1*1*-2*EA*1**SK*A']))).toEqual([['x12.mapping.negative_quantity', 'PO1', 2]]);
    expect(summary(map(['PO1*1**EA*1**SK*A']))).toEqual([['x12.mapping.quantity_missing', 'PO1', 2]]);
  });

  it('numbers lines without PO101 by position, skipping numbers in use, with a warning', () => {
    const result = map(['PO1**1*EA', 'PO1*1*1*EA', 'PO1**1*EA']);
    expect(result.order?.lines.map((l) => l.lineNumber)).toEqual(['2', '1', '3']);
    expect(summary(result)).toEqual([
      ['x12.mapping.line_number_assigned', 'PO1', 1],
      ['x12.mapping.line_number_assigned', 'PO1', 1],
    ]);
  });

  it('rejects a line number used twice', () => {
    const result = map(['PO1*1*1*EA', 'PO1*1*2*EA']);
    expect(result.order).toBeUndefined();
    expect(summary(result)).toEqual([['x12.mapping.duplicate_line_number', 'PO1', 1]]);
  });

  it('translates units through codes.uom and defaults a missing one with a warning', () => {
    const mapping = { codes: { uom: { CA: 'CS' } }, defaults: { uom: 'PC' } };
    const result = map(['PO1*1*2*CA*1', 'PO1*2*3**1', 'PO4*12*1*CA'], mapping);
    expect(result.order?.lines.map((l) => l.uom)).toEqual(['CS', 'PC']);
    expect(result.order?.lines[1]?.pack).toEqual({ innerPack: '12', size: '1', uom: 'CS' });
    expect(summary(result)).toEqual([['x12.mapping.default_uom', 'PO1', 3]]);
  });
});

describe('850 PO1 loop segments', () => {
  it('maps PID descriptions and PO4 pack', () => {
    const { order } = map(['PO1*1*4*EA*1', 'PID*F****SMALL', 'PID*F****WIDGET', 'PO4*4*2*EA']);
    expect(order?.lines[0]).toMatchObject({
      description: 'SMALL WIDGET',
      pack: { innerPack: '4', size: '2', uom: 'EA' },
    });
  });

  it('collects SDQ pairs of several SDQ segments as destinations and checks their total', () => {
    const ok = map(['PO1*1*10*EA*1', 'SDQ*EA*92*0001*4*0002*3', 'SDQ*EA*92*0003*3']);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.order?.lines[0]?.destinations).toEqual([
      { locationId: '0001', quantity: '4' },
      { locationId: '0002', quantity: '3' },
      { locationId: '0003', quantity: '3' },
    ]);
    expect(summary(map(['PO1*1*10*EA*1', 'SDQ*EA*92*0001*4']))).toEqual([
      ['x12.mapping.destination_quantity', 'PO1', undefined],
    ]);
    expect(summary(map(['PO1*1*10*EA*1', 'SDQ*EA*92*0001']))).toEqual([['x12.element.2', 'SDQ', 4]]);
  });

  it('lifts line dates the header lacks and notes line dates that differ', () => {
    const { order, diagnostics } = map([
      'DTM*010*20260201',
      'PO1*1*1*EA*1',
      'DTM*002*20260210',
      'PO1*2*1*EA*1',
      'DTM*002*20260211',
      'DTM*010*20260201',
    ]);
    expect(diagnostics).toEqual([]);
    expect(order?.dates).toEqual({ requestedShip: '2026-02-01', requestedDelivery: '2026-02-10' });
    expect(order?.notes).toEqual(['Line 2: requested delivery date 2026-02-11']);
  });

  it('turns line REF, N9/MSG, NTE and SAC into notes prefixed with the line number', () => {
    const { order } = map([
      'PO1*7*1*EA*1',
      'REF*EU*110780',
      'SAC*A*C310***500',
      'N9*ZZ*Detail text',
      'MSG*MODEL NO. 5',
      'NTE*LIN*FRAGILE',
    ]);
    expect(order?.notes).toEqual([
      'Line 7: EU 110780',
      'Line 7: Allowance C310 amount 5.00',
      'Line 7: ZZ Detail text',
      'Line 7: MODEL NO. 5',
      'Line 7: FRAGILE',
    ]);
  });

  it('rejects a line priced in another currency and accepts the same one', () => {
    expect(summary(map(['CUR*BY*USD', 'PO1*1*1*EA*1', 'CUR*ST*USD']))).toEqual([]);
    expect(summary(map(['PO1*1*1*EA*1', 'CUR*ST*EUR']))).toEqual([['x12.mapping.line_currency', 'CUR', 2]]);
  });

  it('reports a line-level N1 loop as one unmapped warning and other line segments one by one', () => {
    const result = map(['PO1*1*1*EA*1', 'N1*ST*SHIP TO', 'N3*1 MAIN', 'N4*X*Y*1', 'MEA*PD*WT*2', 'AMT*1*1']);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'N1 loop ST (with N3, N4) in line 1 not used: lines carry no parties',
      'MEA in a PO1 loop has no place in the order',
      'AMT in a PO1 loop has no place in the order',
    ]);
  });
});

describe('850 CTT and AMT', () => {
  const lines = ['PO1*1*5*EA*5.09', 'PO1*2*12*EA*63.11'];

  it('accepts matching control totals written differently ("17.00")', () => {
    const result = map([...lines, 'CTT*000002*17.00', 'AMT*TT*782.77']);
    expect(result.diagnostics).toEqual([]);
    expect(result.order?.totals).toEqual({ lineCount: 2, quantity: '17', amount: '782.77' });
  });

  it('rejects a wrong line count or hash total by default', () => {
    const result = map([...lines, 'CTT*3*18']);
    expect(result.order).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.segment, d.element])).toEqual([
      ['error', 'x12.mapping.line_count', 'CTT', 1],
      ['error', 'x12.mapping.hash_total', 'CTT', 2],
    ]);
  });

  it('lets the mapping downgrade or switch off the control total checks', () => {
    const warned = map([...lines, 'CTT*3*18'], { checks: { lineCount: 'warning', hashTotal: 'off' } });
    expect(warned.order).toBeDefined();
    expect(warned.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'x12.mapping.line_count'],
    ]);
  });

  it('warns when AMT*TT differs from the computed total and keeps the sent amount', () => {
    const result = map([...lines, 'CTT*2', 'AMT*TT*800']);
    expect(result.order?.totals.amount).toBe('800');
    expect(summary(result)).toEqual([['x12.mapping.amount_total', 'AMT', 2]]);
  });

  it('leaves the amount out when a line has no price and no AMT*TT was sent', () => {
    expect(map(['PO1*1*5*EA']).order?.totals).toEqual({ lineCount: 1, quantity: '5' });
  });
});

describe('850 path-expression overrides', () => {
  it('takes header and line values from the expressions, after the tables', () => {
    const overrides = [
      { target: 'references.store', source: 'N1[01=ST].04' },
      { target: 'lines.items.sku', source: 'PO1[06=IZ].07' },
      { target: 'lines.description', source: 'MSG.01' },
      { target: 'dates.cancelAfter', source: 'REF[01=CX].02' },
    ];
    const { order } = map(
      [
        'N1*ST*STORE*92*0042',
        'REF*CX*20260401',
        'PO1*1*1*EA*1**IZ*SIZE-9',
        'PID*F****FROM PID',
        'MSG*FROM MSG',
      ],
      { overrides },
    );
    expect(order?.references.store).toBe('0042');
    expect(order?.dates.cancelAfter).toBe('2026-04-01');
    expect(order?.lines[0]).toMatchObject({ description: 'FROM MSG', items: { sku: 'SIZE-9' } });
  });

  it('reports an override date that is not a date as x12.element.8', () => {
    const result = map(['REF*CX*SOON', 'PO1*1*1*EA*1'], {
      overrides: [{ target: 'dates.cancelAfter', source: 'REF[01=CX].02' }],
    });
    expect(summary(result)).toEqual([['x12.element.8', 'REF', 2]]);
  });

  it('returns diagnostics instead of an order that would not pass the canonical schema', () => {
    const result = map(['PO1*1*1*CA*1'], { codes: { uom: { CA: ' ' } } });
    expect(result.order).toBeUndefined();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'x12.mapping.invalid_order' }),
    ]);
  });
});
