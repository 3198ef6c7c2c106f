import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { Order } from '../../core/order.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { withAdvisoryLock } from '../../db/locks.ts';
import { orders } from '../../db/schema.ts';
import { structuralChecks } from '../../rules/structural-checks.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import { messageOrdersAfter, ORDER_PAGE, pagesById } from './order-pages.ts';
import { changeOrderStates, type OrderStateChange } from './order-states.ts';

/** Orders of these statuses already stand for a PO number: another original with it is a duplicate. */
const LIVE: ('valid' | 'accepted' | 'held')[] = ['valid', 'accepted', 'held'];

/**
 * validate: checks every order a message produced (structural checks now; the wholesale rules issue adds
 * prices, MOQ, credit and inventory here) and records what it found on each order. A second original order
 * with a PO number the partner already sent is flagged so routing holds it for a person: an order must never
 * be processed twice. Works per message, so a 10,000-order interchange is a few statements, not 10,000 jobs.
 */
export const validateStage: TransactionalStage<'validate', 'route'> = {
  name: 'validate',
  input: 'an inbound message (its received orders)',
  next: ['route'],
  async run({ tx, job, enqueue }) {
    // Two messages carrying one PO, validated at once by two workers, would each miss the other: one
    // partner's validations take turns (locks in a fixed order, so two partners cannot deadlock).
    const partners = await tx
      .selectDistinct({ partnerId: orders.partnerId })
      .from(orders)
      .where(and(eq(orders.messageId, job.entityId), eq(orders.status, 'received')));
    for (const partnerId of partners.map((p) => p.partnerId).sort())
      await withAdvisoryLock(tx, 'validatePartner', partnerId);
    // partner + PO of the originals validated so far in this message: the second one is the duplicate
    const seen = new Set<string>();
    // a page at a time (by id), so a 66,000-order interchange never sits in memory whole
    const pages = pagesById((after) =>
      tx
        .select({ id: orders.id, partnerId: orders.partnerId, poNumber: orders.poNumber, data: orders.data })
        .from(orders)
        .where(messageOrdersAfter(job.entityId, ['received'], after))
        .orderBy(orders.id)
        .limit(ORDER_PAGE)
        .for('update'),
    );
    for await (const rows of pages) {
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
          if (taken.has(key) || seen.has(key)) {
            found.push({
              severity: 'warning',
              code: 'order.duplicate_po',
              message: `PO ${row.poNumber} was already received from this partner; held so it is not processed twice`,
            });
          }
          seen.add(key);
        }
        const invalid = found.some((d) => d.severity === 'error');
        return { id: row.id, from: 'received', to: invalid ? 'invalid' : 'valid', diagnostics: found };
      });
      await changeOrderStates(tx, changes, { actor: 'pipeline', action: 'validate' });
    }
    await enqueue('route', job.entityId);
  },
};

/** PO numbers (partner + PO) of `originals` already held by live original orders of other messages. */
async function takenPoNumbers(
  tx: Database,
  messageId: string,
  originals: { partnerId: string; poNumber: string }[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  if (originals.length === 0) return taken;
  const found = await tx
    .select({ partnerId: orders.partnerId, poNumber: orders.poNumber })
    .from(orders)
    .where(
      and(
        inList(orders.partnerId, [...new Set(originals.map((o) => o.partnerId))]),
        inList(orders.poNumber, [...new Set(originals.map((o) => o.poNumber))]),
        inArray(orders.status, LIVE),
        eq(orders.purpose, 'original'),
        ne(orders.messageId, messageId),
      ),
    );
  for (const f of found) taken.add(`${f.partnerId}\u0001${f.poNumber}`);
  return taken;
}
