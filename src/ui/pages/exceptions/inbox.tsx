import type { Child } from 'hono/jsx';
import type { FieldProblem } from '../../../core/field-problem.ts';
import { roleAllows } from '../../../core/user.ts';
import { EXCEPTION_TYPES } from '../../../core/wholesale-settings.ts';
import type { BulkResult } from '../../../services/exceptions/bulk-exceptions.ts';
import type { ExceptionSummary } from '../../../services/exceptions/exception-inbox.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { FormProblems, PartnerFilter, SelectField, TextField } from '../../components/form.tsx';
import { Badge, Table, When, withQuery } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';

/** The inbox's filters as the query (and the bulk form's hidden fields) carry them. */
export interface InboxQuery {
  type?: string;
  owner?: string;
  partner?: string;
  /** `1`: only the overdue ones. */
  overdue?: string;
  /** `open` (the default), `resolved` or `all`. */
  status?: string;
  /** The last exception of the page before. */
  after?: string;
  /** `all`: every open exception of the page comes chosen (a bulk action on the page, without script). */
  pick?: string;
}

/** The filters a request asks for, each only when it is one the inbox knows. */
export function inboxQuery(get: (name: string) => string | undefined): InboxQuery {
  const value = (name: string) => {
    const v = get(name)?.trim();
    return v ? v.slice(0, 254) : undefined;
  };
  const status = value('status');
  return {
    type: value('type'),
    owner: value('owner'),
    partner: value('partner'),
    overdue: value('overdue') === '1' ? '1' : undefined,
    status: status === 'resolved' || status === 'all' ? status : undefined,
    after: value('after'),
    pick: value('pick') === 'all' ? 'all' : undefined,
  };
}

/** The service's filter for a query (open exceptions unless asked otherwise). */
export function filterOf(query: InboxQuery, limit: number) {
  return {
    ...(query.status === 'all' ? {} : { status: (query.status ?? 'open') as 'open' | 'resolved' }),
    ...(query.type ? { type: query.type } : {}),
    ...(query.owner ? { owner: query.owner } : {}),
    ...(query.partner ? { partnerId: query.partner } : {}),
    ...(query.overdue ? { overdue: true } : {}),
    ...(query.after ? { after: query.after } : {}),
    limit,
  };
}

/** The bulk form's fields that show their own problems (a problem with the choice itself is listed on top). */
const BULK_FIELDS = ['bulk', 'assignee', 'comment'];

/** The bulk form around the list, for operators; a viewer gets the list alone. */
function BulkForm(props: { user: SessionUser; operator: boolean; filters: InboxQuery; children: Child }) {
  if (!props.operator) return <>{props.children}</>;
  return (
    <form method="post" action="/admin/exceptions/bulk" aria-label="Act on the chosen exceptions">
      <CsrfField user={props.user} />
      {/* the view to show again afterwards, with what became of each */}
      {Object.entries(props.filters).map(([name, value]) =>
        value ? <input type="hidden" name={`view.${name}`} value={value} /> : null,
      )}
      {props.children}
    </form>
  );
}

