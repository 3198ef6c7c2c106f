import { listJobPage } from '../../../services/dashboard/job-pages.ts';
import { retryJobs } from '../../../services/dead-letters.ts';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import { JobsList, jobsQuery, jobsUrl } from './jobs-view.tsx';

/** Jobs one page lists. */
const PAGE_SIZE = 50;

/** The list's filters a retry form sent back (its hidden fields), for the redirect to the same list. */
async function viewOf(c: ConsoleContext) {
  const body = await c.req.parseBody();
  return jobsQuery((name) => (typeof body[name] === 'string' ? body[name] : undefined));
}

/**
 * Dead letters (`/admin/jobs`): dead, failed or waiting jobs by stage, most recent first, a page at a time,
 * each with its message; operators retry one job or every stopped job of the filter (the same retryJobs the
 * API's `POST /v1/jobs/retry` calls), then see how many went back in line.
 */
export function registerJobPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const operator = allow('operator');

  app.get('/jobs', async (c) => {
    const query = jobsQuery((name) => c.req.query(name));
    const rows = await listJobPage(deps.db, { ...query, limit: PAGE_SIZE + 1 });
    const page = rows.slice(0, PAGE_SIZE);
    return c.html(
      <Page title="Dead letters" user={c.get('user')} path={c.req.path} version={deps.version}>
        <JobsList
          user={c.get('user')}
          query={query}
          rows={page}
          next={rows.length > PAGE_SIZE ? page.at(-1)?.id : undefined}
        />
      </Page>,
    );
  });

  app.post('/jobs/retry', operator, async (c) => {
    const view = await viewOf(c);
    // only stopped jobs are retried; a view of waiting jobs has none to offer
    if (view.status === 'pending') return c.redirect(jobsUrl({ ...view, retried: 0 }), 303);
    const retried = await retryJobs(deps.db, { status: view.status, stage: view.stage }, actorOf(c));
    if (retried.length > 0) deps.dispatcher.notify();
    return c.redirect(jobsUrl({ status: view.status, stage: view.stage, retried: retried.length }), 303);
  });

  app.post('/jobs/:id/retry', operator, async (c) => {
    const view = await viewOf(c);
    const retried = await retryJobs(deps.db, { ids: [c.req.param('id')] }, actorOf(c));
    if (retried.length > 0) deps.dispatcher.notify();
    return c.redirect(jobsUrl({ status: view.status, stage: view.stage, retried: retried.length }), 303);
  });
}
