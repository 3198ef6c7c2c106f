import { type ErrorHandler, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorCodeEntry } from '../../core/error-codes.ts';
import { classifyError } from '../../db/classify-error.ts';
import { BarePage } from '../layout.tsx';
import { checkOrigin } from '../session.ts';
import { registerPortalInvitePages } from './invite.tsx';
import { registerPortalInvoicePages } from './invoices/index.tsx';
import { registerPortalOrderPages } from './orders/index.tsx';
import type { PortalApp, PortalDeps, PortalEnv } from './portal-app.ts';
import { portalNotFound } from './portal-pages.tsx';
import { requirePartnerSession, requirePortalCsrf } from './portal-session.ts';
import { registerPortalSignInPages } from './sign-in.tsx';

/** The largest request a portal form takes (an uploaded order file). */
const MAX_FORM_BYTES = 20 * 1024 * 1024;

/**
 * The portal's page areas behind sign-in: one register call per area (src/ui/portal/<area>/). Every query of
 * an area takes the partner from `c.get('partnerUser').partnerId`; test/portal-isolation.test.ts visits every
 * route registered here as another partner's user.
 */
export function registerPortalAreas(app: PortalApp, deps: PortalDeps): void {
  // -- areas --
  registerPortalOrderPages(app, deps);
  registerPortalInvoicePages(app, deps);
}

/** An error of a portal page as a page (or, for htmx, the fragment it swaps in): never a stack, never SQL. */
function errorPage(deps: PortalDeps): ErrorHandler<PortalEnv> {
  return (error, c) => {
    const shape = classifyError(error);
    const internal = shape.code === 'gateway.internal' || shape.code.startsWith('database.');
    if (internal) deps.log.error({ error: shape, path: c.req.path }, 'unhandled error in a portal page');
    const status = internal
      ? 500
      : ((errorCodeEntry(shape.code).http as 400 | 403 | 404 | 409 | 422 | undefined) ?? 400);
    const message = internal ? 'Something went wrong on our side; it has been logged.' : shape.message;
    if (c.req.header('hx-request'))
      return c.html(
        <p class="notice bad" role="alert">
          {message}
        </p>,
        status,
      );
    return c.html(
      <BarePage title="That did not work" version={deps.version}>
        <p class="notice bad">{message}</p>
        <p>
          <a href="/portal/orders">Back to the portal</a>
        </p>
      </BarePage>,
      status,
    );
  };
}

/**
 * The partner portal (`/portal/*`), for partner users: the console's page style and security (CSP, no-store,
 * same-origin checks, CSRF on every POST), its own session cookie, and every page scoped to the signed-in
 * user's partner. Public routes (sign-in, invite links) come first.
 */
export function createPortal(deps: PortalDeps): Hono {
  const app = new Hono<PortalEnv>();
  app.onError(errorPage(deps));
  app.use('*', async (c, next) => {
    await next();
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'same-origin');
  });
  app.use(
    '*',
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('The upload is too large.', 413) }),
  );
  app.use('*', checkOrigin(deps));
  registerPortalSignInPages(app, deps);
  registerPortalInvitePages(app, deps);

  app.use('*', requirePartnerSession(deps), requirePortalCsrf);
  registerPortalAreas(app, deps);
  app.all('*', (c) => portalNotFound(c, deps));
  // served at /portal by the API app (createApi's `portal`), as the console's pages are
  return new Hono().route('/', app);
}
