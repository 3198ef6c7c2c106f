import { Decimal } from 'decimal.js';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../../db/client.ts';

/** One line's claim on stock: how much of which SKU. */
export interface StockClaim {
  lineNumber: string;
  sku: string;
  quantity: string;
}

/** `column = any(list)` for a list given as one JSON parameter. */
const anyOf = (list: readonly string[]) =>
  sql`any(array(select jsonb_array_elements_text(${JSON.stringify(list)}::jsonb)))`;

/**
 * Locks the stock rows of `skus` (every warehouse) in one statement, in SKU and warehouse order. A stage that
 * reserves for many orders in one transaction locks all their rows first: locking order by order would take
 * the rows in crossing orders in two workers' transactions, and they would deadlock.
 */
export async function lockStock(tx: Database, skus: readonly string[]): Promise<void> {
  if (skus.length === 0) return;
  await tx.execute(sql`
    select 1 from inventory where sku = ${anyOf([...new Set(skus)].sort())}
    order by sku, warehouse for update`);
}

/**
 * Reserves stock for an order's lines, atomically against every other worker: the rows of its SKUs are locked
 * (`FOR UPDATE`, in SKU and warehouse order) before their free quantity is read, so two orders never get the
 * same units, whichever process runs them. A line takes what is free, warehouse by warehouse (in the partner's
 * order of `warehouses`, else by name), up to its quantity; the takes are written with one update and one
 * insert, so an order of 25 lines is three statements, not 75. Returns the quantity reserved per line (less
 * than asked when stock ran short; the caller applies the shortage policy). Untracked SKUs (no inventory row)
 * reserve nothing.
 */
export async function reserveStock(
  tx: Database,
  orderId: string,
  claims: readonly StockClaim[],
  warehouses: readonly string[] | undefined,
): Promise<Map<string, string>> {
  const reserved = new Map<string, string>();
  if (claims.length === 0) return reserved;
  const skus = [...new Set(claims.map((c) => c.sku))].sort();
  const rows = rowsOf<{ sku: string; warehouse: string; free: string }>(
    await tx.execute(sql`
      select sku, warehouse, greatest(on_hand - reserved, 0)::text as free from inventory
      where sku = ${anyOf(skus)} ${warehouses ? sql`and warehouse = ${anyOf(warehouses)}` : sql``}
      order by sku, warehouse
      for update`),
  );
  const preference = warehouses ?? [];
  const bySku = new Map<string, { warehouse: string; free: Decimal }[]>();
  for (const r of rows) {
    const of = bySku.get(r.sku) ?? [];
    of.push({ warehouse: r.warehouse, free: new Decimal(r.free) });
    bySku.set(r.sku, of);
  }
  for (const of of bySku.values())
    of.sort((a, b) => preference.indexOf(a.warehouse) - preference.indexOf(b.warehouse));
  const takes: { order_id: string; line_number: string; sku: string; warehouse: string; quantity: string }[] =
    [];
  for (const claim of claims) {
    let wanted = new Decimal(claim.quantity);
    let got = new Decimal(0);
    for (const row of bySku.get(claim.sku) ?? []) {
      if (wanted.lte(0)) break;
      const take = Decimal.min(wanted, row.free);
      if (take.lte(0)) continue;
      // two lines of one SKU share its rows: what one takes, the next does not find
      row.free = row.free.minus(take);
      takes.push({
        order_id: orderId,
        line_number: claim.lineNumber,
        sku: claim.sku,
        warehouse: row.warehouse,
        quantity: take.toFixed(),
      });
      wanted = wanted.minus(take);
      got = got.plus(take);
    }
    reserved.set(claim.lineNumber, got.toFixed());
  }
  if (takes.length === 0) return reserved;
  const json = JSON.stringify(takes);
  await tx.execute(sql`
    update inventory i set reserved = i.reserved + t.quantity, updated_at = now()
    from (select sku, warehouse, sum(quantity) as quantity
          from jsonb_to_recordset(${json}::jsonb) as r(sku text, warehouse text, quantity numeric)
          group by sku, warehouse) t
    where i.sku = t.sku and i.warehouse = t.warehouse`);
  await tx.execute(sql`
    insert into reservations (order_id, line_number, sku, warehouse, quantity)
    select order_id, line_number, sku, warehouse, quantity
    from jsonb_to_recordset(${json}::jsonb)
      as r(order_id text, line_number text, sku text, warehouse text, quantity numeric)
    on conflict (order_id, line_number, warehouse)
    do update set quantity = reservations.quantity + excluded.quantity`);
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
