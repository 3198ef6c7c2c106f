import type { Child } from 'hono/jsx';
import type { Diagnostic } from '../../../core/diagnostic.ts';
import type { FieldProblem } from '../../../core/field-problem.ts';
import { roleAllows } from '../../../core/user.ts';
import { classifyError } from '../../../db/classify-error.ts';
import { type ConnectorActivity, lastActivity } from '../../../services/connector-activity.ts';
import {
  type ConnectorInstanceView,
  checkConnectorInstance,
  listConnectorInstances,
  saveConnectorInstance,
} from '../../../services/connector-instances.ts';
import { problemsOf, SelectField } from '../../components/form.tsx';
import { Badge, Table, When } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { CsrfField, Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import {
  CONNECTOR_FIELDS,
  ConnectorForm,
  type ConnectorFormValues,
  FORM_CONNECTORS,
  formOfInstance,
  instanceOfForm,
} from './connector-form.tsx';

const kindOf = (connector: string) => CONNECTOR_FIELDS[connector]?.label ?? connector;

function LastActivity(props: { activity: ConnectorActivity | undefined }) {
  if (!props.activity) return <span class="hint">nothing received yet</span>;
  return (
    <>
      <a href={`/admin/messages/${props.activity.messageId}`}>
        <When at={props.activity.receivedAt} />
      </a>{' '}
      ({props.activity.status})
    </>
  );
}

/** What a check found, where the check button's result goes (swapped in place by htmx). */
function CheckResult(props: { result?: { ok: boolean; diagnostics: Diagnostic[] } }) {
  const { result } = props;
  return (
    <div id="check-result" role="status">
      {result &&
        (result.ok ? (
          <div class="notice ok">
            <p>The connection works.</p>
            {result.diagnostics.length > 0 && (
              <ul>
                {result.diagnostics.map((d) => (
                  <li>{d.message}</li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <div class="notice bad">
            <p>The connection does not work:</p>
            <ul>
              {result.diagnostics.map((d) => (
                <li>
                  {d.message} <code>{d.code}</code>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}

/** Connector instances (the doors: drop folders, mailboxes): list, create, edit, check. Changed by admins. */
export function registerConnectorPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const admin = allow('admin');
  const page = (c: ConsoleContext, title: string, body: Child, status: 200 | 201 | 422 = 200) =>
    c.html(
      <Page title={title} user={c.get('user')} path={c.req.path} version={deps.version}>
        {body}
      </Page>,
      status,
    );
  const instanceOf = async (id: string): Promise<ConnectorInstanceView | undefined> =>
    (await listConnectorInstances(deps.db)).find((i) => i.id === id);

  app.get('/connectors', async (c) => {
    // a handful of doors: the list is small, read whole
    const instances = await listConnectorInstances(deps.db);
    const activity = await lastActivity(deps.db, instances);
    return page(
      c,
      'Connectors',
      <>
        {roleAllows(c.get('user').role, 'admin') && (
          <p>
            <a class="button" href="/admin/connectors/new">
              New connector instance
            </a>
          </p>
        )}
        <Table
          caption="Connector instances"
          head={['Instance', 'Kind', 'State', 'Last message received']}
          rows={instances.length}
          empty="No connector instances: orders come in over the API only."
        >
          {instances.map((i) => (
            <tr>
              <td>
                <a href={`/admin/connectors/${i.id}`}>{i.id}</a>
              </td>
              <td>{kindOf(i.connector)}</td>
              <td>{i.enabled ? <Badge tone="ok">enabled</Badge> : <Badge tone="muted">disabled</Badge>}</td>
              <td>
                <LastActivity activity={activity.get(i.id)} />
              </td>
            </tr>
          ))}
        </Table>
      </>,
    );
  });

  const newForm = (c: ConsoleContext, values: ConnectorFormValues, problems?: FieldProblem[]) =>
    page(
      c,
      `New ${kindOf(values.connector).toLowerCase()}`,
      <ConnectorForm
        user={c.get('user')}
        action="/admin/connectors"
        values={values}
        creating
        problems={problems}
      />,
      problems ? 422 : 200,
    );

  app.get('/connectors/new', admin, (c) => {
    const connector = c.req.query('connector');
    if (connector && FORM_CONNECTORS.includes(connector))
      return newForm(c, { id: '', connector, enabled: true, config: {}, stored: [] });
    // without JavaScript the kind is chosen first, then its form is shown
    return page(
      c,
      'New connector instance',
      <form class="stack" method="get" action="/admin/connectors/new">
        <SelectField
          name="connector"
          label="Kind"
          options={FORM_CONNECTORS.map((id) => ({ value: id, label: kindOf(id) }))}
        />
        <button type="submit">Next</button>
      </form>,
    );
  });

  app.post('/connectors', admin, async (c) => {
    const body = await c.req.parseBody();
    const connector = String(body.connector ?? '');
    if (!FORM_CONNECTORS.includes(connector)) return c.redirect('/admin/connectors/new', 303);
    const { form, id, input, problems } = instanceOfForm(body, connector, []);
    if (problems.length > 0) return newForm(c, form, problems);
    try {
      await saveConnectorInstance(deps.db, deps.secrets, id, input, { mode: 'create', actor: actorOf(c) });
    } catch (error) {
      const taken = classifyError(error);
      if (taken.code === 'connector.exists')
        return newForm(c, form, [{ path: 'id', message: taken.message }]);
      const found = problemsOf(error);
      if (!found) throw error;
      return newForm(c, form, found);
    }
    await deps.connectorsChanged();
    return c.redirect(`/admin/connectors/${id}`, 303);
  });

  const instancePage = async (
    c: ConsoleContext,
    instance: ConnectorInstanceView,
    extra: {
      values?: ConnectorFormValues;
      problems?: FieldProblem[];
      check?: { ok: boolean; diagnostics: Diagnostic[] };
    } = {},
  ) => {
    const user = c.get('user');
    const activity = (await lastActivity(deps.db, [instance])).get(instance.id);
    const values = extra.values ?? formOfInstance(instance);
    const isAdmin = roleAllows(user.role, 'admin');
    return page(
      c,
      `${kindOf(instance.connector)} ${instance.id}`,
      <>
        <section class="card" aria-labelledby="status">
          <h2 id="status">Status</h2>
          <dl class="facts">
            <dt>State</dt>
            <dd>
              {instance.enabled ? <Badge tone="ok">enabled</Badge> : <Badge tone="muted">disabled</Badge>}
            </dd>
            <dt>Last message received</dt>
            <dd>
              <LastActivity activity={activity} />
            </dd>
            <dt>Changed</dt>
            <dd>
              <When at={instance.updatedAt} />
            </dd>
          </dl>
          {isAdmin && (
            <form
              method="post"
              action={`/admin/connectors/${instance.id}/check`}
              hx-post={`/admin/connectors/${instance.id}/check`}
              hx-target="#check-result"
              hx-swap="outerHTML"
            >
              <CsrfField user={user} />
              <button type="submit">Check connection</button>
            </form>
          )}
          <CheckResult result={extra.check} />
        </section>
        <section class="card" aria-labelledby="settings">
          <h2 id="settings">Settings</h2>
          {isAdmin ? (
            <ConnectorForm
              user={user}
              action={`/admin/connectors/${instance.id}`}
              values={values}
              creating={false}
              problems={extra.problems}
            />
          ) : (
            <dl class="facts">
              {Object.entries(instance.config).map(([key, value]) => (
                <>
                  <dt>{key}</dt>
                  <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
                </>
              ))}
            </dl>
          )}
        </section>
      </>,
      extra.problems ? 422 : 200,
    );
  };

  app.get('/connectors/:id', async (c) => {
    const instance = await instanceOf(c.req.param('id'));
    return instance ? instancePage(c, instance) : c.notFound();
  });

  app.post('/connectors/:id', admin, async (c) => {
    const instance = await instanceOf(c.req.param('id'));
    if (!instance) return c.notFound();
    const stored = formOfInstance(instance).stored;
    const { form, input, problems } = instanceOfForm(
      { ...(await c.req.parseBody()), id: instance.id },
      instance.connector,
      stored,
    );
    if (problems.length > 0) return instancePage(c, instance, { values: form, problems });
    try {
      await saveConnectorInstance(deps.db, deps.secrets, instance.id, input, {
        mode: 'put',
        actor: actorOf(c),
      });
    } catch (error) {
      const found = problemsOf(error);
      if (!found) throw error;
      return instancePage(c, instance, { values: form, problems: found });
    }
    await deps.connectorsChanged();
    return c.redirect(`/admin/connectors/${instance.id}`, 303);
  });

  app.post('/connectors/:id/check', admin, async (c) => {
    const instance = await instanceOf(c.req.param('id'));
    if (!instance) return c.notFound();
    const check = await checkConnectorInstance(deps.db, deps.secrets, instance.id);
    if (!check) return c.notFound();
    if (c.req.header('hx-request')) return c.html(<CheckResult result={check} />);
    return instancePage(c, instance, { check });
  });
}
