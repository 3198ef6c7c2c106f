import { and, eq, sql } from 'drizzle-orm';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { ErrorCode } from '../../core/error-codes.ts';
import { exceptionDeadline, exceptionTypeOf } from '../../core/wholesale-settings.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { type RaisedException, raiseException } from '../../db/exceptions.ts';
import { messages, orders } from '../../db/schema.ts';
import { outboundAgreement } from '../../partners/outbound-agreement.ts';
import type { LineOutcome, Settlement } from '../../rules/settle.ts';
import type { TransactionalStage } from '../dispatch/stage.ts';
import { exceptionOpenedEvents, orderDecidedEvent } from '../events/order-events.ts';
import { publishEvents } from '../events/publish.ts';
import { applyChangeOrders, type ChangeOrderRow } from '../wholesale/apply-change.ts';
import { StockBook } from '../wholesale/reservations.ts';
import { bookOutcome, inventoryKept, skusOf } from '../wholesale/reserve-outcome.ts';
import { messageOrdersAfter, ORDER_PAGE, pagesOfStatuses } from './order-pages.ts';
import { changeOrderStates, type OrderStateChange } from './order-states.ts';

/**
 * route: decides each validated order's fate. Invalid → rejected. Held for a person (an open exception with
 * a type, an owner and a deadline) when it repeats a PO, when the partner's agreement holds every order for
 * review, or when a wholesale finding is left to a person by the partner's policies. Otherwise accepted: the
 * stock its lines ship is reserved (atomically; a line that gets less takes the shortage policy then) and its
 * outcome per line is kept for the 855. A change or cancellation is applied to the live order it changes, once
 * the page's orders are routed (../wholesale/apply-change.ts). Then the message is done, and when the partner
 * takes 855s the acknowledge stage is asked for.
 */
export const routeStage: TransactionalStage<'route', 'acknowledge'> = {
  name: 'route',
  input: 'an inbound message (its validated orders)',
  next: ['acknowledge'],
  async run({ tx, job, enqueue }) {
    const agreements = new Map<string, Awaited<ReturnType<typeof outboundAgreement>>>();
    const receivedAt = await messageReceivedAt(tx, job.entityId);
    const kept = await inventoryKept(tx);
    const now = new Date();
    let decided = false;
    // a page at a time (by id), so memory does not grow with the size of the message
    const pages = pagesOfStatuses(['valid', 'invalid'], (status, after) =>
      tx
        .select({
          id: orders.id,
          partnerId: orders.partnerId,
          poNumber: orders.poNumber,
          purpose: orders.purpose,
          status: orders.status,
          diagnostics: orders.diagnostics,
          outcome: orders.outcome,
          data: orders.data,
        })
        .from(orders)
        .where(messageOrdersAfter(job.entityId, status, after))
        .orderBy(orders.id)
        .limit(ORDER_PAGE)
        .for('update'),
    );
    for await (const rows of pages) {
      for (const partnerId of new Set(rows.map((r) => r.partnerId)))
        if (!agreements.has(partnerId)) agreements.set(partnerId, await outboundAgreement(tx, partnerId));

      const changes: OrderStateChange[] = [];
      const held: RaisedException[] = [];
      const changeOrders: ChangeOrderRow[] = [];
      // every stock row the page's orders may reserve, locked at once in one order (two workers reserving for
      // their pages order by order would lock shared rows in crossing orders and deadlock), then reserved in
      // memory and written with two statements
      const book = kept
        ? await StockBook.open(
            tx,
            rows.flatMap((r) => skusOf((r.outcome as Settlement | null)?.lines ?? [])),
          )
        : undefined;
      for (const row of rows) {
        if (row.status === 'invalid') {
          changes.push({ id: row.id, from: 'invalid', to: 'rejected' });
          continue;
        }
        if (row.purpose === 'replace' || row.purpose === 'cancel') {
          // a change or cancellation is applied to the order it changes, once this page's orders are routed
          changeOrders.push(row);
          continue;
        }
        const settings = agreements.get(row.partnerId)?.settings;
        const settlement = row.outcome as Settlement | null;
        const hold = (code: ErrorCode, message: string, diagnostics?: readonly Diagnostic[]) => {
          const type = exceptionTypeOf(code);
          changes.push({ id: row.id, from: 'valid', to: 'held' });
          held.push({
            messageId: job.entityId,
            orderId: row.id,
            partnerId: row.partnerId,
            code,
            type,
            kind: 'permanent',
            message,
            ...(settings?.exceptionOwner ? { owner: settings.exceptionOwner } : {}),
            dueAt: exceptionDeadline(type, now, settings ?? {}, receivedAt),
            ...(diagnostics ? { details: { diagnostics, settled: settlement?.settled ?? [] } } : {}),
          });
        };
        const duplicate = (row.diagnostics as { code?: string }[]).some(
          (d) => d.code === 'order.duplicate_po',
        );
        if (duplicate) {
          hold('order.duplicate_po', `PO ${row.poNumber} was already received from ${row.partnerId}`);
          continue;
        }
        if (settings?.holdForReview === true) {
          hold('order.review', `${row.partnerId}'s agreement holds every order for review`);
          continue;
        }
        if (settlement && settlement.forPerson.length > 0) {
          const main = mostUrgent(settlement.forPerson, settings ?? {});
          hold(main.code, heldBecause(row.poNumber, settlement.forPerson), settlement.forPerson);
          continue;
        }
        if (!settlement || !settings) {
          // an order routed before the rules
          changes.push({ id: row.id, from: 'valid', to: 'accepted' });
          continue;
        }
        const reserved = book
          ? bookOutcome(book, row.id, settlement.lines, settings, true)
          : { lines: settlement.lines };
        if (reserved.hold) {
          const findings = [...settlement.forPerson, ...reserved.hold];
          hold('inventory.short', heldBecause(row.poNumber, findings), findings);
          continue;
        }
        changes.push({
          id: row.id,
          from: 'valid',
          to: allRejected(reserved.lines) ? 'rejected' : 'accepted',
          outcome: { ...settlement, lines: reserved.lines },
        });
      }
      // the page's takes written before its changes are applied: a change reads the stock they leave
      await book?.write(tx);
      await changeOrderStates(tx, changes, { actor: 'pipeline', action: 'route' });
      const opened = await raiseException(tx, held);
      const byId = new Map(rows.map((r) => [r.id, r]));
      await publishEvents(tx, [
        ...changes.flatMap((c) => {
          const row = byId.get(c.id)!;
          if (c.to !== 'accepted' && c.to !== 'rejected') return [];
          return [
            orderDecidedEvent(c.to, {
              id: row.id,
              partnerId: row.partnerId,
              poNumber: row.poNumber,
              order: row.data,
              ...(c.outcome ? { lines: (c.outcome as Settlement).lines } : {}),
              diagnostics: row.diagnostics,
            }),
          ];
        }),
        ...exceptionOpenedEvents(opened),
      ]);
      await applyChangeOrders(tx, changeOrders, {
        messageId: job.entityId,
        receivedAt,
        now,
        settingsOf: (partnerId) => agreements.get(partnerId)?.settings,
        inventoryKept: kept,
      });
      decided ||= changes.some((c) => c.to === 'accepted' || c.to === 'rejected');
    }
    await finishMessage(tx, job.entityId);
    const answered = [...agreements.values()].some((a) => a?.settings.send855);
    if (answered && decided) await enqueue('acknowledge', job.entityId);
  },
};

