import { describe, expect, it } from 'vitest';
import type { OrderMappingFile } from '../../src/mapping/order-mapping.schema.ts';
import { resolveOrderMapping } from '../../src/mapping/resolve-order-mapping.ts';
import { buildSet, counterIds } from './fixtures/build-set.ts';
import { mapPurchaseOrderChange } from './map-860.ts';

const BCH = 'BCH*04*SA*PO-1*R2*3*20260115**C-7';

function map(segments: string[], options: { mapping?: Partial<OrderMappingFile>; version?: string } = {}) {
  const mapping = resolveOrderMapping({ document: '860', version: 1, ...options.mapping });
  const set = buildSet(segments, { type: '860', version: options.version, component: ':' });
  return mapPurchaseOrderChange(set, mapping, { partnerId: 'acme', messageId: 'msg-1', newId: counterIds() });
}

describe('860 BCH', () => {
  it('maps purpose, type, PO number, release, change sequence, PO date and contract', () => {
    const { order, diagnostics } = map([BCH, 'POC*1*QI*12*2*EA*1.50**VN*V-1']);
    expect(diagnostics).toEqual([]);
    expect(order).toMatchObject({
      poNumber: 'PO-1',
      poDate: '2026-01-15',
      purpose: 'replace',
      orderType: 'stand_alone',
      references: { release: 'R2', changeSequence: '3', contract: 'C-7' },
    });
  });

  it('maps BCH01 01 to a cancellation that needs no lines', () => {
    const { order, diagnostics } = map(['BCH*01*SA*PO-1***20260115']);
    expect(diagnostics).toEqual([]);
    expect(order).toMatchObject({ purpose: 'cancel', lines: [] });
  });

  it('rejects a change without POC lines (the canonical order needs lines) and an unmapped purpose', () => {
    expect(map(['BCH*04*SA*PO-1***20260115']).diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'x12.mapping.no_lines' }),
    ]);
    expect(map(['BCH*07*SA*PO-1***20260115', 'POC*1*AI*1*1*EA']).diagnostics).toEqual([
      expect.objectContaining({ code: 'x12.element.7', segment: 'BCH', element: 1 }),
    ]);
  });

  it('reports a missing BCH06 date as x12.element.1', () => {
    expect(map(['BCH*04*SA*PO-1', 'POC*1*AI*1*1*EA']).diagnostics).toEqual([
      expect.objectContaining({ code: 'x12.element.1', segment: 'BCH', segmentPosition: 2, element: 6 }),
    ]);
  });
});

describe('860 POC', () => {
  it('maps every POC02 change type of the default table', () => {
    const table = {
      AI: 'add',
      DI: 'delete',
      QI: 'quantity_increase',
      QD: 'quantity_decrease',
      PC: 'price_change',
    };
    const more = { CA: 'change', CT: 'change', RZ: 'replace' };
    const entries = Object.entries({ ...table, ...more });
    const { order } = map([BCH, ...entries.map(([code], index) => `POC*${index + 1}*${code}*1*1*EA`)]);
    expect(order?.lines.map((line) => line.change)).toEqual(entries.map(([, change]) => change));
  });

  it('leaves change unset for NC (no change) and rejects an unmapped change type', () => {
    expect(map([BCH, 'POC*1*NC*5*5*EA']).order?.lines[0]?.change).toBeUndefined();
    expect(map([BCH, 'POC*1*XX*5*5*EA']).diagnostics).toEqual([
      expect.objectContaining({ code: 'x12.element.7', segment: 'POC', element: 2 }),
    ]);
    const partner = map([BCH, 'POC*1*XX*5*5*EA'], { mapping: { codes: { change: { XX: 'change' } } } });
    expect(partner.order?.lines[0]?.change).toBe('change');
  });

  it('reads quantity POC03, the C001 unit in POC05, price POC06 and ID pairs from POC08', () => {
    const { order } = map([BCH, 'POC*1*PC*24*0*CA:1*4.75*PE*IN*B-1*VN*V-1*UP*012345678905'], {
      mapping: { codes: { uom: { CA: 'CS' } } },
    });
    expect(order?.lines[0]).toEqual({
      lineNumber: '1',
      quantity: '24',
      uom: 'CS',
      unitPrice: '4.75',
      items: { buyerItem: 'B-1', vendorItem: 'V-1', upc: '012345678905' },
      change: 'price_change',
    });
  });

  it('gives a deleted line without quantity a quantity of 0 and rejects other lines without one', () => {
    const deleted = map([BCH, 'POC*1*DI******IN*59123*VN*018100775285']);
    expect(deleted.diagnostics).toEqual([]);
    expect(deleted.order?.lines[0]).toMatchObject({ quantity: '0', uom: 'EA', change: 'delete' });
    expect(map([BCH, 'POC*1*QD']).diagnostics).toEqual([
      expect.objectContaining({ code: 'x12.mapping.quantity_missing', element: 3 }),
    ]);
  });

  it('maps POC loop segments like PO1 loop segments and checks CTT (005010)', () => {
    const result = map(
      [
        BCH,
        'POC*1*QI*10*2*EA*1**VN*V-1',
        'PID*F****WIDGET',
        'PO4*2*1*EA',
        'SDQ*EA*92*001*6*002*4',
        'DTM*002*20260301',
        'POC*2*AI*5*5*EA*2**VN*V-2',
        'CTT*2*15',
        'AMT*TT*20',
      ],
      { version: '005010' },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.order).toMatchObject({
      dates: { requestedDelivery: '2026-03-01' },
      lines: [
        {
          description: 'WIDGET',
          pack: { innerPack: '2', size: '1', uom: 'EA' },
          destinations: [
            { locationId: '001', quantity: '6' },
            { locationId: '002', quantity: '4' },
          ],
        },
        { lineNumber: '2', change: 'add' },
      ],
      totals: { lineCount: 2, quantity: '15', amount: '20' },
    });
  });

  it('repairs item ID pairs shifted into POC07', () => {
    const result = map([BCH, 'POC*1*QI*10*2*EA*1*VN*V-1']);
    expect(result.order?.lines[0]?.items).toEqual({ vendorItem: 'V-1' });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'x12.mapping.shifted_item_id', element: 7 }),
    ]);
  });
});
