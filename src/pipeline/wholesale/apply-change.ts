import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ErrorCode } from '../../core/error-codes.ts';
import { Order } from '../../core/order.ts';
import type { ResolvedPartnerSettings } from '../../core/partner.ts';
import { audit } from '../../db/audit.ts';
import { insertRecordset } from '../../db/bulk.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { raiseException } from '../../db/exceptions.ts';
import { orderLines, orders } from '../../db/schema.ts';
import { applyChange, type ChangedLine } from '../../rules/apply-change.ts';
import type { Settlement } from '../../rules/settle.ts';
import { exceptionOpenedEvents } from '../events/order-events.ts';
import { publishEvents } from '../events/publish.ts';
import { enqueueStage } from '../stage-names.ts';
import { changeOrderStates, type OrderStatus } from '../stages/order-states.ts';
import { answerChange, answeredBefore, answerLines } from './change-answer.ts';
import { holdChange, orderException, supersedeExceptions } from './change-exceptions.ts';
import { cancelledOutcome, revalidate } from './change-revalidate.ts';
import { releaseStock } from './reservations.ts';

/** A validated change order (purpose replace or cancel) the route stage hands over. */
export interface ChangeOrderRow {
  id: string;
  partnerId: string;
  poNumber: string;
}

/** What the route stage knows of the message being routed. */
export interface ChangeRouting {
  /** The change's message. */
  messageId: string;
  receivedAt: Date | undefined;
  now: Date;
  /** The partner's settings (its outbound agreement's), read once per page. */
  settingsOf: (partnerId: string) => ResolvedPartnerSettings | undefined;
  inventoryKept: boolean;
}

/** The statuses of a live order a change applies to: decided, or waiting for a person. */
const LIVE_STATUSES: OrderStatus[] = ['accepted', 'held'];

/**
 * Applies each validated change order (an 860, a spreadsheet re-sent as a change) to the live order it
 * changes, one after another in the caller's transaction (so two changes of one PO in a message apply in
 * turn). The live order is the partner's newest original (or confirmation) with the PO number that is
 * accepted or held, locked for the change. No live order: the change is held for a person
 * (`order.change_target_missing`); anything of it shipped (an 856 requested that was not cancelled and did
 * not fail: a ship notice the partner refused still went with the goods): held (`order.change_after_shipment`);
 * a change the order cannot take as asked (a line it does not have …, see applyChange): held with the
 * problems. Each of these is an exception of type `change` on the change order; the live order stays as it is.
 *
 * Otherwise the merge replaces the order's data and lines, its stock is released and the wholesale rules run
 * again (checkOrder, settle against fresh rule contexts). Lines the change did not touch keep what was
 * decided for them on an accepted order (a person's resolution is not asked again for lines nobody changed).
 * Findings left to a person hold the order (an exception, as the route stage raises); else the stock of its
 * new outcome is reserved (a shortage takes the partner's policy) and it stays accepted (rejected when every
 * line is). A cancellation releases the stock and cancels the order, every line rejected in its outcome.
 * The change order is then accepted, its outcome recording what it did, every step is audited with the order
 * before and after, an `order.changed` or `order.cancelled` event is published, and the change is answered
 * per the partner's `changeAck` (see answerChange) — when the order had been answered before; an order never
 * answered (held until now) gets its first 855 from the acknowledge stage, with the change in it.
 */
export async function applyChangeOrders(
  tx: Database,
  rows: readonly ChangeOrderRow[],
  how: ChangeRouting,
): Promise<void> {
  for (const row of rows) await applyOne(tx, row, how);
}

