import { clientAddress } from '../../runtime/client-address.ts';
import { partnerSessionUser } from '../../services/portal/partner-sessions.ts';
import { inviteIsValid, redeemInvite } from '../../services/portal/partner-users.ts';
import { closeSession, openSession } from '../../services/users/sessions.ts';
import { problemsOf } from '../components/form.tsx';
import { BarePage } from '../layout.tsx';
import type { PortalApp, PortalDeps } from './portal-app.ts';
import { clearPortalCookie, portalToken, setPortalCookie } from './portal-session.ts';

/**
 * The public part of the portal's sign-in: an admin's one-time invite link (a page with one button, so a mail
 * scanner following the link does not use it up; the POST signs the partner user in) and sign-out.
 */
export function registerPortalInvitePages(app: PortalApp, deps: PortalDeps): void {
  const gone = () => (
    <BarePage title="This link does not work" version={deps.version}>
      <p>The invite link is unknown, used already or expired. Ask your supplier for a new one.</p>
      <p>
        <a href="/portal/sign-in">Sign in with a code instead</a>
      </p>
    </BarePage>
  );

  app.get('/invite/:token', async (c) => {
    const token = c.req.param('token');
    if (!(await inviteIsValid(deps.db, token))) return c.html(gone(), 410);
    return c.html(
      <BarePage title="Welcome to the ordering portal" version={deps.version}>
        <form class="stack card" method="post" action={`/portal/invite/${encodeURIComponent(token)}`}>
          <p>This link signs you in once. Later, sign in with a code mailed to your address.</p>
          <button type="submit">Sign in</button>
        </form>
      </BarePage>,
    );
  });

  app.post('/invite/:token', async (c) => {
    try {
      const user = await redeemInvite(deps.db, c.req.param('token'));
      const address = clientAddress(c);
      const { token } = await openSession(
        deps.db,
        user.id,
        { address, userAgent: c.req.header('user-agent') },
        deps.sessionPolicy,
        'portal',
      );
      setPortalCookie(c, deps, token);
      deps.log.info({ partnerUser: user.id, partner: user.partnerId, address }, 'portal sign-in (invite)');
      return c.redirect('/portal/orders', 303);
    } catch (error) {
      if (!problemsOf(error)) throw error;
      return c.html(gone(), 410);
    }
  });

  app.post('/sign-out', async (c) => {
    // harmless to forge, so no CSRF token: it must work on an expired page too
    const token = portalToken(c, deps);
    const user = token ? await partnerSessionUser(deps.db, token, deps.sessionPolicy) : undefined;
    if (user) await closeSession(deps.db, user.sessionId);
    clearPortalCookie(c, deps);
    return c.redirect('/portal/sign-in', 303);
  });
}
