import type { Order, OrderLine } from '../../src/core/order.ts';
import { sumProducts } from './map-decimal.ts';
import type { MapEnv } from './map-draft.ts';
import { readDecimal, readInteger, sameDecimal, sumDecimals } from './map-values.ts';

/**
 * Order totals, all in decimal arithmetic: line count, quantity sum, and the amount (AMT*TT when sent,
 * else the sum of quantity × unit price when every line is priced).
 *
 * CTT-01 (number of line items) and CTT-02 (hash total, the sum of PO102/POC03) are the sender's control
 * totals. A mismatch is not an X12 syntax error (no AK403 code describes it), so it gets a mapping code;
 * by default it is an error, because a wrong count means lines were lost or duplicated on the way.
 * AMT*TT may include charges and taxes (SAC, TXI), so its mismatch is a warning by default.
 */
export function computeTotals(env: MapEnv, lines: readonly OrderLine[]): Order['totals'] {
  const { draft, findings, mapping } = env;
  const quantity = sumDecimals(lines.map((line) => line.quantity));
  const priced = lines.length > 0 && lines.every((line) => line.unitPrice !== undefined);
  const computed = priced
    ? sumProducts(lines.map((line) => [line.quantity, line.unitPrice!] as const))
    : undefined;

  if (draft.ctt) {
    const lineCount = readInteger(findings, draft.ctt, 1);
    if (lineCount !== undefined && lineCount !== lines.length) {
      findings.check(
        mapping.checks.lineCount,
        'x12.mapping.line_count',
        `CTT01 says ${lineCount} line items, the transaction has ${lines.length}`,
        draft.ctt,
        1,
      );
    }
    const hashTotal = readDecimal(findings, draft.ctt, 2);
    if (hashTotal !== undefined && !sameDecimal(hashTotal, quantity)) {
      findings.check(
        mapping.checks.hashTotal,
        'x12.mapping.hash_total',
        `CTT02 hash total ${hashTotal} differs from the sum of line quantities ${quantity}`,
        draft.ctt,
        2,
      );
    }
  }

  if (draft.amount && computed !== undefined && !sameDecimal(draft.amount.value, computed)) {
    findings.check(
      mapping.checks.amountTotal,
      'x12.mapping.amount_total',
      `AMT*TT ${draft.amount.value} differs from the sum of quantity × unit price ${computed}`,
      draft.amount.segment,
      2,
    );
  }
  const amount = draft.amount?.value ?? computed;
  return { lineCount: lines.length, quantity, ...(amount !== undefined && { amount }) };
}
