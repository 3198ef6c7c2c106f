import { and, eq, gt, inArray, type SQL } from 'drizzle-orm';
import { orders } from '../../db/schema.ts';
import type { OrderStatus } from './order-states.ts';

/** Orders per page: a stage holds one page, however many orders the message has (66,000 and more). */
export const ORDER_PAGE = 1_000;

/** A message's orders in one of `statuses` after the id `after` (index orders_message_status). */
export function messageOrdersAfter(messageId: string, statuses: readonly OrderStatus[], after: string): SQL {
  return and(eq(orders.messageId, messageId), inArray(orders.status, [...statuses]), gt(orders.id, after))!;
}

/**
 * Rows a page at a time by id: `read(after)` returns up to {@link ORDER_PAGE} rows with ids above `after`, in id
 * order. A short page is the last, so no query is made to find nothing.
 */
export async function* pagesById<T extends { id: string }>(
  read: (after: string) => Promise<T[]>,
): AsyncGenerator<T[]> {
  let after = '';
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < ORDER_PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}
