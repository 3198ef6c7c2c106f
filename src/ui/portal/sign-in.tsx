import type { FieldProblem } from '../../core/field-problem.ts';
import { clientAddress } from '../../runtime/client-address.ts';
import { partnerSessionUser } from '../../services/portal/partner-sessions.ts';
import { requestSignInCode, verifySignInCode } from '../../services/portal/sign-in-codes.ts';
import { openSession } from '../../services/users/sessions.ts';
import { FormProblems, problemsOf, TextField } from '../components/form.tsx';
import { BarePage } from '../layout.tsx';
import type { PortalApp, PortalDeps } from './portal-app.ts';
import { portalToken, safePortalNext, setPortalCookie } from './portal-session.ts';

/**
 * Passwordless sign-in (`/portal/sign-in`): the partner user types its address, a 6-digit code is mailed to it
 * (10 minutes, 5 tries), and the code opens a portal session. Every address gets the same answer.
 */
export function registerPortalSignInPages(app: PortalApp, deps: PortalDeps): void {
  const EmailForm = (props: { next: string; email?: string; problems?: FieldProblem[]; status?: string }) => (
    <BarePage title="Sign in to the ordering portal" version={deps.version}>
      <FormProblems problems={props.problems} fields={[]} />
      {deps.sendPortalMail ? (
        <form class="stack card" method="post" action="/portal/sign-in">
          <input type="hidden" name="next" value={props.next} />
          <TextField
            name="email"
            label="Email address"
            type="email"
            autocomplete="username"
            hint="We mail a code to this address if it may use the portal"
            value={props.email}
            required
          />
          <button type="submit">Mail me a code</button>
        </form>
      ) : (
        <p class="notice warn">This gateway sends no mail: ask your supplier for an invite link.</p>
      )}
    </BarePage>
  );

  const CodeForm = (props: { next: string; email: string; problems?: FieldProblem[] }) => (
    <BarePage title="Type the code we mailed" version={deps.version}>
      <p>If {props.email} may use the portal, a 6-digit code is on its way to it. It works for 10 minutes.</p>
      <FormProblems problems={props.problems} fields={[]} />
      <form class="stack card" method="post" action="/portal/sign-in/code">
        <input type="hidden" name="next" value={props.next} />
        <input type="hidden" name="email" value={props.email} />
        <TextField name="code" label="Code" autocomplete="one-time-code" required />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/portal/sign-in">Ask for a new code</a>
      </p>
    </BarePage>
  );

  app.get('/sign-in', async (c) => {
    const next = safePortalNext(c.req.query('next'));
    const token = portalToken(c, deps);
    if (token && (await partnerSessionUser(deps.db, token, deps.sessionPolicy))) return c.redirect(next, 303);
    return c.html(<EmailForm next={next} />);
  });

  app.post('/sign-in', async (c) => {
    const body = await c.req.parseBody();
    const next = safePortalNext(String(body.next ?? ''));
    const email = String(body.email ?? '')
      .trim()
      .toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
      return c.html(
        <EmailForm
          next={next}
          email={email}
          problems={[{ path: 'email', message: 'must be an email address' }]}
        />,
        422,
      );
    if (!deps.sendPortalMail) return c.html(<EmailForm next={next} />, 503);
    const client = clientAddress(c);
    const outcome = await requestSignInCode(deps.db, { email, client }, deps.sendPortalMail, (error) =>
      deps.log.error({ error: String(error) }, 'portal sign-in code not mailed'),
    );
    if (outcome.limited) {
      c.header('Retry-After', String(outcome.retryAfterSeconds));
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      const problems = [
        { path: '(form)', message: `Too many codes asked for: try again in ${minutes} minutes.` },
      ];
      return c.html(<EmailForm next={next} email={email} problems={problems} />, 429);
    }
    return c.html(<CodeForm next={next} email={email} />);
  });

  app.post('/sign-in/code', async (c) => {
    const body = await c.req.parseBody();
    const next = safePortalNext(String(body.next ?? ''));
    const email = String(body.email ?? '').slice(0, 254);
    try {
      const user = await verifySignInCode(deps.db, { email, code: String(body.code ?? '').slice(0, 20) });
      const address = clientAddress(c);
      const { token } = await openSession(
        deps.db,
        user.id,
        { address, userAgent: c.req.header('user-agent') },
        deps.sessionPolicy,
        'portal',
      );
      setPortalCookie(c, deps, token);
      deps.log.info({ partnerUser: user.id, partner: user.partnerId, address }, 'portal sign-in (code)');
      return c.redirect(next, 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return c.html(<CodeForm next={next} email={email} problems={problems} />, 401);
    }
  });
}
