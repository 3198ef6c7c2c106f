import type { Order } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import { inList, insertRecordset, ROWS_PER_STATEMENT } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { orders } from '../../db/schema.ts';

/** Orders per flush: a few hundred keeps memory small and each statement's JSON parameter a few MB at most. */
const ORDERS_PER_FLUSH = 250;

/**
 * Buffers decoded orders and writes them with one statement per table (orders, lines) in the caller's
 * transaction: one row at a time tops out near 470 orders/s here, batches reach ~24k rows/s.
 */
export class OrderWriter {
  private pending: Order[] = [];
  private written: { id: string; poNumber: string; messageId: string }[] = [];

  constructor(
    private readonly tx: Database,
    private readonly actor: string,
  ) {}

  async add(order: Order): Promise<void> {
    this.pending.push(order);
    if (this.pending.length >= ORDERS_PER_FLUSH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    await insertRecordset(
      this.tx,
      'orders',
      'id text, partner_id text, message_id text, channel text, po_number text, po_date text, purpose text, status text, currency text, total_amount numeric, data jsonb',
      batch.map((o) => ({
        id: o.id,
        partner_id: o.partnerId,
        message_id: o.source.messageId,
        channel: o.channel,
        po_number: o.poNumber,
        po_date: o.poDate,
        purpose: o.purpose,
        status: 'received',
        currency: o.currency,
        total_amount: o.totals.amount ?? null,
        data: o,
      })),
    );
    await insertRecordset(
      this.tx,
      'order_lines',
      'order_id text, position integer, line_number text, quantity numeric, uom text, unit_price numeric, items jsonb',
      batch.flatMap((o) =>
        o.lines.map((line, position) => ({
          order_id: o.id,
          position,
          line_number: line.lineNumber,
          quantity: line.quantity,
          uom: line.uom,
          unit_price: line.unitPrice ?? null,
          items: line.items,
        })),
      ),
    );
    for (const o of batch)
      this.written.push({ id: o.id, poNumber: o.poNumber, messageId: o.source.messageId });
  }

  /**
   * Writes what is still buffered, takes back orders whose set was rejected after they were written (a group
   * or interchange trailer that arrives later can still reject every set in it; still inside the transaction,
   * so nothing was visible), and records one audit event per order kept. Returns the ids kept.
   */
  async finish(rejected: ReadonlySet<string>): Promise<string[]> {
    await this.flush();
    const dropped = [...rejected];
    for (let i = 0; i < dropped.length; i += ROWS_PER_STATEMENT)
      await this.tx.delete(orders).where(inList(orders.id, dropped.slice(i, i + ROWS_PER_STATEMENT)));
    const kept = this.written.filter((o) => !rejected.has(o.id));
    await audit(
      this.tx,
      kept.map((o) => ({
        actor: this.actor,
        entityType: 'order',
        entityId: o.id,
        action: 'create',
        after: { status: 'received', poNumber: o.poNumber, messageId: o.messageId },
      })),
    );
    return kept.map((o) => o.id);
  }
}
