import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { partnerSessionUser } from '../../services/portal/partner-sessions.ts';
import { csrfCheck } from '../session.ts';
import type { PortalDeps, PortalEnv } from './portal-app.ts';

/**
 * The portal's session cookie: distinct from the console's, so a person who is both a console user and a
 * partner user holds two sessions, each read only by its own door. `__Host-` (Secure, host-only) over HTTPS.
 */
export function portalCookieName(deps: Pick<PortalDeps, 'publicUrl'>): string {
  return deps.publicUrl.startsWith('https:') ? '__Host-og_portal' : 'og_portal';
}

/** Sets the portal's session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS, for the absolute lifetime. */
export function setPortalCookie(
  c: Context,
  deps: Pick<PortalDeps, 'publicUrl' | 'sessionPolicy'>,
  token: string,
): void {
  setCookie(c, portalCookieName(deps), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.publicUrl.startsWith('https:'),
    path: '/',
    maxAge: Math.floor(deps.sessionPolicy.absoluteMs / 1000),
  });
}

export function clearPortalCookie(c: Context, deps: Pick<PortalDeps, 'publicUrl'>): void {
  deleteCookie(c, portalCookieName(deps), { path: '/', secure: deps.publicUrl.startsWith('https:') });
}

export function portalToken(c: Context, deps: Pick<PortalDeps, 'publicUrl'>): string | undefined {
  return getCookie(c, portalCookieName(deps));
}

/**
 * Portal pages behind sign-in: the request's portal session must be live, else a page is redirected to the
 * portal's sign-in and an htmx or form request is answered 401.
 */
export function requirePartnerSession(deps: PortalDeps) {
  return createMiddleware<PortalEnv>(async (c, next) => {
    const token = portalToken(c, deps);
    const user = token ? await partnerSessionUser(deps.db, token, deps.sessionPolicy) : undefined;
    if (!user) {
      if (c.req.method === 'GET' && !c.req.header('hx-request')) {
        const back = new URL(c.req.url);
        return c.redirect(`/portal/sign-in?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
      }
      c.header('HX-Redirect', '/portal/sign-in');
      return c.text('Your session has ended: sign in again.', 401);
    }
    c.set('partnerUser', user);
    await next();
  });
}

/** The CSRF token check of a signed-in portal request (after {@link requirePartnerSession}). */
export const requirePortalCsrf = csrfCheck<PortalEnv>((c) => c.get('partnerUser').csrfToken);

/** Only a portal path is a place to go back to after sign-in (never another site: no open redirect). */
export function safePortalNext(next: string | undefined): string {
  return next && /^\/portal(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/portal/orders';
}
