import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { Order } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { exceptions, orders, partnerItems, products } from '../../db/schema.ts';
import { partnerAgreement } from '../../partners/partner-lookup.ts';
import { orderDecidedEvent } from '../../pipeline/events/order-events.ts';
import { publishEvents } from '../../pipeline/events/publish.ts';
import { enqueueStage } from '../../pipeline/stage-names.ts';
import { changeOrderStates } from '../../pipeline/stages/order-states.ts';
import { answeredBefore } from '../../pipeline/wholesale/change-answer.ts';
import { releaseStock } from '../../pipeline/wholesale/reservations.ts';
import { inventoryKept, reserveOutcome } from '../../pipeline/wholesale/reserve-outcome.ts';
import { loadRuleContexts, productOf } from '../../pipeline/wholesale/rule-context.ts';
import { acknowledgmentOf } from '../../rules/acknowledgment.ts';
import { gtin14 } from '../../rules/gtin.ts';
import { type Resolution, resolveLines } from '../../rules/resolve-lines.ts';
import type { Product } from '../../rules/rule.ts';
import type { LineOutcome, Settlement } from '../../rules/settle.ts';
import { recordDocumentRequest } from '../request-document.ts';

/** What a person decides (`POST /v1/exceptions/:id/resolve`). */
export interface ResolveInput extends Resolution {
  /** Teach once: a line whose item was unknown and is given a SKU stores the partner's cross-reference. */
  remember?: boolean;
  comment?: string;
}

export type ResolveOutcome =
  | {
      outcome: 'resolved';
      orderId?: string;
      orderStatus?: string;
      lines?: LineOutcome[];
      remembered: string[];
    }
  | { outcome: 'not_found' }
  | { outcome: 'not_open' }
  | { outcome: 'line_unknown'; message: string }
  | { outcome: 'unknown_sku'; skus: string[] };

/** A settlement for an order held before it had one: every line as ordered. */
function asOrdered(order: Order): Settlement {
  return {
    lines: order.lines.map((l) => ({
      lineNumber: l.lineNumber,
      status: 'accepted',
      quantity: l.quantity,
      ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}),
    })),
    settled: [],
    forPerson: [],
  };
}

/**
 * A person decides an exception. For a held order: accept (with the lines changed as the person says:
 * price, quantity, substitute, backorder, reject) or reject the whole order; the stock its lines now ship is
 * reserved, the outcome kept, every open exception of the order resolved, and the acknowledge stage asked
 * for again, so the 855 (or the mail reply) goes out with each line's outcome — all in one transaction with
 * that job (an order answered before, whose change a person now decides, gets a new 855 with every line as
 * decided). A SKU the person names must be one of our products. With `remember`, a line whose item was unknown and is given a SKU teaches the partner's
 * cross-reference (its buyer item number, else its GTIN), so the next order with that item passes by itself.
 * An exception without an order (a mail's sender, a failed job) is only marked resolved.
 */
