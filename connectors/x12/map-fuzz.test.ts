import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Order } from '../../src/core/order.ts';
import { defaultOrderMapping } from '../../src/mapping/default-order-mapping.ts';
import { buildSet, counterIds } from './fixtures/build-set.ts';
import { mapPurchaseOrder } from './map-850.ts';
import { mapPurchaseOrderChange } from './map-860.ts';

const TAGS = [
  'BEG',
  'BCH',
  'CUR',
  'REF',
  'PER',
  'FOB',
  'ITD',
  'DTM',
  'TD5',
  'N9',
  'MSG',
  'NTE',
  'SAC',
  'N1',
  'N2',
];
const MORE_TAGS = ['N3', 'N4', 'PO1', 'POC', 'PID', 'PO4', 'SDQ', 'CTT', 'AMT', 'ZZZ'];
const VALUES = [
  '',
  '00',
  '01',
  '04',
  'SA',
  'ST',
  'VN',
  'BP',
  'CA',
  'DI',
  '002',
  '20260115',
  '070629',
  '0008',
  '-1',
  '.5',
  'X',
];

const segment = fc
  .tuple(fc.constantFrom(...TAGS, ...MORE_TAGS), fc.array(fc.constantFrom(...VALUES), { maxLength: 12 }))
  .map(([tag, elements]) => [tag, ...elements]);

describe('mapper robustness', () => {
  it('never throws, and an order it returns is one the canonical schema returns unchanged', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 25 }), fc.constantFrom('850', '860'), (noise, type) => {
        // a valid start in front of the noise, so that some runs get as far as building an order
        const start =
          type === '850'
            ? ['BEG*00*SA*P1**20260115', 'PO1*1*1*EA']
            : ['BCH*04*SA*P1***20260115', 'POC*1*AI*1'];
        const set = buildSet([...start, ...noise], { type });
        const ctx = { partnerId: 'fuzz', messageId: 'm', newId: counterIds() };
        const result =
          type === '850'
            ? mapPurchaseOrder(set, defaultOrderMapping('850'), ctx)
            : mapPurchaseOrderChange(set, defaultOrderMapping('860'), ctx);
        // what the hand-written check let through is what zod returns for it
        if (result.order) expect(Order.parse(result.order)).toEqual(result.order);
        else expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        for (const diagnostic of result.diagnostics) expect(diagnostic.transaction).toBe('0001');
      }),
      { numRuns: 500 },
    );
  });
});
