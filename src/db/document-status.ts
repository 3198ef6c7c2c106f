import { type SQL, sql } from 'drizzle-orm';

/** Outbound documents a partner is expected to answer with a 997/999. */
export const ACKNOWLEDGED_TYPES = ['855', '856', '810', '865'] as const;

/**
 * Statuses of a shipment or invoice (or 855) that no longer says anything to the partner, so it does not
 * count for what was shipped, invoiced or acknowledged: the partner rejected it (997/999 R), it could not be
 * encoded (`failed`), or an admin cancelled it before it went out.
 */
export const UNCOUNTED_DOCUMENT_STATUSES = ['rejected', 'failed', 'cancelled'] as const;

/** Statuses of a document an admin may still cancel: not yet encoded, so nothing of it reached the partner. */
export const CANCELLABLE_DOCUMENT_STATUSES = ['requested', 'failed'] as const;

/** Hours a partner has to acknowledge a document before it counts as overdue (partner setting). */
export const DEFAULT_ACK_DEADLINE_HOURS = 24;

/**
 * An outbound document's status as people see it: the stored one, except that a sent document the partner
 * has not acknowledged within its `ackDeadlineHours` (default 24) shows as `overdue`. Computed when read, so
 * it needs no sweeper and is the same in every process. `d` is the outbound_documents alias; `p` partners.
 */
export function documentStatusSql(d = 'outbound_documents', p = 'partners'): SQL {
  const types = ACKNOWLEDGED_TYPES.map((t) => `'${t}'`).join(', ');
  return sql.raw(`case
    when ${d}.status in ('encoded', 'delivered') and ${d}.type in (${types})
     and ${d}.created_at < now() - make_interval(hours => coalesce((${p}.settings->>'ackDeadlineHours')::int, ${DEFAULT_ACK_DEADLINE_HOURS}))
    then 'overdue' else ${d}.status end`);
}
