import type { Diagnostic } from '../../core/diagnostic.ts';
import type { Order } from '../../core/order.ts';
import type { ResolvedPartnerSettings } from '../../core/partner.ts';
import type { Database } from '../../db/client.ts';
import type { AppliedChange, ChangedLine } from '../../rules/apply-change.ts';
import { type LineOutcome, type Settlement, settle } from '../../rules/settle.ts';
import { checkOrder } from '../../rules/wholesale-rules.ts';
import type { OrderStatus } from '../stages/order-states.ts';
import { reserveOutcome } from './reserve-outcome.ts';
import { loadRuleContexts } from './rule-context.ts';

/** What the re-validation made of the changed order. */
export interface Revalidated {
  to: OrderStatus;
  outcome: Settlement;
  findings: Diagnostic[];
  /** Findings that hold it for a person. */
  hold?: Diagnostic[];
}

/**
 * The wholesale rules run again on the changed order: checkOrder and settle against fresh contexts (its own
 * stock already released). On an accepted order, lines the change did not touch keep their decided outcome
 * and their findings count as settled. Then the findings for a person hold it, or the new outcome's stock is
 * reserved.
 */
export async function revalidate(
  tx: Database,
  orderId: string,
  applied: AppliedChange,
  settings: ResolvedPartnerSettings | undefined,
  how: { now: Date; inventoryKept: boolean },
  decided: Settlement | null,
): Promise<Revalidated> {
  const order = applied.order;
  if (!settings) {
    const lines = order.lines.map(
      (l): LineOutcome => ({
        lineNumber: l.lineNumber,
        status: 'accepted',
        quantity: l.quantity,
        ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}),
      }),
    );
    return { to: 'accepted', outcome: { lines, settled: [], forPerson: [] }, findings: [] };
  }
  const contextFor = await loadRuleContexts(tx, [order], new Map([[order.partnerId, settings]]), how.now);
  const context = contextFor(order, false);
  const findings = checkOrder(order, context);
  const settlement = keepDecided(settle(order, findings, context), applied.lines, decided);
  if (settlement.forPerson.length > 0)
    return { to: 'held', outcome: settlement, findings, hold: settlement.forPerson };
  const reserved = await reserveOutcome(tx, orderId, settlement.lines, settings, {
    mayHold: true,
    inventoryKept: how.inventoryKept,
  });
  if (reserved.hold) return { to: 'held', outcome: settlement, findings, hold: reserved.hold };
  const rejected = reserved.lines.length > 0 && reserved.lines.every((l) => l.status === 'rejected');
  return {
    to: rejected ? 'rejected' : 'accepted',
    outcome: { ...settlement, lines: reserved.lines },
    findings,
  };
}

/** settle, with the untouched lines of an already decided order as they were decided. */
function keepDecided(
  settlement: Settlement,
  touched: readonly ChangedLine[],
  decided: Settlement | null,
): Settlement {
  if (!decided) return settlement;
  const changed = new Set(touched.map((t) => t.lineNumber));
  const before = new Map(decided.lines.map((l) => [l.lineNumber, l]));
  const kept = (line: string | undefined) => line !== undefined && !changed.has(line) && before.has(line);
  return {
    lines: settlement.lines.map((l) => (kept(l.lineNumber) ? before.get(l.lineNumber)! : l)),
    settled: [...settlement.settled, ...settlement.forPerson.filter((d) => kept(d.line))],
    forPerson: settlement.forPerson.filter((d) => !kept(d.line)),
  };
}

/** A cancelled order's outcome: every line rejected, nothing to ship. */
export function cancelledOutcome(order: Order): Revalidated {
  const lines = order.lines.map(
    (l): LineOutcome => ({
      lineNumber: l.lineNumber,
      status: 'rejected',
      quantity: '0',
      ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}),
      reason: 'cancelled by the buyer',
    }),
  );
  return { to: 'cancelled', outcome: { lines, settled: [], forPerson: [] }, findings: [] };
}
