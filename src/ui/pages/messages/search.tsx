import type { FieldProblem } from '../../../core/field-problem.ts';
import type { MessageFilter, MessageSummary } from '../../../db/message-view.ts';
import { MESSAGE_STATUSES } from '../../../db/schema.ts';
import { PartnerFilter, SelectField, TextField } from '../../components/form.tsx';
import { Badge, Table, When, withQuery } from '../../components/list.tsx';

/** The search's filters as the query string carries them (a GET form: a search is a link). */
export interface MessageQuery {
  partner?: string;
  channel?: string;
  status?: string;
  po?: string;
  control?: string;
  /** Days, YYYY-MM-DD (UTC), both inclusive. */
  since?: string;
  until?: string;
  /** The last message of the page before. */
  after?: string;
}

/** The channels a message comes in or goes out by. */
export const CHANNELS = ['x12', 'email', 'csv', 'portal', 'cxml', 'api'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The query of a request, each value trimmed and bounded; unknown values are kept to be reported. */
export function messageQuery(get: (name: string) => string | undefined): MessageQuery {
  const query: MessageQuery = {};
  for (const name of ['partner', 'channel', 'status', 'po', 'control', 'since', 'until', 'after'] as const) {
    const value = get(name)?.trim();
    if (value) query[name] = value.slice(0, 100);
  }
  return query;
}

/** The service's filter for a query, or the problems of the fields that cannot be one. */
export function messageFilter(
  query: MessageQuery,
  limit: number,
): { filter: MessageFilter } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const day = (name: 'since' | 'until', text: string | undefined, plusDays: number) => {
    if (text === undefined) return undefined;
    const date = new Date(`${text}T00:00:00Z`);
    if (!DAY.test(text) || Number.isNaN(date.getTime())) {
      problems.push({ path: name, message: 'a day as YYYY-MM-DD' });
      return undefined;
    }
    return new Date(date.getTime() + plusDays * 86_400_000);
  };
  const since = day('since', query.since, 0);
  // until the end of that day
  const until = day('until', query.until, 1);
  if (query.status && !(MESSAGE_STATUSES as readonly string[]).includes(query.status))
    problems.push({ path: 'status', message: `one of ${MESSAGE_STATUSES.join(', ')}` });
  if (problems.length > 0) return { problems };
  return {
    filter: {
      ...(query.partner ? { partnerId: query.partner } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.po ? { poNumber: query.po } : {}),
      ...(query.control ? { control: query.control } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(query.after ? { after: query.after } : {}),
      limit,
    },
  };
}

/** A message's status as a word with its tone. */
export function StatusBadge(props: { status: string }) {
  const tone =
    props.status === 'done'
      ? 'ok'
      : props.status === 'failed' || props.status === 'rejected'
        ? 'bad'
        : props.status === 'received' || props.status === 'processing'
          ? 'warn'
          : 'muted';
  return <Badge tone={tone}>{props.status}</Badge>;
}

/** The search form, the messages found (newest first) and the link to the next page. */
export function MessageSearch(props: {
  query: MessageQuery;
  rows: MessageSummary[];
  next?: string;
  partners: { id: string; name: string }[];
  problems?: FieldProblem[];
}) {
  const { query } = props;
  const names = new Map(props.partners.map((p) => [p.id, p.name]));
  const filters = { ...query, after: undefined };
  return (
    <>
      <form class="filters inline" method="get" action="/admin/messages" aria-label="Search messages">
        <PartnerFilter partners={props.partners} value={query.partner} />
        <TextField name="po" label="PO number" value={query.po} />
        <TextField name="control" label="Control number" value={query.control} hint="ISA13, GS06 or ST02" />
        <SelectField
          name="channel"
          label="Channel"
          value={query.channel ?? ''}
          options={[{ value: '', label: 'Any channel' }, ...CHANNELS]}
        />
        <SelectField
          name="status"
          label="Status"
          value={query.status ?? ''}
          options={[{ value: '', label: 'Any status' }, ...MESSAGE_STATUSES]}
          problems={props.problems}
        />
        <TextField
          name="since"
          label="Received from"
          type="date"
          value={query.since}
          problems={props.problems}
        />
        <TextField
          name="until"
          label="Received until"
          type="date"
          value={query.until}
          problems={props.problems}
        />
        <button type="submit">Search</button>
        <a href="/admin/messages">Clear the search</a>
      </form>
      <Table
        caption="Messages, newest first"
        head={['Received', 'Direction', 'Type', 'Channel', 'Partner', 'Status', 'Size']}
        numeric={[6]}
        rows={props.rows.length}
        empty="No message matches this search."
      >
        {props.rows.map((m) => (
          <tr>
            <td>
              <a href={`/admin/messages/${encodeURIComponent(m.id)}`}>
                <When at={m.receivedAt} />
              </a>
            </td>
            <td>{m.direction}</td>
            <td>{m.type ?? <span class="hint">unknown</span>}</td>
            <td>{m.channel}</td>
            <td>
              {m.partnerId ? (
                (names.get(m.partnerId) ?? m.partnerId)
              ) : (
                <span class="hint">unknown sender</span>
              )}
            </td>
            <td>
              <StatusBadge status={m.status} />
            </td>
            <td class="num">{m.size.toLocaleString('en-US')} B</td>
          </tr>
        ))}
      </Table>
      <nav class="pager" aria-label="Pages">
        {query.after ? <a href={withQuery('/admin/messages', filters)}>← Newest</a> : <span />}
        {props.next ? (
          <a href={withQuery('/admin/messages', { ...filters, after: props.next })}>Older messages →</a>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}
