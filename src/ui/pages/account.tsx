import type { FieldProblem } from '../../core/field-problem.ts';
import { closeAllSessions } from '../../services/users/sessions.ts';
import { disableTotp, enableTotp, totpEnrolment } from '../../services/users/sign-in.ts';
import { getUser } from '../../services/users/users.ts';
import { FormProblems, problemsOf, TextField } from '../components/form.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../deps.ts';
import { CsrfField, Page } from '../layout.tsx';
import { actorOf, clearSessionCookie } from '../session.ts';

/**
 * The signed-in user's own account: an authenticator app (TOTP) on or off, and sign-out everywhere. Open to
 * every role: it changes only the user's own sign-in.
 */
export function registerAccountPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const render = async (
    c: ConsoleContext,
    extra?: { enrol?: { secret: string; uri: string }; problems?: FieldProblem[] },
  ) => {
    const user = c.get('user');
    const view = await getUser(deps.db, user.id);
    return c.html(
      <Page title="Your account" user={user} path={c.req.path} version={deps.version}>
        <section class="card" aria-labelledby="totp">
          <h2 id="totp">Authenticator app</h2>
          {view?.totp ? (
            <form method="post" action="/admin/account/totp/off">
              <CsrfField user={user} />
              <p>Sign-in asks for a one-time code from your authenticator app.</p>
              <button type="submit" class="secondary">
                Turn off
              </button>
            </form>
          ) : extra?.enrol ? (
            <form class="stack" method="post" action="/admin/account/totp/on">
              <CsrfField user={user} />
              <p>
                Add this key to your authenticator app (or open the link on your phone), then enter the code
                it shows.
              </p>
              <p class="secret">{extra.enrol.secret}</p>
              <p>
                <a href={extra.enrol.uri}>Open in an authenticator app</a>
              </p>
              <input type="hidden" name="secret" value={deps.secrets.seal(extra.enrol.secret)} />
              <FormProblems problems={extra.problems} fields={['code']} />
              <TextField
                name="code"
                label="Code from the app"
                autocomplete="one-time-code"
                problems={extra.problems}
                required
              />
              <button type="submit">Turn on</button>
            </form>
          ) : (
            <form method="post" action="/admin/account/totp">
              <CsrfField user={user} />
              <p>Off. With it on, signing in also needs a code from an app on your phone.</p>
              <button type="submit">Set up</button>
            </form>
          )}
        </section>
        <section class="card" aria-labelledby="sessions">
          <h2 id="sessions">Sessions</h2>
          <form method="post" action="/admin/account/sign-out-everywhere">
            <CsrfField user={user} />
            <p>Signed in elsewhere, or lost a laptop? This ends every session of yours, this one included.</p>
            <button type="submit" class="danger">
              Sign out everywhere
            </button>
          </form>
        </section>
      </Page>,
      extra?.problems ? 422 : 200,
    );
  };

  app.get('/account', (c) => render(c));
  app.post('/account/totp', (c) => render(c, { enrol: totpEnrolment(c.get('user').email) }));
  app.post('/account/totp/on', async (c) => {
    const body = await c.req.parseBody();
    const secret = deps.secrets.open(String(body.secret ?? ''));
    try {
      await enableTotp(deps.db, deps.secrets, c.get('user').id, secret, String(body.code ?? ''));
      return c.redirect('/admin/account', 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return render(c, { enrol: totpEnrolment(c.get('user').email, secret), problems });
    }
  });
  app.post('/account/totp/off', async (c) => {
    await disableTotp(deps.db, c.get('user').id, actorOf(c));
    return c.redirect('/admin/account', 303);
  });
  app.post('/account/sign-out-everywhere', async (c) => {
    await closeAllSessions(deps.db, c.get('user').id);
    clearSessionCookie(c, deps);
    return c.redirect('/admin/sign-in', 303);
  });
}

/** The console routes every role may post to: they change only the user's own sign-in. */
export const SELF_SERVICE_ROUTES = [
  '/admin/account/totp',
  '/admin/account/totp/on',
  '/admin/account/totp/off',
  '/admin/account/sign-out-everywhere',
];
