import type { ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import type { TransactionSet } from '../../src/x12/types.ts';
import { readBeginning, startLine } from './map-begin.ts';
import { readItemIds } from './map-items.ts';
import { type MapContext, type MapResult, mapOrderTransaction } from './map-order.ts';
import { element } from './map-values.ts';
import type { DocumentProfile } from './map-walk.ts';

const LINE_AT = { quantity: 2, uom: 3, unitPrice: 4 } as const;

const purchaseOrder: DocumentProfile = {
  document: '850',
  beginTag: 'BEG',
  lineTag: 'PO1',
  // 850 PO1 loop is mandatory (a cancellation without lines is still accepted, as the canonical order allows)
  linesMandatory: true,
  readBegin: (env, segment) =>
    // BEG-01 purpose, BEG-02 PO type, BEG-03 PO number, BEG-04 release, BEG-05 PO date, BEG-06 contract
    readBeginning(env, segment, { purpose: 1, type: 2, poNumber: 3, release: 4, date: 5, contract: 6 }),
  readLine: (env, segment) => {
    // PO1-01 assigned identification, PO1-02 quantity ordered, PO1-03 unit of measure, PO1-04 unit price,
    // PO1-05 basis of unit price, PO1-06/07 … PO1-24/25 product/service ID pairs
    const lineNumber = element(segment, 1);
    const itemIds = readItemIds(env, segment, 5);
    // plain assignment, not a conditional spread: this runs once per line and spreads are slow in V8
    const rest: { lineNumber?: string; itemIds: typeof itemIds } = { itemIds };
    if (lineNumber !== undefined) rest.lineNumber = lineNumber;
    return startLine(env, segment, LINE_AT, rest);
  },
};

/** Maps an X12 850 purchase order (003010 … 005010) to a canonical order; see map-order.ts for the contract. */
export function mapPurchaseOrder(
  set: TransactionSet,
  mapping: ResolvedOrderMapping,
  ctx: MapContext,
): MapResult {
  return mapOrderTransaction(purchaseOrder, set, mapping, ctx);
}
