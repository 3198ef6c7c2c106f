import type { FieldProblem } from '../../../core/field-problem.ts';
import type { PartnerUserView } from '../../../core/partner-user.ts';
import { listPartners } from '../../../partners/partner-store.ts';
import {
  invitePartnerUser,
  inviteUrl,
  listPartnerUsers,
  setPartnerUserDisabled,
} from '../../../services/portal/partner-users.ts';
import { FormProblems, problemsOf, TextField } from '../../components/form.tsx';
import { Badge, Table, When } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { CsrfField, Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';

/**
 * A partner's portal users (`/admin/partners/:id/portal-users`, linked from the partner's page): the list,
 * an invite (its one-time link shown once here, as `POST /v1/partners/:id/users` answers it), disable and
 * enable (disabling ends the user's portal sessions). Read by everyone, changed by admins.
 */
export function registerPartnerPortalUserPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const admin = allow('admin');

  const render = async (
    c: ConsoleContext,
    extra: { link?: string; email?: string; problems?: FieldProblem[] } = {},
    status: 200 | 201 | 422 = 200,
  ) => {
    const id = c.req.param('id') ?? '';
    const [partner] = await listPartners(deps.db, [id]);
    if (!partner) return c.notFound();
    const users = await listPartnerUsers(deps.db, id);
    const user = c.get('user');
    const base = `/admin/partners/${encodeURIComponent(id)}/portal-users`;
    return c.html(
      <Page title={`Portal users of ${partner.name}`} user={user} path={c.req.path} version={deps.version}>
        <p>
          <a href={`/admin/partners/${encodeURIComponent(id)}`}>Back to {partner.name}</a>
        </p>
        {extra.link && (
          <div class="notice ok" role="status">
            <p>The invite link (shown only now, valid 7 days; it signs the user in once):</p>
            <p class="secret">{extra.link}</p>
          </div>
        )}
        <PortalUserTable users={users} admin={user.role === 'admin'} base={base} csrf={user} />
        {user.role === 'admin' && (
          <section class="card" aria-labelledby="invite">
            <h2 id="invite">Invite a person of {partner.name}</h2>
            <FormProblems problems={extra.problems} fields={['email', 'name']} />
            <form class="stack" method="post" action={base}>
              <CsrfField user={user} />
              <TextField
                name="email"
                label="Email address"
                type="email"
                value={extra.email}
                problems={extra.problems}
                required
              />
              <TextField name="name" label="Name" hint="Optional" problems={extra.problems} />
              <button type="submit">Invite</button>
            </form>
          </section>
        )}
      </Page>,
      status,
    );
  };

  app.get('/partners/:id/portal-users', (c) => render(c));

  app.post('/partners/:id/portal-users', admin, async (c) => {
    const body = await c.req.parseBody();
    const input = { email: String(body.email ?? ''), ...(body.name ? { name: String(body.name) } : {}) };
    try {
      const invited = await invitePartnerUser(deps.db, c.req.param('id'), input, actorOf(c));
      if (!invited) return c.notFound();
      return render(c, { link: inviteUrl(deps.publicUrl, invited.inviteToken) }, 201);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return render(c, { email: input.email, problems }, 422);
    }
  });

  for (const action of ['disable', 'enable'] as const)
    app.post(`/partners/:id/portal-users/:userId/${action}`, admin, async (c) => {
      const { id, userId } = c.req.param();
      const done = await setPartnerUserDisabled(deps.db, id, userId, action === 'disable', actorOf(c));
      if (!done) return c.notFound();
      return c.redirect(`/admin/partners/${encodeURIComponent(id)}/portal-users`, 303);
    });
}

function PortalUserTable(props: {
  users: PartnerUserView[];
  admin: boolean;
  base: string;
  csrf: { csrfToken: string };
}) {
  return (
    <Table
      caption="The partner's portal users"
      head={['Email', 'Name', 'State', 'Invited', ...(props.admin ? ['Action'] : [])]}
      rows={props.users.length}
      empty="No portal users yet."
    >
      {props.users.map((u) => (
        <tr id={`portal-user-${u.id}`}>
          <td>{u.email}</td>
          <td>{u.name ?? '—'}</td>
          <td>{u.disabled ? <Badge tone="muted">disabled</Badge> : <Badge tone="ok">active</Badge>}</td>
          <td>
            <When at={u.createdAt} />
          </td>
          {props.admin && (
            <td>
              <form
                method="post"
                action={`${props.base}/${encodeURIComponent(u.id)}/${u.disabled ? 'enable' : 'disable'}`}
              >
                <CsrfField user={props.csrf} />
                <button
                  type="submit"
                  class="secondary"
                  aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
                >
                  {u.disabled ? 'Enable' : 'Disable'}
                </button>
              </form>
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}