/** The inbox: filters, the exceptions (overdue first, then by deadline), a checkbox each and the bulk form. */
export function Inbox(props: {
  user: SessionUser;
  query: InboxQuery;
  rows: ExceptionSummary[];
  next?: string;
  partners: { id: string; name: string }[];
  results?: BulkResult[];
  problems?: FieldProblem[];
}) {
  const { query, user } = props;
  const operator = roleAllows(user.role, 'operator');
  const partnerName = new Map(props.partners.map((p) => [p.id, p.name]));
  const filters = { ...query, after: undefined, pick: undefined };
  const done = props.results?.filter((r) => r.outcome === 'done').length ?? 0;
  return (
    <>
      <form class="filters inline" method="get" action="/admin/exceptions" aria-label="Filter exceptions">
        <SelectField
          name="type"
          label="Type"
          value={query.type ?? ''}
          options={[{ value: '', label: 'Any type' }, ...EXCEPTION_TYPES]}
        />
        <TextField name="owner" label="Owner" value={query.owner} type="text" />
        <PartnerFilter partners={props.partners} value={query.partner} />
        <SelectField
          name="status"
          label="Status"
          value={query.status ?? 'open'}
          options={[
            { value: 'open', label: 'Open' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'Open and resolved' },
          ]}
        />
        <div>
          <label for="f-overdue">
            <input type="checkbox" id="f-overdue" name="overdue" value="1" checked={query.overdue === '1'} />{' '}
            Overdue only
          </label>
        </div>
        <button type="submit">Filter</button>
        <a href="/admin/exceptions">Clear filters</a>
      </form>

      {props.results && (
        <div class="notice ok" role="status">
          <p>
            {done} of {props.results.length} done.
          </p>
          <ul>
            {props.results.map((r) => (
              <li>
                <a href={`/admin/exceptions/${encodeURIComponent(r.id)}`}>{r.id}</a>: {r.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <FormProblems problems={props.problems} fields={BULK_FIELDS} />

      <BulkForm user={user} operator={operator} filters={filters}>
        <Table
          caption="Exceptions, overdue first, then by deadline"
          head={[operator ? 'Choose' : 'Status', 'Deadline', 'Type', 'Finding', 'Partner', 'Owner']}
          rows={props.rows.length}
          empty="No exceptions match: nothing waits for a decision here."
        >
          {props.rows.map((e) => (
            <tr>
              <td>
                {operator && e.status === 'open' ? (
                  <>
                    <input
                      type="checkbox"
                      id={`pick-${e.id}`}
                      name="ids"
                      value={e.id}
                      checked={query.pick === 'all'}
                    />
                    <label class="skip" for={`pick-${e.id}`}>
                      Choose {e.message}
                    </label>
                  </>
                ) : (
                  <Badge tone={e.status === 'open' ? 'warn' : 'ok'}>{e.status}</Badge>
                )}
              </td>
              <td>
                <When at={e.dueAt} /> {e.overdue && <Badge tone="bad">overdue</Badge>}
              </td>
              <td>{e.type}</td>
              <td>
                <a href={`/admin/exceptions/${encodeURIComponent(e.id)}`}>{e.message}</a>
                <div class="hint">
                  <code>{e.code}</code>
                  {e.diagnostics.length > 1 ? ` and ${e.diagnostics.length - 1} more findings` : ''}
                </div>
              </td>
              <td>{e.partnerId ? (partnerName.get(e.partnerId) ?? e.partnerId) : '—'}</td>
              <td>{e.owner ?? <span class="hint">nobody</span>}</td>
            </tr>
          ))}
        </Table>
        <nav class="pager" aria-label="Pages">
          {query.after ? <a href={withQuery('/admin/exceptions', filters)}>← First page</a> : <span />}
          {props.next ? (
            <a href={withQuery('/admin/exceptions', { ...filters, after: props.next })}>Later deadlines →</a>
          ) : (
            <span />
          )}
        </nav>
        {operator && props.rows.some((e) => e.status === 'open') && (
          <fieldset class="card">
            <legend>The chosen exceptions</legend>
            <p>
              {query.pick === 'all' ? (
                <a href={withQuery('/admin/exceptions', { ...filters, after: query.after })}>Choose none</a>
              ) : (
                <a href={withQuery('/admin/exceptions', { ...filters, after: query.after, pick: 'all' })}>
                  Choose every open exception of this page
                </a>
              )}
            </p>
            <p class="hint">
              Accepting or rejecting takes exceptions of one type at a time (filter by type first); each is
              decided on its own, exactly as on its page, and the list says what became of each.
            </p>
            <div class="grid">
              <SelectField
                name="bulk"
                label="Action"
                value="assign"
                options={[
                  { value: 'assign', label: 'Assign to the owner below' },
                  { value: 'accept-proposed', label: 'Accept as the findings propose' },
                  { value: 'reject', label: 'Reject the orders' },
                ]}
                problems={props.problems}
              />
              <TextField name="assignee" label="Owner (to assign)" problems={props.problems} />
              <TextField name="comment" label="Comment (kept with a decision)" problems={props.problems} />
            </div>
            <button type="submit">Apply to the chosen</button>
          </fieldset>
        )}
      </BulkForm>
    </>
  );
}
