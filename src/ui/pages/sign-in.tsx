import type { FieldProblem } from '../../core/field-problem.ts';
import { clientAddress } from '../../runtime/client-address.ts';
import { closeSession, openSession, sessionUser } from '../../services/users/sessions.ts';
import { linkIsValid, redeemLink, signIn, signInLimiters } from '../../services/users/sign-in.ts';
import { FormProblems, problemsOf, TextField } from '../components/form.tsx';
import type { ConsoleApp, ConsoleDeps } from '../deps.ts';
import { BarePage } from '../layout.tsx';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../session.ts';

/** Only a path of our own is a place to go back to after sign-in (never another site: no open redirect). */
function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

function SignInForm(props: {
  deps: ConsoleDeps;
  email?: string;
  next: string;
  problems?: FieldProblem[];
  notice?: string;
}) {
  return (
    <BarePage title="Sign in to ordergate" version={props.deps.version}>
      {props.notice && <p class="notice ok">{props.notice}</p>}
      <FormProblems problems={props.problems} fields={[]} />
      <form class="stack card" method="post" action="/admin/sign-in">
        <input type="hidden" name="next" value={props.next} />
        <TextField
          name="email"
          label="Email address"
          type="email"
          autocomplete="username"
          value={props.email}
          required
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          required
        />
        <TextField
          name="code"
          label="One-time code"
          hint="Only if you turned on an authenticator app"
          autocomplete="one-time-code"
        />
        <button type="submit">Sign in</button>
      </form>
    </BarePage>
  );
}

/**
 * Sign-in, sign-out and the one-time links (set a password). Attempts are limited per account and per address
 * (429 with Retry-After), and every refusal says the same thing.
 */
export function registerSignInPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const limiters = signInLimiters();

  app.get('/sign-in', async (c) => {
    const next = safeNext(c.req.query('next'));
    const token = sessionToken(c, deps);
    if (token && (await sessionUser(deps.db, token, deps.sessionPolicy))) return c.redirect(next, 303);
    const notice = c.req.query('done') === 'password' ? 'Your password is set: sign in with it.' : undefined;
    return c.html(<SignInForm deps={deps} next={next} notice={notice} />);
  });

  app.post('/sign-in', async (c) => {
    const body = await c.req.parseBody();
    const email = String(body.email ?? '')
      .trim()
      .toLowerCase();
    const next = safeNext(String(body.next ?? ''));
    const address = clientAddress(c);
    const wait = limiters.address.blockedFor(address) ?? limiters.account.blockedFor(email);
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      const problems = [
        {
          path: '(form)',
          message: `Too many failed sign-ins: try again in ${Math.ceil(wait / 60)} minute(s).`,
        },
      ];
      return c.html(<SignInForm deps={deps} email={email} next={next} problems={problems} />, 429);
    }
    try {
      const user = await signIn(deps.db, deps.secrets, {
        email,
        password: String(body.password ?? ''),
        code: String(body.code ?? ''),
      });
      const { token } = await openSession(
        deps.db,
        user.id,
        { address, userAgent: c.req.header('user-agent') },
        deps.sessionPolicy,
      );
      setSessionCookie(c, deps, token);
      deps.log.info({ user: user.id, address }, 'console sign-in');
      return c.redirect(next, 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      limiters.address.refused(address);
      limiters.account.refused(email);
      deps.log.warn({ address }, 'console sign-in refused');
      return c.html(<SignInForm deps={deps} email={email} next={next} problems={problems} />, 401);
    }
  });

  app.post('/sign-out', async (c) => {
    // a sign-out is harmless to forge, so it needs no CSRF token: it must work on an expired page too
    const token = sessionToken(c, deps);
    const user = token ? await sessionUser(deps.db, token, deps.sessionPolicy) : undefined;
    if (user) await closeSession(deps.db, user.sessionId);
    clearSessionCookie(c, deps);
    return c.redirect('/admin/sign-in', 303);
  });

  const WelcomeForm = (props: { token: string; problems?: FieldProblem[] }) => (
    <BarePage title="Choose your password" version={deps.version}>
      <FormProblems problems={props.problems} fields={['password']} />
      <form class="stack card" method="post" action={`/admin/welcome/${encodeURIComponent(props.token)}`}>
        <TextField
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint="At least 12 characters; a sentence you remember works well"
          problems={props.problems}
          required
        />
        <button type="submit">Set password</button>
      </form>
    </BarePage>
  );

  app.get('/welcome/:token', async (c) => {
    const token = c.req.param('token');
    if (!(await linkIsValid(deps.db, token)))
      return c.html(
        <BarePage title="This link does not work" version={deps.version}>
          <p>The sign-in link is unknown, used already or expired. Ask an admin for a new one.</p>
        </BarePage>,
        410,
      );
    return c.html(<WelcomeForm token={token} />);
  });

  app.post('/welcome/:token', async (c) => {
    const token = c.req.param('token');
    const body = await c.req.parseBody();
    try {
      await redeemLink(deps.db, token, String(body.password ?? ''));
      return c.redirect('/admin/sign-in?done=password', 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return c.html(<WelcomeForm token={token} problems={problems} />, 422);
    }
  });
}
