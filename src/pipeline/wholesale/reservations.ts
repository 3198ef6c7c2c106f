import { Decimal } from 'decimal.js';
import { sql } from 'drizzle-orm';
import { ROWS_PER_STATEMENT } from '../../db/bulk.ts';
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

/** One warehouse's stock of a SKU as a book holds it: what is still free to take. */
interface Shelf {
  warehouse: string;
  free: Decimal;
}

/** Units of one warehouse taken for an order's line, not yet written. */
interface Take {
  order_id: string;
  line_number: string;
  sku: string;
  warehouse: string;
  quantity: string;
}

/**
 * The stock of some SKUs, locked for the caller's transaction and reserved in memory: one locking read when it
 * is opened, one update and one insert when it is written, however many orders take from it. Rows are locked
 * in SKU and warehouse order (`FOR UPDATE`) before their free quantity is read, so two orders never get the
 * same units, whichever process runs them; and a stage that reserves for a whole page of orders locks all
 * their rows at once, in one order, so two workers' transactions cannot lock shared rows in crossing orders
 * and deadlock.
 */
export class StockBook {
  readonly #shelves: Map<string, Shelf[]>;
  #takes: Take[] = [];

  private constructor(shelves: Map<string, Shelf[]>) {
    this.#shelves = shelves;
  }

  /** Locks and reads every warehouse's stock of `skus`. */
  static async open(tx: Database, skus: readonly string[]): Promise<StockBook> {
    const shelves = new Map<string, Shelf[]>();
    if (skus.length === 0) return new StockBook(shelves);
    const rows = rowsOf<{ sku: string; warehouse: string; free: string }>(
      await tx.execute(sql`
        select sku, warehouse, greatest(on_hand - reserved, 0)::text as free from inventory
        where sku = ${anyOf([...new Set(skus)].sort())}
        order by sku, warehouse
        for update`),
    );
    for (const r of rows) {
      const of = shelves.get(r.sku) ?? [];
      of.push({ warehouse: r.warehouse, free: new Decimal(r.free) });
      shelves.set(r.sku, of);
    }
    return new StockBook(shelves);
  }

  /**
   * Reserves for an order's lines: each takes what is free, warehouse by warehouse (in the order of
   * `warehouses`, only those, else all by name), up to its quantity. Returns what each line got (less than
   * asked when stock ran short; the caller applies the shortage policy). A SKU with no stock row gets nothing.
   */
  take(
    orderId: string,
    claims: readonly StockClaim[],
    warehouses: readonly string[] | undefined,
  ): Map<string, string> {
    const reserved = new Map<string, string>();
    for (const claim of claims) {
      let wanted = new Decimal(claim.quantity);
      let got = new Decimal(0);
      const shelves = (this.#shelves.get(claim.sku) ?? [])
        .filter((s) => !warehouses || warehouses.includes(s.warehouse))
        .sort((a, b) => (warehouses ? warehouses.indexOf(a.warehouse) - warehouses.indexOf(b.warehouse) : 0));
      for (const shelf of shelves) {
        if (wanted.lte(0)) break;
        const take = Decimal.min(wanted, shelf.free);
        if (take.lte(0)) continue;
        // lines of one SKU, and orders of one page, share its shelves: what one takes, the next does not find
        shelf.free = shelf.free.minus(take);
        this.#takes.push({
          order_id: orderId,
          line_number: claim.lineNumber,
          sku: claim.sku,
          warehouse: shelf.warehouse,
          quantity: take.toFixed(),
        });
        wanted = wanted.minus(take);
        got = got.plus(take);
      }
      reserved.set(claim.lineNumber, got.toFixed());
    }
    return reserved;
  }

  /** Gives back what an order (or one of its lines) took from this book and is not written yet. */
  putBack(orderId: string, lineNumber?: string): void {
    this.#takes = this.#takes.filter((t) => {
      const back = t.order_id === orderId && (lineNumber === undefined || t.line_number === lineNumber);
      if (back) {
        const shelf = this.#shelves.get(t.sku)?.find((s) => s.warehouse === t.warehouse);
        if (shelf) shelf.free = shelf.free.plus(t.quantity);
      }
      return !back;
    });
  }

  /** Writes every take: the stock's `reserved` and the reservations, one statement each. */
  async write(tx: Database): Promise<void> {
    if (this.#takes.length === 0) return;
    for (let i = 0; i < this.#takes.length; i += ROWS_PER_STATEMENT) {
      const json = JSON.stringify(this.#takes.slice(i, i + ROWS_PER_STATEMENT));
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
    }
    this.#takes = [];
  }
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
