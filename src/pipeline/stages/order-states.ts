import { sql } from 'drizzle-orm';
import { audit } from '../../db/audit.ts';
import { ROWS_PER_STATEMENT } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { jsonWithoutNul } from '../../db/json-safe.ts';

/**
 * An order's way through the pipeline: received (decoded) → valid | invalid (validate) → accepted | held |
 * rejected (route). `superseded` marks the orders of a message an operator replayed. `cancelled`: the buyer
 * cancelled an accepted or held order (an 860 cancellation, applied by ../wholesale/apply-change.ts) before
 * anything of it shipped; its stock is released and it takes no further change.
 */
export const ORDER_STATUSES = [
  'received',
  'valid',
  'invalid',
  'accepted',
  'held',
  'rejected',
  'superseded',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderStateChange {
  id: string;
  from: OrderStatus;
  to: OrderStatus;
  diagnostics?: unknown[];
  /** What happens to each line (the rules' settlement, a person's resolution); kept when absent. */
  outcome?: unknown;
}

/**
 * Moves many orders to their next status, {@link ROWS_PER_STATEMENT} per statement (UPDATE … FROM one JSON
 * parameter), and records one audit event per order, in the caller's transaction. Only an order still in
 * `from` moves, so a repeated stage changes nothing.
 */
export async function changeOrderStates(
  tx: Database,
  changes: readonly OrderStateChange[],
  by: { actor: string; action: string },
): Promise<void> {
  for (let i = 0; i < changes.length; i += ROWS_PER_STATEMENT) {
    const chunk = changes.slice(i, i + ROWS_PER_STATEMENT);
    const rows = jsonWithoutNul(
      chunk.map((c) => ({
        id: c.id,
        previous: c.from,
        next: c.to,
        diagnostics: c.diagnostics ?? null,
        outcome: c.outcome ?? null,
      })),
    );
    await tx.execute(sql`
      update orders set status = v.next, diagnostics = coalesce(v.diagnostics, orders.diagnostics),
        outcome = coalesce(v.outcome, orders.outcome), updated_at = now()
      from jsonb_to_recordset(${rows}::jsonb) as v(id text, previous text, next text, diagnostics jsonb, outcome jsonb)
      where orders.id = v.id and orders.status = v.previous`);
  }
  await audit(
    tx,
    changes.map((c) => ({
      actor: by.actor,
      entityType: 'order',
      entityId: c.id,
      action: by.action,
      before: { status: c.from },
      after: {
        status: c.to,
        ...(c.diagnostics && c.diagnostics.length > 0 ? { diagnostics: c.diagnostics } : {}),
      },
    })),
  );
}
