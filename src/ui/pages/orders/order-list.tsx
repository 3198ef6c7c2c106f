import type { FieldProblem } from '../../../core/field-problem.ts';
import type { OrderSummary } from '../../../db/order-view.ts';
import { ORDER_STATUSES } from '../../../pipeline/stages/order-states.ts';
import { PartnerFilter, SelectField, TextField } from '../../components/form.tsx';
import { Badge, Table, When, withQuery } from '../../components/list.tsx';
import { CHANNELS } from '../messages/search.tsx';

/** The list's filters as the query string carries them. */
export interface OrderQuery {
  partner?: string;
  status?: string;
  channel?: string;
  /** A day, YYYY-MM-DD (UTC): orders received that day or later. */
  since?: string;
  /** The last order of the page before. */
  after?: string;
}

/** The filters of a request, trimmed and bounded. */
export function orderQuery(get: (name: string) => string | undefined): OrderQuery {
  const query: OrderQuery = {};
  for (const name of ['partner', 'status', 'channel', 'since', 'after'] as const) {
    const value = get(name)?.trim();
    if (value) query[name] = value.slice(0, 100);
  }
  return query;
}

/** The service's filter for a query, or the problem of the field that cannot be one. */
export function orderFilter(query: OrderQuery, limit: number) {
  let since: Date | undefined;
  if (query.since) {
    since = new Date(`${query.since}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(query.since) || Number.isNaN(since.getTime()))
      return { problems: [{ path: 'since', message: 'a day as YYYY-MM-DD' }] as FieldProblem[] };
  }
  return {
    filter: {
      ...(query.partner ? { partnerId: query.partner } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(since ? { since } : {}),
      ...(query.after ? { after: query.after } : {}),
      limit,
    },
  };
}

/** An order's status as a word with its tone. */
export function OrderStatus(props: { status: string }) {
  const tone =
    props.status === 'accepted'
      ? 'ok'
      : props.status === 'held' || props.status === 'received' || props.status === 'valid'
        ? 'warn'
        : props.status === 'rejected' || props.status === 'invalid'
          ? 'bad'
          : 'muted';
  return <Badge tone={tone}>{props.status}</Badge>;
}

/** The filter form, the orders (newest first) and the link to the next page. */
export function OrderList(props: {
  query: OrderQuery;
  rows: OrderSummary[];
  next?: string;
  partners: { id: string; name: string }[];
  problems?: FieldProblem[];
}) {
  const { query } = props;
  const names = new Map(props.partners.map((p) => [p.id, p.name]));
  const filters = { ...query, after: undefined };
  return (
    <>
      <form class="filters inline" method="get" action="/admin/orders" aria-label="Filter orders">
        <PartnerFilter partners={props.partners} value={query.partner} />
        <SelectField
          name="status"
          label="Status"
          value={query.status ?? ''}
          options={[{ value: '', label: 'Any status' }, ...ORDER_STATUSES]}
        />
        <SelectField
          name="channel"
          label="Channel"
          value={query.channel ?? ''}
          options={[{ value: '', label: 'Any channel' }, ...CHANNELS]}
        />
        <TextField
          name="since"
          label="Received from"
          type="date"
          value={query.since}
          problems={props.problems}
        />
        <button type="submit">Filter</button>
        <a href="/admin/orders">Clear filters</a>
      </form>
      <Table
        caption="Orders, newest first"
        head={['PO number', 'PO date', 'Partner', 'Channel', 'Status', 'Total', 'Received']}
        numeric={[5]}
        rows={props.rows.length}
        empty="No order matches."
      >
        {props.rows.map((o) => (
          <tr>
            <td>
              <a href={`/admin/orders/${encodeURIComponent(o.id)}`}>{o.poNumber}</a>
            </td>
            <td>{o.poDate}</td>
            <td>{names.get(o.partnerId) ?? o.partnerId}</td>
            <td>{o.channel}</td>
            <td>
              <OrderStatus status={o.status} />
            </td>
            <td class="num">{o.totalAmount ? `${o.totalAmount} ${o.currency}` : '—'}</td>
            <td>
              <When at={o.createdAt} />
            </td>
          </tr>
        ))}
      </Table>
      <nav class="pager" aria-label="Pages">
        {query.after ? <a href={withQuery('/admin/orders', filters)}>← Newest</a> : <span />}
        {props.next ? (
          <a href={withQuery('/admin/orders', { ...filters, after: props.next })}>Older orders →</a>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}
