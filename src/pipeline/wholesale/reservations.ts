import { Decimal } from 'decimal.js';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../db/client.ts';

/** One line's claim on stock: how much of which SKU. */
export interface StockClaim {
  lineNumber: string;
  sku: string;
  quantity: string;
}

/**
 * Reserves stock for an order's lines, atomically against every other worker: each warehouse row of a SKU is
 * locked (`FOR UPDATE`) before its free quantity is read, so two orders never get the same units, whichever
 * process runs them. A line takes what is free, warehouse by warehouse (in the partner's order of
 * `warehouses`, else by name), up to its quantity. Lines are taken in SKU order so two orders locking the same
 * rows lock them in the same order and cannot deadlock. Returns the quantity reserved per line (less than
 * asked when stock ran short; the caller applies the shortage policy). Untracked SKUs (no inventory row at
 * all) reserve nothing.
 */
export async function reserveStock(
  tx: Database,
  orderId: string,
  claims: readonly StockClaim[],
  warehouses: readonly string[] | undefined,
): Promise<Map<string, string>> {
  const reserved = new Map<string, string>();
  const sorted = [...claims].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  for (const claim of sorted) {
    let wanted = new Decimal(claim.quantity);
    let got = new Decimal(0);
    const rows = rowsOf<{ warehouse: string; free: string }>(
      await tx.execute(sql`
        select warehouse, greatest(on_hand - reserved, 0)::text as free from inventory
        where sku = ${claim.sku}
        ${warehouses ? sql`and warehouse = any(array(select jsonb_array_elements_text(${JSON.stringify(warehouses)}::jsonb)))` : sql``}
        order by warehouse
        for update`),
    );
    const order = warehouses ?? [];
    rows.sort((a, b) => order.indexOf(a.warehouse) - order.indexOf(b.warehouse));
    for (const row of rows) {
      if (wanted.lte(0)) break;
      const take = Decimal.min(wanted, row.free);
      if (take.lte(0)) continue;
      await tx.execute(sql`
        update inventory set reserved = reserved + ${take.toFixed()}::numeric, updated_at = now()
        where sku = ${claim.sku} and warehouse = ${row.warehouse}`);
      await tx.execute(sql`
        insert into reservations (order_id, line_number, sku, warehouse, quantity)
        values (${orderId}, ${claim.lineNumber}, ${claim.sku}, ${row.warehouse}, ${take.toFixed()}::numeric)
        on conflict (order_id, line_number, warehouse)
        do update set quantity = reservations.quantity + excluded.quantity`);
      wanted = wanted.minus(take);
      got = got.plus(take);
    }
    reserved.set(claim.lineNumber, got.toFixed());
  }
  return reserved;
}

/**
 * Gives back every unit reserved for an order (rejected, cancelled, or before its lines are reserved again
 * after a change), or for one of its lines. Safe to repeat: what is released has no reservations left.
 */
export async function releaseStock(tx: Database, orderId: string, lineNumber?: string): Promise<void> {
  const line = lineNumber === undefined ? sql`` : sql`and line_number = ${lineNumber}`;
  await tx.execute(sql`
    with gone as (delete from reservations where order_id = ${orderId} ${line} returning sku, warehouse, quantity),
    total as (select sku, warehouse, sum(quantity) as quantity from gone group by sku, warehouse)
    update inventory i set reserved = greatest(i.reserved - total.quantity, 0), updated_at = now()
    from total where i.sku = total.sku and i.warehouse = total.warehouse`);
}
