import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Diagnostic } from '../core/diagnostic.ts';
import { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { orders } from '../db/schema.ts';
import { structuralChecks } from '../rules/structural-checks.ts';
import { changeOrderStates, type OrderStateChange } from './order-states.ts';
import type { Stage } from './stage.ts';

export const VALIDATE_STAGE = 'validate';
export const ROUTE_STAGE = 'route';

/** Orders of these statuses already stand for a PO number: another original with it is a duplicate. */
const LIVE: ('valid' | 'accepted' | 'held')[] = ['valid', 'accepted', 'held'];

/**
 * validate: checks every order a message produced (structural checks now; the wholesale rules issue adds
 * prices, MOQ, credit and inventory here) and records what it found on each order. A second original order
 * with a PO number the partner already sent is flagged so routing holds it for a person: an order must never
 * be processed twice. Works per message, so a 10,000-order interchange is a few statements, not 10,000 jobs.
 */
export const validateStage: Stage = {
  name: VALIDATE_STAGE,
  async run({ tx, job, enqueue }) {
    const rows = await tx
      .select({ id: orders.id, partnerId: orders.partnerId, poNumber: orders.poNumber, data: orders.data })
      .from(orders)
      .where(and(eq(orders.messageId, job.entityId), eq(orders.status, 'received')))
      .orderBy(orders.createdAt, orders.id)
      .for('update');
    if (rows.length > 0) {
      // Two messages carrying one PO, validated at once by two workers, would each miss the other: one
      // partner's validations take turns (locks in a fixed order, so two partners cannot deadlock).
      for (const partnerId of [...new Set(rows.map((r) => r.partnerId))].sort())
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`validate|${partnerId}`}, 0))`);
      const originals = rows.filter((r) => (r.data as { purpose?: string }).purpose === 'original');
      const taken = await takenPoNumbers(tx, job.entityId, originals);
      const changes: OrderStateChange[] = rows.map((row) => {
        const parsed = Order.safeParse(row.data);
        const found: Diagnostic[] = parsed.success
          ? structuralChecks(parsed.data)
          : parsed.error.issues.map((i) => ({
              severity: 'error' as const,
              code: 'order.invalid',
              message: `${i.path.join('.') || 'order'}: ${i.message}`,
            }));
        const key = `${row.partnerId}\u0001${row.poNumber}`;
        if (parsed.success && parsed.data.purpose === 'original') {
          if (taken.has(key)) {
            found.push({
              severity: 'warning',
              code: 'order.duplicate_po',
              message: `PO ${row.poNumber} was already received from this partner; held so it is not processed twice`,
            });
          }
          taken.add(key);
        }
        const invalid = found.some((d) => d.severity === 'error');
        return { id: row.id, from: 'received', to: invalid ? 'invalid' : 'valid', diagnostics: found };
      });
      await changeOrderStates(tx, changes, { actor: 'pipeline', action: VALIDATE_STAGE });
    }
    await enqueue(ROUTE_STAGE, job.entityId);
  },
};

/** PO numbers (partner + PO) already held by live original orders of other messages. */
async function takenPoNumbers(
  tx: Database,
  messageId: string,
  originals: { partnerId: string; poNumber: string }[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  if (originals.length === 0) return taken;
  const partnerIds = [...new Set(originals.map((o) => o.partnerId))];
  const poNumbers = [...new Set(originals.map((o) => o.poNumber))];
  for (let i = 0; i < poNumbers.length; i += 5_000) {
    const found = await tx
      .select({ partnerId: orders.partnerId, poNumber: orders.poNumber })
      .from(orders)
      .where(
        and(
          inArray(orders.partnerId, partnerIds),
          inArray(orders.poNumber, poNumbers.slice(i, i + 5_000)),
          inArray(orders.status, LIVE),
          eq(orders.purpose, 'original'),
          ne(orders.messageId, messageId),
        ),
      );
    for (const f of found) taken.add(`${f.partnerId}\u0001${f.poNumber}`);
  }
  return taken;
}
