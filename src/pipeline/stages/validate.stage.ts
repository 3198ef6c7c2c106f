import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Diagnostic, hasErrors } from '../../core/diagnostic.ts';
import { Order } from '../../core/order.ts';
import { inList } from '../../db/bulk.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { withAdvisoryLock } from '../../db/locks.ts';
import { orders } from '../../db/schema.ts';
import { type Settlement, settle } from '../../rules/settle.ts';
import { structuralChecks } from '../../rules/structural-checks.ts';
import { checkOrder } from '../../rules/wholesale-rules.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import { loadRuleContexts, partnerTerms } from '../wholesale/rule-context.ts';
import { messageOrdersAfter, ORDER_PAGE, pagesOfStatuses } from './order-pages.ts';
import { changeOrderStates, type OrderStateChange } from './order-states.ts';

/** Lock buckets of one partner's PO numbers (a power of two): see `run`. */
const PO_LOCK_BUCKETS = 64;

/** Orders of these statuses already stand for a PO number: another original with it is a duplicate. */
const LIVE: ('valid' | 'accepted' | 'held')[] = ['valid', 'accepted', 'held'];

/**
 * validate: checks every order a message produced, from whatever channel: the structural checks, then the
 * wholesale rules against the supplier's terms with that partner (items, prices, MOQ and multiples, stock,
 * ship-to, credit, dates, approval, a PO sent twice), and settles what the partner's policies decide (the
 * outcome per line, kept with the order for routing). What the rules need is read a page of orders at a time
 * with a few statements, so a 10,000-order interchange is a few statements, not 10,000 jobs.
 */
export const validateStage: TransactionalStage<'validate', 'route'> = {
  name: 'validate',
  input: 'an inbound message (its received orders)',
  next: ['route'],
  async run({ tx, job, enqueue }) {
    // Two messages carrying one PO, validated at once by two workers, would each miss the other: validations of
    // one partner's PO number take turns. The lock is on a bucket of PO numbers (a hash), so a one-order message
    // waits only for those whose PO shares its bucket, not for every message of its partner (one lock per
    // partner made a partner's messages validate one at a time), and a large message takes at most
    // PO_LOCK_BUCKETS locks per partner; taken in sorted order, so two messages cannot deadlock.
    const buckets = rowsOf<{ partnerId: string; bucket: string }>(
      await tx.execute(sql`
        select distinct partner_id as "partnerId", (hashtextextended(po_number, 0) & ${PO_LOCK_BUCKETS - 1})::text as bucket
        from orders where message_id = ${job.entityId} and status = 'received'`),
    );
    for (const scope of buckets.map((b) => `${b.partnerId}|${b.bucket}`).sort())
      await withAdvisoryLock(tx, 'validatePartner', scope);
    const partnerIds = [...new Set(buckets.map((b) => b.partnerId))].sort();
    const terms = await partnerTerms(tx, partnerIds);
    const now = new Date();
    // partner + PO of the originals validated so far in this message: the second one is the duplicate
    const seen = new Set<string>();
    // a page at a time (by id), so a 66,000-order interchange never sits in memory whole
    const pages = pagesOfStatuses(['received'], (status, after) =>
      tx
        .select({ id: orders.id, partnerId: orders.partnerId, poNumber: orders.poNumber, data: orders.data })
        .from(orders)
        .where(messageOrdersAfter(job.entityId, status, after))
        .orderBy(orders.id)
        .limit(ORDER_PAGE)
        .for('update'),
    );
    for await (const rows of pages) {
      const originals = rows.filter((r) => (r.data as { purpose?: string }).purpose === 'original');
      const taken = await takenPoNumbers(tx, job.entityId, originals);
      const parsed = rows.map((row) => ({ row, parsed: Order.safeParse(row.data) }));
      const valid = parsed.flatMap((p) => (p.parsed.success ? [p.parsed.data] : []));
      const contextFor = await loadRuleContexts(tx, valid.filter(isNewOrder), terms, now);
      const changes: OrderStateChange[] = parsed.map(({ row, parsed }) => {
        if (!parsed.success)
          return {
            id: row.id,
            from: 'received',
            to: 'invalid',
            diagnostics: parsed.error.issues.map((i) => ({
              severity: 'error' as const,
              code: 'order.invalid',
              message: `${i.path.join('.') || 'order'}: ${i.message}`,
            })),
          };
        const order = parsed.data;
        const found: Diagnostic[] = structuralChecks(order);
        const key = `${row.partnerId}\u0001${row.poNumber}`;
        const duplicate = order.purpose === 'original' && (taken.has(key) || seen.has(key));
        if (order.purpose === 'original') seen.add(key);
        if (hasErrors(found)) return { id: row.id, from: 'received', to: 'invalid', diagnostics: found };
        if (!isNewOrder(order)) {
          // a change or cancellation is checked when it is applied to the order it changes
          return { id: row.id, from: 'received', to: 'valid', diagnostics: found };
        }
        const context = contextFor(order, duplicate);
        const findings = checkOrder(order, context);
        const outcome: Settlement = settle(order, findings, context);
        return { id: row.id, from: 'received', to: 'valid', diagnostics: [...found, ...findings], outcome };
      });
      await changeOrderStates(tx, changes, { actor: 'pipeline', action: 'validate' });
    }
    await enqueue('route', job.entityId);
  },
};

/** An order that stands on its own (an original or a confirmation), as opposed to a change of another. */
function isNewOrder(order: Order): boolean {
  return order.purpose === 'original' || order.purpose === 'confirmation';
}

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