/** True when a policy rejected every line: the order is rejected (855 BAK02 RJ). */
function allRejected(lines: readonly LineOutcome[]): boolean {
  return lines.length > 0 && lines.every((l) => l.status === 'rejected');
}

/** The finding whose exception type has the shortest SLA: it names the exception and sets its deadline. */
function mostUrgent(
  findings: readonly Diagnostic[],
  settings: Parameters<typeof exceptionDeadline>[2],
): Diagnostic {
  const epoch = new Date(0);
  return [...findings].sort(
    (a, b) =>
      exceptionDeadline(exceptionTypeOf(a.code), epoch, settings).getTime() -
      exceptionDeadline(exceptionTypeOf(b.code), epoch, settings).getTime(),
  )[0]!;
}

/** One line for the inbox: the PO and what holds it. */
function heldBecause(poNumber: string, findings: readonly Diagnostic[]): string {
  const codes = [...new Set(findings.map((f) => f.code))].join(', ');
  return `PO ${poNumber} held for a decision: ${codes}`;
}

/** When the message arrived: the partner's answer deadline counts from then. */
async function messageReceivedAt(tx: Database, messageId: string): Promise<Date | undefined> {
  const [row] = await tx
    .select({ receivedAt: messages.receivedAt })
    .from(messages)
    .where(eq(messages.id, messageId));
  return row?.receivedAt;
}

/** processing → done, once every order of the message is routed. */
async function finishMessage(tx: Database, messageId: string): Promise<void> {
  const updated = await tx
    .update(messages)
    .set({ status: 'done', updatedAt: sql`now()` })
    .where(and(eq(messages.id, messageId), eq(messages.status, 'processing')))
    .returning({ id: messages.id });
  if (updated.length > 0) {
    await audit(tx, {
      actor: 'pipeline',
      entityType: 'message',
      entityId: messageId,
      action: 'route',
      before: { status: 'processing' },
      after: { status: 'done' },
    });
  }
}
