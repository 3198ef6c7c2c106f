import { withQuery } from '../../components/list.tsx';

/**
 * The lists the dashboard's figures link to, with the query parameters each list takes (agreed between the
 * areas): messages `partner, channel, status, po, control, since, until`; orders `partner, status, channel,
 * since` (and `until` for one day, as the messages list takes it); exceptions `type, owner, partner, overdue=1,
 * status`; jobs `status, stage`. `since` and `until` are UTC days (YYYY-MM-DD), `until` included.
 */
/** A UTC day as the lists' `since` and `until` take it. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export const links = {
  orders: (query: { partner?: string; channel?: string; status?: string; since: Date; until?: Date }) =>
    withQuery('/admin/orders', {
      partner: query.partner,
      channel: query.channel,
      status: query.status,
      since: dayOf(query.since),
      until: query.until && dayOf(query.until),
    }),
  exceptions: (query: { type?: string; overdue?: boolean } = {}) =>
    withQuery('/admin/exceptions', { type: query.type, overdue: query.overdue ? '1' : undefined }),
  jobs: (query: { status: 'dead' | 'failed' | 'pending'; stage?: string }) =>
    withQuery('/admin/jobs', { status: query.status, stage: query.stage }),
  overdueAcks: (query: { partner?: string } = {}) =>
    withQuery('/admin/overdue-acks', { partner: query.partner }),
  message: (id: string) => `/admin/messages/${encodeURIComponent(id)}`,
  order: (id: string) => `/admin/orders/${encodeURIComponent(id)}`,
};
