import { Decimal } from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { ResolvedWholesaleSettings } from '../../core/wholesale-settings.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { applyShortage, type LineOutcome } from '../../rules/settle.ts';
import { StockBook } from './reservations.ts';

/** Line outcomes that ship goods, and so take stock. */
const SHIPS: ReadonlySet<LineOutcome['status']> = new Set([
  'accepted',
  'price_changed',
  'quantity_changed',
  'substituted',
]);

/** The result of reserving an accepted outcome: the lines as they now stand, or the findings that hold it. */
export type Reserved = { lines: LineOutcome[]; hold?: undefined } | { hold: Diagnostic[]; lines?: undefined };

/** Whether any inventory is kept at all: without it nothing is reserved (the pass-through gateway). */
export async function inventoryKept(tx: Database): Promise<boolean> {
  const [row] = rowsOf<{ any: boolean }>(
    await tx.execute(sql`select exists (select 1 from inventory) as any`),
  );
  return row?.any === true;
}

/** The SKUs an order's lines take stock of (a substitute's own). */
export function skusOf(lines: readonly LineOutcome[]): string[] {
  return lines.flatMap((l) => {
    const sku = l.items?.sku ?? l.sku;
    return sku === undefined ? [] : [sku];
  });
}

/**
 * Takes from `book` the stock an order's accepted lines ship and, where a line got less than it ships,
 * applies the partner's shortage policy then: the reservation, not the advisory `inventory.short` rule,
 * decides, so two orders racing for the last units never both get them. A policy of `hold` (when `mayHold`)
 * gives back what the order took and returns the finding for a person; a person's own decision cannot be held
 * again, so there `hold` backorders the line. A backordered or rejected line keeps no partial take. The
 * caller writes the book.
 */
export function bookOutcome(
  book: StockBook,
  orderId: string,
  lines: readonly LineOutcome[],
  settings: ResolvedWholesaleSettings,
  mayHold: boolean,
): Reserved {
  const claims = lines
    .filter((l) => SHIPS.has(l.status) && l.sku !== undefined && new Decimal(l.quantity).gt(0))
    .map((l) => ({ lineNumber: l.lineNumber, sku: l.items?.sku ?? l.sku!, quantity: l.quantity }));
  if (claims.length === 0) return { lines: [...lines] };
  const reserved = book.take(orderId, claims, settings.warehouses);
  const result: LineOutcome[] = [];
  const hold: Diagnostic[] = [];
  for (const line of lines) {
    const got = reserved.get(line.lineNumber);
    if (got === undefined || new Decimal(got).gte(line.quantity)) {
      result.push(line);
      continue;
    }
    const settled = applyShortage(line, got, settings);
    if (settled === 'hold' && mayHold) {
      hold.push({
        severity: 'warning',
        code: 'inventory.short',
        message: `line ${line.lineNumber}: ${line.quantity} ordered, ${got} could be reserved`,
        line: line.lineNumber,
        expected: got,
        found: line.quantity,
      });
      continue;
    }
    const next = settled === 'hold' ? { ...line, status: 'backordered' as const } : settled;
    if (!SHIPS.has(next.status)) book.putBack(orderId, line.lineNumber);
    result.push(next);
  }
  if (hold.length > 0) {
    book.putBack(orderId);
    return { hold };
  }
  return { lines: result };
}

/**
 * {@link bookOutcome} for one order (a person's resolution, an applied change): its SKUs locked, its stock
 * taken and written. Without any inventory kept ({@link inventoryKept}) nothing is reserved.
 */
export async function reserveOutcome(
  tx: Database,
  orderId: string,
  lines: readonly LineOutcome[],
  settings: ResolvedWholesaleSettings,
  how: { mayHold: boolean; inventoryKept: boolean },
): Promise<Reserved> {
  if (!how.inventoryKept) return { lines: [...lines] };
  const book = await StockBook.open(tx, skusOf(lines));
  const reserved = bookOutcome(book, orderId, lines, settings, how.mayHold);
  await book.write(tx);
  return reserved;
}
