import { Decimal } from 'decimal.js';
import { sql } from 'drizzle-orm';
import type { Diagnostic } from '../../core/diagnostic.ts';
import type { ResolvedWholesaleSettings } from '../../core/wholesale-settings.ts';
import { type Database, rowsOf } from '../../db/client.ts';
import { applyShortage, type LineOutcome } from '../../rules/settle.ts';
import { releaseStock, reserveStock } from './reservations.ts';

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

/**
 * Reserves the stock an order's accepted lines ship ({@link reserveStock}: atomic against every other worker)
 * and, where a line got less than it ships, applies the partner's shortage policy then: the reservation, not
 * the advisory `inventory.short` rule, decides, so two orders racing for the last units never both get them.
 * A policy of `hold` (when `mayHold`) releases what the order reserved and returns the finding for a person;
 * a person's own decision cannot be held again, so there `hold` backorders the line. Without any inventory
 * kept ({@link inventoryKept}) nothing is reserved.
 */
export async function reserveOutcome(
  tx: Database,
  orderId: string,
  lines: readonly LineOutcome[],
  settings: ResolvedWholesaleSettings,
  how: { mayHold: boolean; inventoryKept: boolean },
): Promise<Reserved> {
  if (!how.inventoryKept) return { lines: [...lines] };
  const claims = lines
    .filter((l) => SHIPS.has(l.status) && l.sku !== undefined && new Decimal(l.quantity).gt(0))
    .map((l) => ({ lineNumber: l.lineNumber, sku: l.items?.sku ?? l.sku!, quantity: l.quantity }));
  if (claims.length === 0) return { lines: [...lines] };
  const reserved = await reserveStock(tx, orderId, claims, settings.warehouses);
  const result: LineOutcome[] = [];
  const hold: Diagnostic[] = [];
  for (const line of lines) {
    const got = reserved.get(line.lineNumber);
    if (got === undefined || new Decimal(got).gte(line.quantity)) {
      result.push(line);
      continue;
    }
    const settled = applyShortage(line, got, settings);
    if (settled === 'hold' && how.mayHold) {
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
    // a backordered or rejected line ships nothing now: it keeps no partial reservation
    if (!SHIPS.has(next.status)) await releaseStock(tx, orderId, line.lineNumber);
    result.push(next);
  }
  if (hold.length > 0) {
    await releaseStock(tx, orderId);
    return { hold };
  }
  return { lines: result };
}
