import { Decimal } from 'decimal.js';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { InventoryItem } from '../../core/master-data.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { inventory } from '../../db/schema.ts';
import {
  existingSkus,
  type ImportProblem,
  importInvalid,
  LISTED_PROBLEMS,
  type Locate,
  placeOf,
  type UpsertCounts,
} from './products.ts';
import { slices, upsertRecordset } from './recordset.ts';

/** Stock of a SKU in a warehouse: on hand, reserved for accepted orders, and available to promise. */
export interface InventoryView {
  sku: string;
  warehouse: string;
  onHand: string;
  reserved: string;
  /** Available to promise: on hand − reserved. */
  available: string;
  updatedAt: string;
}

type InventoryRow = typeof inventory.$inferSelect;

function view(row: InventoryRow): InventoryView {
  return {
    sku: row.sku,
    warehouse: row.warehouse,
    onHand: row.onHand,
    reserved: row.reserved,
    available: new Decimal(row.onHand).minus(row.reserved).toFixed(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const key = (sku: string, warehouse: string) => `${sku}\u0000${warehouse}`;
const atPath: Locate = (index, field) => ({ path: `${index}.${field}` });

/**
 * Sets what is on hand per SKU and warehouse (`PUT /v1/inventory`): a new pair is created with nothing
 * reserved; an existing one keeps its reservations (they are the orders'), so available to promise moves with
 * the count. Each change is audited. Nothing is saved when a pair is given twice (`product.import_invalid`) or a
 * SKU is no product (`product.unknown_sku`), each located by `locate`.
 */
export async function setInventory(
  db: Database,
  input: readonly InventoryItem[],
  actor: string,
  locate: Locate = atPath,
): Promise<UpsertCounts> {
  const seen = new Map<string, number>();
  const repeated: ImportProblem[] = [];
  for (const [i, item] of input.entries()) {
    const first = seen.get(key(item.sku, item.warehouse));
    if (first === undefined) seen.set(key(item.sku, item.warehouse), i);
    else
      repeated.push({
        ...locate(i, 'sku'),
        message: `${item.sku} in ${item.warehouse} is given twice (${placeOf(locate(first, 'sku'))} too)`,
      });
  }
  if (repeated.length > 0) throw importInvalid(repeated, 'stock counts');
  const known = await existingSkus(
    db,
    input.map((i) => i.sku),
  );
  const unknown = input.flatMap((item, i) =>
    known.has(item.sku) ? [] : [{ ...locate(i, 'sku'), message: `${item.sku} is no product` }],
  );
  if (unknown.length > 0)
    throw permanent('product.unknown_sku', `${unknown.length} stock count(s) name a SKU that is no product`, {
      details: unknown.slice(0, LISTED_PROBLEMS),
    });
  return db.transaction(async (tx) => {
    const existing = new Map<string, InventoryRow>();
    for (const slice of slices([...new Set(input.map((i) => i.sku))])) {
      // locked in key order, as the reservations take them, so a count and an order cannot deadlock
      const rows = await tx
        .select()
        .from(inventory)
        .where(inList(inventory.sku, slice))
        .orderBy(asc(inventory.sku), asc(inventory.warehouse))
        .for('update');
      for (const row of rows) existing.set(key(row.sku, row.warehouse), row);
    }
    const changed = input.filter((item) => {
      const before = existing.get(key(item.sku, item.warehouse));
      return before === undefined || !new Decimal(before.onHand).eq(item.onHand);
    });
    await upsertRecordset(
      tx,
      'inventory',
      'sku text, warehouse text, on_hand numeric',
      changed.map((item) => ({ sku: item.sku, warehouse: item.warehouse, on_hand: item.onHand })),
      { conflict: ['sku', 'warehouse'], update: ['on_hand'], touch: true },
    );
    await audit(
      tx,
      changed.map((item) => {
        const before = existing.get(key(item.sku, item.warehouse));
        return {
          actor,
          entityType: 'inventory',
          entityId: `${item.sku}@${item.warehouse}`,
          action: before === undefined ? 'create' : 'update',
          ...(before !== undefined
            ? { before: { sku: item.sku, warehouse: item.warehouse, onHand: before.onHand } }
            : {}),
          after: { sku: item.sku, warehouse: item.warehouse, onHand: item.onHand },
        };
      }),
    );
    const created = changed.filter((item) => !existing.has(key(item.sku, item.warehouse))).length;
    return { created, updated: changed.length - created, unchanged: input.length - changed.length };
  });
}

/** A page position of the stock list: the last (sku, warehouse) of the page before, as an opaque string. */
function cursor(row: { sku: string; warehouse: string }): string {
  return Buffer.from(JSON.stringify([row.sku, row.warehouse])).toString('base64url');
}

function position(after: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')
      ? (value as [string, string])
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stock by SKU and warehouse, a page at a time (`after`: the `next` of the page before); `sku` and `warehouse`
 * narrow it. `request.invalid` for an `after` that is no page position.
 */
export async function listInventory(
  db: Database,
  query: { sku?: string; warehouse?: string; after?: string; limit: number },
): Promise<{ inventory: InventoryView[]; next?: string }> {
  const filters: SQL[] = [];
  if (query.sku !== undefined) filters.push(eq(inventory.sku, query.sku));
  if (query.warehouse !== undefined) filters.push(eq(inventory.warehouse, query.warehouse));
  if (query.after !== undefined) {
    const at = position(query.after);
    if (at === undefined)
      throw permanent('request.invalid', 'after is no page position', {
        details: [{ path: 'after', message: 'pass the `next` of the page before' }],
      });
    filters.push(sql`(${inventory.sku}, ${inventory.warehouse}) > (${at[0]}, ${at[1]})`);
  }
  const rows = await db
    .select()
    .from(inventory)
    .where(filters.length > 0 ? and(...filters) : sql`true`)
    .orderBy(asc(inventory.sku), asc(inventory.warehouse))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    inventory: page.map(view),
    ...(rows.length > query.limit ? { next: cursor(page.at(-1)!) } : {}),
  };
}
