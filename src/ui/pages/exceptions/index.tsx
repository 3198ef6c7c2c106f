import type { FieldProblem } from '../../../core/field-problem.ts';
import { listPartners } from '../../../partners/partner-store.ts';
import {
  assignExceptions,
  type BulkResult,
  resolveExceptions,
} from '../../../services/exceptions/bulk-exceptions.ts';
import { exceptionView, listExceptions } from '../../../services/exceptions/exception-inbox.ts';
import { assignException, resolveException } from '../../../services/exceptions/resolve-exception.ts';
import { getUser } from '../../../services/users/users.ts';
import { problemsOf } from '../../components/form.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import { ExceptionDetail } from './exception-page.tsx';
import { filterOf, Inbox, type InboxQuery, inboxQuery } from './inbox.tsx';
import { parseResolveForm, type ResolveForm, skuProblems } from './resolve-form.ts';
import { x12Excerpt } from './source-excerpt.ts';

/** Exceptions one page of the inbox lists. */
const PAGE_SIZE = 50;

/** A form's fields as text, a repeated one (the inbox's checkboxes) as its list. */
async function formOf(c: ConsoleContext): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const form: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) form[name] = value.filter((v) => typeof v === 'string');
    else if (typeof value === 'string') form[name] = value;
  }
  return form;
}

/** The emails of the people among `actors` (`user:<id>`), so a page names them as people know them. */
async function actorEmails(
  deps: ConsoleDeps,
  actors: readonly (string | null)[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const actor of new Set(actors))
    if (actor?.startsWith('user:')) {
      const user = await getUser(deps.db, actor.slice('user:'.length));
      if (user) names.set(actor, user.email);
    }
  return names;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The exceptions inbox (`/admin/exceptions`): filter by type, owner, partner, overdue and status, overdue
 * first; one exception's page with its order's lines, findings and source, decided or assigned there; bulk
 * assignment and decisions for exceptions of one type. Reading is open to every role; deciding and assigning
 * need an operator.
 */
export function registerExceptionPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const operator = allow('operator');

  const partners = async () => (await listPartners(deps.db)).map((p) => ({ id: p.id, name: p.name }));

  const renderInbox = async (
    c: ConsoleContext,
    query: InboxQuery,
    extra: { results?: BulkResult[]; problems?: FieldProblem[] } = {},
  ) => {
    const rows = await listExceptions(deps.db, filterOf(query, PAGE_SIZE + 1));
    const page = rows.slice(0, PAGE_SIZE);
    return c.html(
      <Page title="Exceptions" user={c.get('user')} path={c.req.path} version={deps.version}>
        <Inbox
          user={c.get('user')}
          query={query}
          rows={page}
          next={rows.length > PAGE_SIZE ? page.at(-1)?.id : undefined}
          partners={await partners()}
          results={extra.results}
          problems={extra.problems}
        />
      </Page>,
      extra.problems ? 422 : 200,
    );
  };

  const renderException = async (
    c: ConsoleContext,
    id: string,
    extra: { form?: ResolveForm; problems?: FieldProblem[]; assignProblems?: FieldProblem[] } = {},
    status: 200 | 404 | 409 | 422 = 200,
  ) => {
    const view = await exceptionView(deps.db, id);
    if (!view) return c.notFound();
    const source =
      view.messageId && view.order
        ? await x12Excerpt(deps.db, view.messageId, view.order.poNumber)
        : undefined;
    const partnerName = view.partnerId ? (await listPartners(deps.db, [view.partnerId]))[0]?.name : undefined;
    const title = view.order ? `Exception on order ${view.order.poNumber}` : `Exception: ${view.type}`;
    const actors = await actorEmails(deps, [view.resolvedBy, ...view.audit.map((a) => a.actor)]);
    return c.html(
      <Page title={title} user={c.get('user')} path={c.req.path} version={deps.version}>
        <ExceptionDetail
          user={c.get('user')}
          view={view}
          partnerName={partnerName}
          actors={actors}
          source={source}
          form={extra.form}
          problems={extra.problems}
          assignProblems={extra.assignProblems}
        />
      </Page>,
      extra.problems || extra.assignProblems ? (status === 200 ? 422 : status) : status,
    );
  };

  app.get('/exceptions', (c) =>
    renderInbox(
      c,
      inboxQuery((name) => c.req.query(name)),
    ),
  );

  app.post('/exceptions/bulk', operator, async (c) => {
    const form = await formOf(c);
    const query = inboxQuery((name) => single(form[`view.${name}`]));
    const raw = form.ids;
    const ids = Array.isArray(raw) ? raw : raw ? [raw] : [];
    const action = single(form.bulk);
    const comment = single(form.comment)?.trim() || undefined;
    try {
      let results: BulkResult[];
      if (action === 'assign')
        results = await assignExceptions(deps.db, ids, single(form.assignee) ?? '', actorOf(c));
      else if (action === 'accept-proposed' || action === 'reject') {
        results = await resolveExceptions(deps.db, ids, action, actorOf(c), comment);
        if (results.some((r) => r.outcome === 'done')) deps.dispatcher.notify();
      } else
        return renderInbox(c, query, {
          problems: [{ path: 'bulk', message: 'choose an action of the list' }],
        });
      return renderInbox(c, query, { results });
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      // the service names its input (owner, ids); the form calls the owner assignee (the filter has an owner)
      return renderInbox(c, query, {
        problems: problems.map((p) => ({
          ...p,
          path: p.path === 'owner' ? 'assignee' : p.path === 'ids' ? '(form)' : p.path,
        })),
      });
    }
  });

  app.get('/exceptions/:id', (c) => renderException(c, c.req.param('id')));

  app.post('/exceptions/:id/resolve', operator, async (c) => {
    const id = c.req.param('id');
    const form = Object.fromEntries(
      Object.entries(await formOf(c)).map(([k, v]) => [k, single(v) ?? '']),
    ) as ResolveForm;
    const parsed = parseResolveForm(form);
    if (parsed.problems) return renderException(c, id, { form, problems: parsed.problems });
    const result = await resolveException(deps.db, id, parsed.input, actorOf(c));
    switch (result.outcome) {
      case 'not_found':
        return c.notFound();
      case 'not_open':
        return renderException(
          c,
          id,
          { problems: [{ path: '(form)', message: 'this exception is resolved already' }] },
          409,
        );
      case 'line_unknown':
        return renderException(c, id, { form, problems: [{ path: '(form)', message: result.message }] }, 409);
      case 'unknown_sku': {
        const named = skuProblems(form, result.skus);
        const problems =
          named.length > 0 ? named : [{ path: '(form)', message: `no product ${result.skus.join(', ')}` }];
        return renderException(c, id, { form, problems });
      }
      case 'resolved':
        deps.dispatcher.notify();
        return c.redirect(`/admin/exceptions/${encodeURIComponent(id)}`, 303);
    }
  });

  app.post('/exceptions/:id/assign', operator, async (c) => {
    const id = c.req.param('id');
    const owner = (single((await formOf(c)).owner) ?? '').trim();
    if (owner === '' || owner.length > 254)
      return renderException(c, id, {
        assignProblems: [{ path: 'owner', message: 'name who works it (at most 254 characters)' }],
      });
    const result = await assignException(deps.db, id, owner, actorOf(c));
    if (result === 'not_found') return c.notFound();
    if (result === 'not_open')
      return renderException(
        c,
        id,
        { assignProblems: [{ path: '(form)', message: 'this exception is resolved already' }] },
        409,
      );
    return c.redirect(`/admin/exceptions/${encodeURIComponent(id)}`, 303);
  });
}
