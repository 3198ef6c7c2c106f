import type { ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import type { TransactionSet } from '../../src/x12/types.ts';
import { readBeginning, startLine } from './map-begin.ts';
import type { LineDraft } from './map-draft.ts';
import { readItemIds } from './map-items.ts';
import { type MapContext, type MapResult, mapOrderTransaction } from './map-order.ts';
import { element, mandatory } from './map-values.ts';
import type { DocumentProfile } from './map-walk.ts';

const changeOrder: DocumentProfile = {
  document: '860',
  beginTag: 'BCH',
  lineTag: 'POC',
  // 860 POC loop is optional, but a change that is not a cancellation must say which lines change
  linesMandatory: false,
  readBegin: (env, segment) => {
    // BCH-01 purpose, BCH-02 PO type, BCH-03 PO number, BCH-04 release, BCH-05 change order sequence,
    // BCH-06 PO date, BCH-08 contract number
    readBeginning(env, segment, { purpose: 1, type: 2, poNumber: 3, release: 4, date: 6, contract: 8 });
    const sequence = element(segment, 5);
    if (sequence !== undefined) env.draft.named.changeSequence = sequence;
  },
  readLine: (env, segment) => {
    // POC-01 assigned identification, POC-02 change or response type code, POC-03 quantity ordered,
    // POC-04 quantity left to receive, POC-05 unit of measure (C001), POC-06 unit price,
    // POC-07 basis of unit price, POC-08/09 … POC-26/27 product/service ID pairs
    const lineNumber = element(segment, 1);
    const changeCode = mandatory(env.findings, segment, 2, 'change or response type code');
    let change: LineDraft['change'];
    if (changeCode !== undefined) {
      const mapped = env.mapping.codes.change[changeCode];
      if (mapped === undefined) {
        env.findings.elementError(
          '7',
          `change type code ${changeCode} is not mapped (codes.change)`,
          segment,
          2,
        );
      } else if (mapped !== 'none') change = mapped;
    }
    const itemIds = readItemIds(env, segment, 7);
    return startLine(
      env,
      segment,
      { quantity: 3, uom: 5, unitPrice: 6 },
      { ...(lineNumber !== undefined && { lineNumber }), ...(change !== undefined && { change }), itemIds },
    );
  },
};

/**
 * Maps an X12 860 purchase order change (003010 … 005010) to a canonical order whose purpose comes from
 * BCH-01 (replace, cancel …) and whose lines carry `change` from POC-02.
 */
export function mapPurchaseOrderChange(
  set: TransactionSet,
  mapping: ResolvedOrderMapping,
  ctx: MapContext,
): MapResult {
  return mapOrderTransaction(changeOrder, set, mapping, ctx);
}