export async function resolveException(
  db: Database,
  id: string,
  input: ResolveInput,
  actor: string,
): Promise<ResolveOutcome> {
  return db.transaction(async (tx) => {
    const [exception] = await tx.select().from(exceptions).where(eq(exceptions.id, id)).for('update');
    if (!exception) return { outcome: 'not_found' };
    if (exception.status !== 'open') return { outcome: 'not_open' };
    const resolution = { action: input.action, lines: input.lines ?? [], comment: input.comment ?? null };
    let result: ResolveOutcome = { outcome: 'resolved', remembered: [] };

    const [row] = exception.orderId
      ? await tx.select().from(orders).where(eq(orders.id, exception.orderId)).for('update')
      : [];
    if (row && row.status === 'held') {
      const order = Order.parse(row.data);
      const settings = (await partnerAgreement(tx, row.partnerId))?.settings;
      if (!settings) return { outcome: 'not_found' };
      const settlement = (row.outcome as Settlement | null) ?? asOrdered(order);
      const contextFor = await loadRuleContexts(
        tx,
        [order],
        new Map([[row.partnerId, settings]]),
        new Date(),
      );
      const known = contextFor(order, false).catalog;
      // the SKUs the person names (a substitute, the item of an unknown line) must be products of ours
      const named = [...new Set((input.lines ?? []).flatMap((l) => (l.sku ? [l.sku] : [])))];
      const found = named.length > 0 ? await productsBySku(tx, named) : new Map<string, Product>();
      const missing = named.filter((sku) => !found.has(sku));
      if (missing.length > 0) return { outcome: 'unknown_sku', skus: missing };
      const catalog = { ...known, products: new Map([...known.products, ...found]) };
      let lines: LineOutcome[];
      try {
        lines = resolveLines(order, settlement, input, catalog);
      } catch (error) {
        return { outcome: 'line_unknown', message: (error as Error).message };
      }
      if (input.action === 'accept') {
        const reserved = await reserveOutcome(tx, row.id, lines, settings, {
          mayHold: false,
          inventoryKept: await inventoryKept(tx),
        });
        lines = reserved.lines ?? lines;
      } else await releaseStock(tx, row.id);
      const status = lines.every((l) => l.status === 'rejected') ? 'rejected' : 'accepted';
      await changeOrderStates(
        tx,
        [{ id: row.id, from: 'held', to: status, outcome: { ...settlement, lines } }],
        {
          actor,
          action: 'resolve',
        },
      );
      const remembered = input.remember ? await teach(tx, order, settlement, input) : [];
      await tx
        .update(exceptions)
        .set({ status: 'resolved', resolvedAt: sql`now()`, resolvedBy: actor, resolution })
        .where(and(eq(exceptions.orderId, row.id), eq(exceptions.status, 'open')));
      if (await answeredBefore(tx, row.id)) {
        // an order answered before (a change held it): its new answer is an 855 with every line as decided
        if (settings.send855)
          await recordDocumentRequest(tx, {
            id: randomUUID(),
            type: '855',
            partnerId: row.partnerId,
            orderId: row.id,
            content: acknowledgmentOf(row.id, lines, row.erpOrderNumber ?? undefined),
            actor,
          });
      } else await enqueueStage(tx, 'acknowledge', row.messageId, { again: true });
      await publishEvents(tx, [
        orderDecidedEvent(status, {
          id: row.id,
          partnerId: row.partnerId,
          poNumber: row.poNumber,
          order: row.data,
          lines,
          diagnostics: row.diagnostics,
        }),
      ]);
      result = { outcome: 'resolved', orderId: row.id, orderStatus: status, lines, remembered };
    } else {
      await tx
        .update(exceptions)
        .set({ status: 'resolved', resolvedAt: sql`now()`, resolvedBy: actor, resolution })
        .where(eq(exceptions.id, id));
    }
    await audit(tx, {
      actor,
      entityType: 'exception',
      entityId: id,
      action: 'resolve',
      before: { status: 'open' },
      after: { status: 'resolved', ...resolution },
    });
    return result;
  });
}

/**
 * Stores the partner's cross-reference for each line the person gave a SKU whose item was unknown: the line's
 * buyer item number, else its GTIN (as GTIN-14). Returns what was learnt, as `buyerItem 4711 → SKU-1`.
 */
async function teach(
  tx: Database,
  order: Order,
  settlement: Settlement,
  input: ResolveInput,
): Promise<string[]> {
  const unknown = new Set(
    [...settlement.forPerson, ...settlement.settled]
      .filter((d: Diagnostic) => d.code === 'item.unknown' && d.line !== undefined)
      .map((d) => d.line),
  );
  const learnt: string[] = [];
  for (const decided of input.lines ?? []) {
    if (!decided.sku || !unknown.has(decided.lineNumber)) continue;
    const line = order.lines.find((l) => l.lineNumber === decided.lineNumber);
    if (!line) continue;
    const gtin = gtin14(line.items.gtin ?? line.items.upc ?? line.items.ean);
    const key = line.items.buyerItem
      ? { kind: 'buyerItem' as const, value: line.items.buyerItem }
      : gtin
        ? { kind: 'gtin' as const, value: gtin }
        : undefined;
    if (!key) continue;
    await tx
      .insert(partnerItems)
      .values({ partnerId: order.partnerId, ...key, sku: decided.sku })
      .onConflictDoUpdate({
        target: [partnerItems.partnerId, partnerItems.kind, partnerItems.value],
        set: { sku: decided.sku },
      });
    await audit(tx, {
      actor: 'pipeline',
      entityType: 'partner_item',
      entityId: `${order.partnerId}:${key.kind}:${key.value}`,
      action: 'learn',
      after: { sku: decided.sku, orderId: order.id },
    });
    learnt.push(`${key.kind} ${key.value} → ${decided.sku}`);
  }
  return learnt;
}

/** `POST /v1/exceptions/:id/assign`: who works it now. */
export async function assignException(
  db: Database,
  id: string,
  owner: string,
  actor: string,
): Promise<'assigned' | 'not_found' | 'not_open'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: exceptions.status, owner: exceptions.owner })
      .from(exceptions)
      .where(eq(exceptions.id, id))
      .for('update');
    if (!row) return 'not_found';
    if (row.status !== 'open') return 'not_open';
    await tx.update(exceptions).set({ owner }).where(eq(exceptions.id, id));
    await audit(tx, {
      actor,
      entityType: 'exception',
      entityId: id,
      action: 'assign',
      before: { owner: row.owner },
      after: { owner },
    });
    return 'assigned';
  });
}

/** Our products of `skus`, as the rules see them. */
async function productsBySku(tx: Database, skus: readonly string[]): Promise<Map<string, Product>> {
  const rows = await tx.select().from(products).where(inList(products.sku, skus));
  return new Map(rows.map((p) => [p.sku, productOf(p)]));
}