async function applyOne(tx: Database, row: ChangeOrderRow, how: ChangeRouting): Promise<void> {
  const [changeRow] = await tx
    .select({ data: orders.data })
    .from(orders)
    .where(and(eq(orders.id, row.id), eq(orders.status, 'valid')));
  if (!changeRow) return;
  const change = Order.parse(changeRow.data);
  const settings = how.settingsOf(row.partnerId);
  const what = change.purpose === 'cancel' ? 'cancellation' : 'change';
  const hold = (code: ErrorCode, message: string, details: object) =>
    holdChange(tx, row, how, settings, { code, message, details });

  const [original] = await tx
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.partnerId, row.partnerId),
        eq(orders.poNumber, row.poNumber),
        inArray(orders.purpose, ['original', 'confirmation']),
        inArray(orders.status, LIVE_STATUSES),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(1)
    .for('update');
  if (!original)
    return hold(
      'order.change_target_missing',
      `${what} of PO ${row.poNumber}: ${row.partnerId} has no live order with that PO number`,
      { changeOrderId: row.id },
    );
  if (await shipped(tx, original.id))
    return hold(
      'order.change_after_shipment',
      `${what} of PO ${row.poNumber} arrived after a ship notice (856) for it: a person decides`,
      { changeOrderId: row.id, orderId: original.id },
    );
  const live = Order.parse(original.data);
  const applied = applyChange(live, change);
  if (applied.problems.length > 0)
    return hold(
      applied.problems[0]!.code,
      `${what} of PO ${row.poNumber} cannot be applied as sent: ${applied.problems.map((p) => p.message).join('; ')}`,
      { changeOrderId: row.id, orderId: original.id, diagnostics: applied.problems },
    );

  const from = original.status as OrderStatus;
  const previous = original.outcome as Settlement | null;
  await releaseStock(tx, original.id);
  await writeOrder(tx, original.id, applied.order);
  const result = applied.cancelled
    ? cancelledOutcome(applied.order)
    : await revalidate(tx, original.id, applied, settings, how, from === 'accepted' ? previous : null);
  await supersedeExceptions(tx, original.id, row.id);
  await changeOrderStates(
    tx,
    [{ id: original.id, from, to: result.to, diagnostics: result.findings, outcome: result.outcome }],
    { actor: 'pipeline', action: what === 'cancellation' ? 'cancel' : 'change' },
  );
  if (result.hold) {
    const opened = await raiseException(tx, orderException(original.id, row, how, settings, result.hold));
    await publishEvents(tx, exceptionOpenedEvents(opened));
  }

  const lines = answerLines(applied.lines, result.outcome.lines, previous?.lines);
  await changeOrderStates(
    tx,
    [
      {
        id: row.id,
        from: 'valid',
        to: 'accepted',
        // what the change did: its lines answered, and the order it applied to
        outcome: { lines, settled: [], forPerson: [], appliedTo: original.id, cancelled: applied.cancelled },
      },
    ],
    { actor: 'pipeline', action: 'apply_change' },
  );
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'order',
    entityId: original.id,
    action: 'apply_change',
    before: { status: from, lines: live.lines, outcome: previous?.lines ?? null },
    after: {
      status: result.to,
      changeOrderId: row.id,
      messageId: how.messageId,
      changes: applied.lines,
      lines: applied.order.lines,
      outcome: result.outcome.lines,
    },
  });
  await publishEvents(tx, [
    {
      type: applied.cancelled ? 'order.cancelled' : 'order.changed',
      orderId: original.id,
      partnerId: row.partnerId,
      payload: {
        orderId: original.id,
        poNumber: row.poNumber,
        status: result.to,
        changeOrderId: row.id,
        messageId: how.messageId,
        changes: applied.lines.map(summary),
        lines: result.outcome.lines,
      },
    },
  ]);

  if (result.to === 'held' || !settings) return;
  if (applied.cancelled || (await answeredBefore(tx, original.id))) {
    await answerChange(
      tx,
      {
        original: { id: original.id, partnerId: row.partnerId, erpOrderNumber: original.erpOrderNumber },
        order: applied.order,
        change,
        messageId: how.messageId,
        outcome: result.outcome.lines,
        lines,
        cancelled: applied.cancelled,
      },
      settings,
    );
  } else {
    // never answered (held until now, or its 855 waits for the ERP number): its first 855 tells the change
    await enqueueStage(tx, 'acknowledge', original.messageId, { again: true });
  }
}

/** The merged order as the order's data, its order_lines rows replaced. */
async function writeOrder(tx: Database, orderId: string, order: Order): Promise<void> {
  await tx
    .update(orders)
    .set({ data: order, totalAmount: order.totals.amount ?? null, updatedAt: sql`now()` })
    .where(eq(orders.id, orderId));
  await tx.delete(orderLines).where(eq(orderLines.orderId, orderId));
  await insertRecordset(
    tx,
    'order_lines',
    'order_id text, position integer, line_number text, quantity numeric, uom text, unit_price numeric, items jsonb',
    order.lines.map((line, position) => ({
      order_id: orderId,
      position,
      line_number: line.lineNumber,
      quantity: line.quantity,
      uom: line.uom,
      unit_price: line.unitPrice ?? null,
      items: line.items,
    })),
  );
}

/** True when a ship notice for the order was requested and neither cancelled nor failed to encode. */
async function shipped(tx: Database, orderId: string): Promise<boolean> {
  // an 856 names every order it ships in its shipment's orderIds, the first also as its order_id
  const found = rowsOf<{ one: number }>(
    await tx.execute(sql`
      select 1 as one from outbound_documents d
      where d.type = '856' and d.status not in ('cancelled', 'failed')
        and (d.order_id = ${orderId} or d.content->'shipment'->'orderIds' @> ${JSON.stringify([orderId])}::jsonb)
      limit 1`),
  );
  return found.length > 0;
}

/** A changed line for an event: the change asked and the quantity and price before and after. */
function summary(line: ChangedLine) {
  const side = (l: ChangedLine['before']) =>
    l ? { quantity: l.quantity, ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}) } : null;
  return {
    lineNumber: line.lineNumber,
    change: line.change,
    before: side(line.before),
    after: side(line.after),
  };
}
