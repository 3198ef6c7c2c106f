import { timingSafeEqual } from 'node:crypto';
import type { Context, Env } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { permanent } from '../core/errors.ts';
import { type Role, roleAllows } from '../core/user.ts';
import { sessionUser } from '../services/users/sessions.ts';
import type { ConsoleDeps, ConsoleEnv } from './deps.ts';

/** The session cookie's name; `__Host-` (Secure, host-only, path /) when the gateway is reached over HTTPS. */
export function cookieName(deps: Pick<ConsoleDeps, 'publicUrl'>): string {
  return deps.publicUrl.startsWith('https:') ? '__Host-ordergate_session' : 'ordergate_session';
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS, for the absolute lifetime. */
export function setSessionCookie(
  c: Context,
  deps: Pick<ConsoleDeps, 'publicUrl' | 'sessionPolicy'>,
  token: string,
): void {
  setCookie(c, cookieName(deps), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.publicUrl.startsWith('https:'),
    path: '/',
    maxAge: Math.floor(deps.sessionPolicy.absoluteMs / 1000),
  });
}

export function clearSessionCookie(c: Context, deps: Pick<ConsoleDeps, 'publicUrl'>): void {
  deleteCookie(c, cookieName(deps), { path: '/', secure: deps.publicUrl.startsWith('https:') });
}

/** The session token of a request, if it carries one. */
export function sessionToken(c: Context, deps: Pick<ConsoleDeps, 'publicUrl'>): string | undefined {
  return getCookie(c, cookieName(deps));
}

/**
 * Pages behind sign-in: the request's session must be live, else a page is redirected to sign-in (and back
 * afterwards) and an htmx or form request is answered 401 (it would lose what was typed by redirecting).
 */
export function requireSession(deps: ConsoleDeps) {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    const token = sessionToken(c, deps);
    const user = token ? await sessionUser(deps.db, token, deps.sessionPolicy) : undefined;
    if (!user) {
      if (c.req.method === 'GET' && !c.req.header('hx-request')) {
        const back = new URL(c.req.url);
        return c.redirect(`/admin/sign-in?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
      }
      c.header('HX-Redirect', '/admin/sign-in');
      return c.text('Your session has ended: sign in again.', 401);
    }
    c.set('user', user);
    await next();
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every request that changes something (any method but GET/HEAD) must come from our own pages: a browser's
 * `Origin` (or `Sec-Fetch-Site`), when sent, must be this gateway's, and a signed-in request must carry the
 * session's CSRF token (form field `_csrf`, or the `X-CSRF-Token` header htmx sends). Checked before any handler.
 */
export function checkOrigin(deps: Pick<ConsoleDeps, 'publicUrl'>) {
  return createMiddleware(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const own = [new URL(c.req.url).origin, new URL(deps.publicUrl).origin];
    if ((origin && !own.includes(origin)) || (site && site !== 'same-origin' && site !== 'none'))
      throw permanent('user.csrf_failed', 'this request did not come from the console');
    await next();
  });
}

/** The CSRF token check of a signed-in request (after {@link requireSession}). */
export const requireCsrf = csrfCheck<ConsoleEnv>((c) => c.get('user').csrfToken);

/**
 * The CSRF token check of a signed-in request whose session's token `expected` reads (the console's, the
 * portal's): the form field `_csrf` or the `X-CSRF-Token` header must be it.
 */
export function csrfCheck<E extends Env>(expected: (c: Context<E>) => string) {
  return createMiddleware<E>(async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    let sent = c.req.header('x-csrf-token');
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody({ all: true });
        const field = body._csrf;
        sent = typeof field === 'string' ? field : undefined;
      }
    }
    if (!sent || !sameText(sent, expected(c)))
      throw permanent(
        'user.csrf_failed',
        'the form is out of date or did not come from this site: reload the page',
      );
    await next();
  });
}

/** A route for `role` and above: below it, 403 before the handler runs (viewers never reach a changing form). */
export function allow(role: Role) {
  return createMiddleware<ConsoleEnv>(async (c, next) => {
    if (!roleAllows(c.get('user').role, role))
      throw permanent('user.role_forbidden', `this needs the role ${role}; you are ${c.get('user').role}`);
    await next();
  });
}

/** The actor an audit entry names for the signed-in user. */
export const actorOf = (c: Context<ConsoleEnv>): string => `user:${c.get('user').id}`;
