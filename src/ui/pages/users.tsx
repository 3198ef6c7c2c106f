import type { FieldProblem } from '../../core/field-problem.ts';
import { ROLES } from '../../core/user.ts';
import { disableTotp } from '../../services/users/sign-in.ts';
import {
  changeUser,
  createUser,
  getUser,
  issueSignInLink,
  listUsers,
  signInUrl,
} from '../../services/users/users.ts';
import { FormProblems, problemsOf, SelectField, TextField } from '../components/form.tsx';
import { Badge, Table, When } from '../components/list.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../deps.ts';
import { CsrfField, Page } from '../layout.tsx';
import { actorOf, allow } from '../session.ts';

/** Users and roles (admins only): add a user (its sign-in link shown once), change a role, disable, new link. */
export function registerUserPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const admin = allow('admin');

  const render = async (
    c: ConsoleContext,
    extra: {
      link?: { email: string; url: string };
      problems?: FieldProblem[];
      form?: { email?: string; role?: string };
    } = {},
  ) => {
    const user = c.get('user');
    const users = await listUsers(deps.db);
    return c.html(
      <Page title="Users" user={user} path={c.req.path} version={deps.version}>
        {extra.link && (
          <div class="notice ok" role="status">
            <p>
              Send this one-time sign-in link to {extra.link.email}. It is shown only now and works once, for
              72 hours:
            </p>
            <p class="secret">{extra.link.url}</p>
          </div>
        )}
        <section class="card" aria-labelledby="add">
          <h2 id="add">Add a user</h2>
          <FormProblems problems={extra.problems} fields={['email', 'role']} />
          <form class="inline" method="post" action="/admin/users">
            <CsrfField user={user} />
            <TextField
              name="email"
              label="Email address"
              type="email"
              value={extra.form?.email}
              problems={extra.problems}
              required
            />
            <SelectField
              name="role"
              label="Role"
              options={ROLES}
              value={extra.form?.role ?? 'operator'}
              problems={extra.problems}
            />
            <button type="submit">Add and make a sign-in link</button>
          </form>
          <p class="hint">
            Viewers read everything; operators also work messages, exceptions and replays; admins also change
            settings and users.
          </p>
        </section>
        <Table caption="Users" head={['Email', 'Role', 'State', 'Since', 'Actions']} rows={users.length}>
          {users.map((u) => (
            <tr>
              <td>{u.email}</td>
              <td>
                <form class="inline" method="post" action={`/admin/users/${u.id}/role`}>
                  <CsrfField user={user} />
                  <label class="skip" for={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <select id={`role-${u.id}`} name="role">
                    {ROLES.map((r) => (
                      <option value={r} selected={r === u.role}>
                        {r}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="secondary">
                    Change
                  </button>
                </form>
              </td>
              <td>
                {u.disabled ? (
                  <Badge tone="bad">disabled</Badge>
                ) : u.active ? (
                  <Badge tone="ok">active</Badge>
                ) : (
                  <Badge tone="warn">invited</Badge>
                )}{' '}
                {u.totp && <Badge tone="muted">app code</Badge>}
              </td>
              <td>
                <When at={u.createdAt} />
              </td>
              <td>
                <form
                  class="inline"
                  method="post"
                  action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}
                >
                  <CsrfField user={user} />
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                </form>
                <form class="inline" method="post" action={`/admin/users/${u.id}/link`}>
                  <CsrfField user={user} />
                  <button type="submit" class="secondary" aria-label={`New sign-in link for ${u.email}`}>
                    New sign-in link
                  </button>
                </form>
                {u.totp && (
                  <form class="inline" method="post" action={`/admin/users/${u.id}/totp-off`}>
                    <CsrfField user={user} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`Turn off the app code of ${u.email}`}
                    >
                      Turn off app code
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </Page>,
      extra.problems ? 422 : 200,
    );
  };

  app.get('/users', admin, (c) => render(c));
  app.post('/users', admin, async (c) => {
    const body = await c.req.parseBody();
    const form = { email: String(body.email ?? ''), role: String(body.role ?? '') };
    try {
      const created = await createUser(deps.db, form, actorOf(c));
      return render(c, {
        link: { email: created.user.email, url: signInUrl(deps.publicUrl, created.linkToken) },
      });
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return render(c, { problems, form });
    }
  });
  app.post('/users/:id/role', admin, async (c) => {
    const role = String((await c.req.parseBody()).role ?? '');
    const parsed = ROLES.find((r) => r === role);
    if (!parsed)
      return render(c, {
        problems: [{ path: '(form)', message: `the role must be one of ${ROLES.join(', ')}` }],
      });
    if (!(await changeUser(deps.db, c.req.param('id'), { role: parsed }, actorOf(c)))) return c.notFound();
    return c.redirect('/admin/users', 303);
  });
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    app.post(`/users/:id/${action}`, admin, async (c) => {
      if (!(await changeUser(deps.db, c.req.param('id'), { disabled }, actorOf(c)))) return c.notFound();
      return c.redirect('/admin/users', 303);
    });
  app.post('/users/:id/link', admin, async (c) => {
    const id = c.req.param('id');
    const token = await issueSignInLink(deps.db, id, actorOf(c));
    if (!token) return c.notFound();
    const email = (await getUser(deps.db, id))?.email ?? id;
    return render(c, { link: { email, url: signInUrl(deps.publicUrl, token) } });
  });
  app.post('/users/:id/totp-off', admin, async (c) => {
    await disableTotp(deps.db, c.req.param('id'), actorOf(c));
    return c.redirect('/admin/users', 303);
  });
}
