import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { withoutNul } from '../db/json-safe.ts';
import { auditEvents } from '../db/schema.ts';

/**
 * An order's way through the pipeline: received (decoded) → valid | invalid (validate) → accepted | held |
 * rejected (route). `superseded` marks the orders of a message an operator replayed.
 */
export const ORDER_STATUSES = [
  'received',
  'valid',
  'invalid',
  'accepted',
  'held',
  'rejected',
  'superseded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderStateChange {
  id: string;
  from: OrderStatus;
  to: OrderStatus;
  diagnostics?: unknown[];
}

/** Rows per statement: 4 parameters each keeps a chunk far below PostgreSQL's 65,535. */
const CHUNK = 2_000;

/**
 * Moves many orders to their next status in a few statements (UPDATE … FROM VALUES) and records one audit
 * event per order, in the caller's transaction. Only an order still in `from` moves, so a repeated stage
 * changes nothing.
 */
export async function changeOrderStates(
  tx: Database,
  changes: readonly OrderStateChange[],
  audit: { actor: string; action: string },
): Promise<void> {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = withoutNul(changes.slice(i, i + CHUNK));
    const values = sql.join(
      chunk.map(
        (c) =>
          sql`(${c.id}, ${c.from}, ${c.to}, ${c.diagnostics === undefined ? null : JSON.stringify(c.diagnostics)}::jsonb)`,
      ),
      sql`, `,
    );
    await tx.execute(sql`
      update orders set status = v.next, diagnostics = coalesce(v.diagnostics, orders.diagnostics), updated_at = now()
      from (values ${values}) as v(id, previous, next, diagnostics)
      where orders.id = v.id and orders.status = v.previous`);
    await tx.insert(auditEvents).values(
      chunk.map((c) => ({
        actor: audit.actor,
        entityType: 'order',
        entityId: c.id,
        action: audit.action,
        before: { status: c.from },
        after: {
          status: c.to,
          ...(c.diagnostics && c.diagnostics.length > 0 ? { diagnostics: c.diagnostics } : {}),
        },
      })),
    );
  }
}
