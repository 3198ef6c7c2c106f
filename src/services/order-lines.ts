import { eq } from 'drizzle-orm';
import type { LineOutcomeStatus } from '../core/documents.ts';
import type { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { orders } from '../db/schema.ts';
import type { Settlement } from '../rules/settle.ts';
import { earlierDocuments, quantitiesSoFar } from './invoice-request.ts';

/** Where one order line stands, as people ask: what was decided, shipped and invoiced. */
export interface LineStatus {
  lineNumber: string;
  ordered: string;
  uom: string;
  unitPrice?: string;
  /** What the order's 855 says (or will say) of the line; undefined while the order is not routed. */
  outcome?: { status: LineOutcomeStatus; quantity: string; unitPrice?: string; reason?: string };
  shipped: string;
  invoiced: string;
  /**
   * One word: `invoiced` and `shipped` once all that is to ship is, `partly shipped`, else the decision:
   * `accepted`, `changed` (quantity, price or item), `backordered`, `rejected`; `pending` before routing.
   */
  status:
    | 'invoiced'
    | 'shipped'
    | 'partly shipped'
    | 'accepted'
    | 'changed'
    | 'backordered'
    | 'rejected'
    | 'pending';
}

const CHANGED: ReadonlySet<string> = new Set(['quantity_changed', 'price_changed', 'substituted']);

/**
 * Each line of an order with its status: the route stage's (or a person's) decision from the order's outcome,
 * and the quantities shipped (856) and invoiced (810) so far, counting only documents that still stand
 * (the partner did not reject them, they were encoded, not cancelled). Without an outcome per line, a line
 * stands as its order does (`orderStatus`).
 */
export async function orderLineStatuses(
  db: Database,
  order: Order,
  orderStatus: string,
): Promise<LineStatus[]> {
  const [[row], shipments, invoices] = await Promise.all([
    db.select({ outcome: orders.outcome }).from(orders).where(eq(orders.id, order.id)),
    earlierDocuments(db, order, '856'),
    earlierDocuments(db, order, '810'),
  ]);
  const outcomes = new Map(((row?.outcome as Settlement | null)?.lines ?? []).map((l) => [l.lineNumber, l]));
  const shipped = quantitiesSoFar(order, shipments, '856');
  const invoiced = quantitiesSoFar(order, invoices, '810');
  return order.lines.map((line) => {
    const outcome = outcomes.get(line.lineNumber);
    const toShip = outcome ? Number(outcome.quantity) : Number(line.quantity);
    const shippedQty = shipped.get(line.lineNumber);
    const invoicedQty = invoiced.get(line.lineNumber);
    const shippedAll = shippedQty !== undefined && toShip > 0 && shippedQty.gte(toShip);
    let status: LineStatus['status'];
    if (shippedAll && invoicedQty?.gte(toShip)) status = 'invoiced';
    else if (shippedAll) status = 'shipped';
    else if (shippedQty?.gt(0)) status = 'partly shipped';
    // an order accepted or rejected as a whole (no rules' outcome per line) answers every line alike
    else if (!outcome)
      status = orderStatus === 'accepted' || orderStatus === 'rejected' ? orderStatus : 'pending';
    else if (outcome.status === 'rejected' || outcome.status === 'backordered') status = outcome.status;
    else status = CHANGED.has(outcome.status) ? 'changed' : 'accepted';
    return {
      lineNumber: line.lineNumber,
      ordered: line.quantity,
      uom: line.uom,
      ...(line.unitPrice !== undefined ? { unitPrice: line.unitPrice } : {}),
      ...(outcome
        ? {
            outcome: {
              status: outcome.status,
              quantity: outcome.quantity,
              ...(outcome.unitPrice !== undefined ? { unitPrice: outcome.unitPrice } : {}),
              ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
            },
          }
        : {}),
      shipped: shippedQty?.toFixed() ?? '0',
      invoiced: invoicedQty?.toFixed() ?? '0',
      status,
    };
  });
}
