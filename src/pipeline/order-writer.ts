import { inArray, sql } from 'drizzle-orm';
import type { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { withoutNul } from '../db/json-safe.ts';
import { orders } from '../db/schema.ts';

/** Orders per flush: a few hundred keeps memory small and each statement's JSON parameter a few MB at most. */
const ORDERS_PER_FLUSH = 250;

/**
 * Inserts many rows as one JSON parameter expanded by jsonb_to_recordset. Same rows as a drizzle multi-row
 * insert, but one bind parameter instead of one per value: the pipeline bench showed drizzle building the
 * 17,500-parameter order_lines insert of a 100-order message (and postgres.js preparing a new statement for
 * every row count) as the worker's largest CPU cost. Keys of `rows` are the column names.
 */
export async function insertRecordset(
  tx: Database,
  table: 'orders' | 'order_lines' | 'audit_events' | 'outbound_documents',
  columns: string,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0])
    .join(', ');
  await tx.execute(
    sql`insert into ${sql.identifier(table)} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(columns)})`,
  );
}

/** audit_events columns as jsonb_to_recordset reads them (`at` and `id` take their defaults). */
export const AUDIT_COLUMNS =
  'actor text, entity_type text, entity_id text, action text, before jsonb, after jsonb';

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
    const batch = withoutNul(this.pending);
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
    for (let i = 0; i < dropped.length; i += 5_000)
      await this.tx.delete(orders).where(inArray(orders.id, dropped.slice(i, i + 5_000)));
    const kept = this.written.filter((o) => !rejected.has(o.id));
    for (let i = 0; i < kept.length; i += 5_000) {
      await insertRecordset(
        this.tx,
        'audit_events',
        AUDIT_COLUMNS,
        kept.slice(i, i + 5_000).map((o) => ({
          actor: this.actor,
          entity_type: 'order',
          entity_id: o.id,
          action: 'create',
          before: null,
          after: { status: 'received', poNumber: o.poNumber, messageId: o.messageId },
        })),
      );
    }
    return kept.map((o) => o.id);
  }
}
