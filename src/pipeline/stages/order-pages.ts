import { and, eq, gt, type SQL } from 'drizzle-orm';
import { orders } from '../../db/schema.ts';
import type { OrderStatus } from './order-states.ts';

/** Orders per page: a stage holds one page, however many orders the message has (66,000 and more). */
export const ORDER_PAGE = 1_000;

/** A message's orders of `status` after the id `after`: one ordered range of the index orders_message_status. */
export function messageOrdersAfter(messageId: string, status: OrderStatus, after: string): SQL {
  return and(eq(orders.messageId, messageId), eq(orders.status, status), gt(orders.id, after))!;
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

/**
 * A message's orders in any of `statuses`, a page at a time by id, as {@link pagesById}: `read(status, after)`
 * reads up to {@link ORDER_PAGE} orders of one status (a {@link messageOrdersAfter} query, in id order), and
 * each page is the first {@link ORDER_PAGE} of those merged. One query with `status in (…)` is no ordered range
 * of the index before PostgreSQL 17: it fetched and sorted every remaining order of the message for each page,
 * 4.5 million rows for a 66,000-order interchange. Order ids are UUIDs (ASCII, hyphens in the same places), for
 * which PostgreSQL's collations and JavaScript's code-unit order agree, so the merge keeps the pages' order.
 */
export function pagesOfStatuses<T extends { id: string }>(
  statuses: readonly OrderStatus[],
  read: (status: OrderStatus, after: string) => Promise<T[]>,
): AsyncGenerator<T[]> {
  return pagesById(async (after) => {
    const rows: T[] = [];
    // one after the other: a transaction's statements share its one connection
    for (const status of statuses) for (const row of await read(status, after)) rows.push(row);
    if (statuses.length === 1) return rows;
    return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, ORDER_PAGE);
  });
}
