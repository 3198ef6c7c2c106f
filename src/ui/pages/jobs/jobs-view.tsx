import { roleAllows } from '../../../core/user.ts';
import { JOB_STAGES, type JobRow, type ListedJobStatus } from '../../../services/dashboard/job-pages.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { SelectField } from '../../components/form.tsx';
import { Badge, Table, When, withQuery } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';

/** The list's filters as its query carries them. */
export interface JobsQuery {
  status: ListedJobStatus;
  stage?: string;
  /** The last job of the page before. */
  after?: string;
  /** How many jobs the last retry put back in line (shown once, after the redirect). */
  retried?: number;
}

const STATUS_WORDS: Record<ListedJobStatus, string> = {
  dead: 'Dead letters (retries used up)',
  failed: 'Failed (permanent errors)',
  pending: 'Waiting to run',
};

/** The filters a request asks for: dead letters unless another listed status, a stage only when known. */
export function jobsQuery(get: (name: string) => string | undefined): JobsQuery {
  const status = get('status');
  const stage = get('stage');
  const retried = Number(get('retried'));
  return {
    status: status === 'failed' || status === 'pending' ? status : 'dead',
    stage: JOB_STAGES.find((s) => s === stage),
    after: get('after')?.slice(0, 300) || undefined,
    retried: Number.isInteger(retried) && retried >= 0 && get('retried') !== undefined ? retried : undefined,
  };
}

/** The list's own address with its filters (and a page or a result). */
export const jobsUrl = (query: JobsQuery) =>
  withQuery('/admin/jobs', {
    status: query.status,
    stage: query.stage,
    after: query.after,
    retried: query.retried,
  });

/** The error a job stopped with, as the job runner stored it. */
function LastError(props: { error: JobRow['lastError'] }) {
  if (!props.error) return <span class="hint">—</span>;
  return (
    <>
      {props.error.code && <code>{props.error.code}</code>}
      {props.error.message && <div>{props.error.message}</div>}
    </>
  );
}

/** The view's filters as hidden fields: the list to show again after a retry. */
function ViewFields(props: { query: JobsQuery }) {
  return (
    <>
      <input type="hidden" name="status" value={props.query.status} />
      {props.query.stage && <input type="hidden" name="stage" value={props.query.stage} />}
    </>
  );
}

/** One job's retry button (operators, stopped jobs). */
function RetryOne(props: { user: SessionUser; job: JobRow; query: JobsQuery }) {
  return (
    <form class="inline" method="post" action={`/admin/jobs/${encodeURIComponent(props.job.id)}/retry`}>
      <CsrfField user={props.user} />
      <ViewFields query={props.query} />
      <button type="submit" class="secondary" aria-label={`Retry ${props.job.id}`}>
        Retry
      </button>
    </form>
  );
}

/** Dead letters, failed or waiting jobs: filters, the list by keyset, and retry for operators. */
export function JobsList(props: { user: SessionUser; query: JobsQuery; rows: JobRow[]; next?: string }) {
  const { query, user } = props;
  const operator = roleAllows(user.role, 'operator');
  const stopped = query.status !== 'pending';
  const now = new Date();
  const filters: JobsQuery = { status: query.status, stage: query.stage };
  return (
    <>
      <form class="filters inline" method="get" action="/admin/jobs" aria-label="Filter jobs">
        <SelectField
          name="status"
          label="Status"
          value={query.status}
          options={(Object.keys(STATUS_WORDS) as ListedJobStatus[]).map((s) => ({
            value: s,
            label: STATUS_WORDS[s],
          }))}
        />
        <SelectField
          name="stage"
          label="Stage"
          value={query.stage ?? ''}
          options={[{ value: '', label: 'Any stage' }, ...JOB_STAGES]}
        />
        <button type="submit">Filter</button>
        <a href="/admin/jobs">Clear filters</a>
      </form>

      {query.retried !== undefined && (
        <div class="notice ok" role="status">
          <p>
            {query.retried === 0
              ? 'Nothing to retry: those jobs were retried already or are done.'
              : `${query.retried} ${query.retried === 1 ? 'job' : 'jobs'} put back in line with a fresh attempt count.`}
          </p>
        </div>
      )}

      {operator && stopped && props.rows.length > 0 && (
        <form class="inline" method="post" action="/admin/jobs/retry">
          <CsrfField user={user} />
          <ViewFields query={filters} />
          <button type="submit">
            Retry every {query.status === 'dead' ? 'dead letter' : 'failed job'}
            {query.stage ? ` of ${query.stage}` : ''}
          </button>
        </form>
      )}

      <Table
        caption={`${STATUS_WORDS[query.status]}${query.stage ? ` of stage ${query.stage}` : ''}, most recent first`}
        head={[
          'Job',
          'Stage',
          'Attempts',
          'Last error',
          'Changed',
          'Message',
          ...(operator && stopped ? ['Action'] : []),
        ]}
        numeric={[2]}
        rows={props.rows.length}
        empty={
          query.status === 'pending'
            ? 'No job is waiting here.'
            : `No ${query.status === 'dead' ? 'dead letters' : 'failed jobs'} here: nothing waits for a retry.`
        }
      >
        {props.rows.map((job) => (
          <tr>
            <td>
              <code>{job.id}</code>{' '}
              <Badge tone={job.status === 'pending' ? 'muted' : 'bad'}>{job.status}</Badge>
            </td>
            <td>{job.stage}</td>
            <td class="num">{job.attempts}</td>
            <td>
              <LastError error={job.lastError} />
            </td>
            <td>
              <When at={job.updatedAt} />
              {job.status === 'pending' && job.runAfter > now && (
                <div class="hint">
                  runs again <When at={job.runAfter} />
                </div>
              )}
            </td>
            <td>
              {job.messageId ? (
                <a href={`/admin/messages/${encodeURIComponent(job.messageId)}`}>
                  {job.messageChannel} message {job.messageId.slice(0, 8)}
                </a>
              ) : (
                <span class="hint">none</span>
              )}
            </td>
            {operator && stopped && (
              <td>
                <RetryOne user={user} job={job} query={filters} />
              </td>
            )}
          </tr>
        ))}
      </Table>
      <nav class="pager" aria-label="Pages">
        {query.after ? <a href={jobsUrl(filters)}>← Most recent</a> : <span />}
        {props.next ? <a href={jobsUrl({ ...filters, after: props.next })}>Older →</a> : <span />}
      </nav>
    </>
  );
}
