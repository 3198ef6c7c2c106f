import { type ErrorHandler, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorCodeEntry } from '../core/error-codes.ts';
import { classifyError } from '../db/classify-error.ts';
import { registerAssets } from './assets.ts';
import type { ConsoleDeps, ConsoleEnv } from './deps.ts';
import { BarePage } from './layout.tsx';
import { registerAccountPages } from './pages/account.tsx';
import { registerAs2KeyPages } from './pages/as2-keys.tsx';
import { registerConnectorPages } from './pages/connectors/index.tsx';
import { registerDashboardPages } from './pages/dashboard/index.tsx';
import { registerExceptionPages } from './pages/exceptions/index.tsx';
import { registerJobPages } from './pages/jobs/index.tsx';
import { registerMappingPages } from './pages/mappings/index.tsx';
import { registerMasterDataPages } from './pages/master-data/index.ts';
import { registerMessagePages } from './pages/messages/index.tsx';
import { registerOrderPages } from './pages/orders/index.tsx';
import { registerPartnerPages } from './pages/partners/index.tsx';
import { registerSignInPages } from './pages/sign-in.tsx';
import { registerUserPages } from './pages/users.tsx';
import { checkOrigin, requireCsrf, requireSession } from './session.ts';

/** The largest request a console form takes (a sample spreadsheet, a master-data file). */
const MAX_FORM_BYTES = 50 * 1024 * 1024;

/** An error of a page as a page (or, for htmx, as the fragment it swaps in): never a stack, never SQL. */
function errorPage(deps: ConsoleDeps): ErrorHandler<ConsoleEnv> {
  return (error, c) => {
    const shape = classifyError(error);
    const internal = shape.code === 'gateway.internal' || shape.code.startsWith('database.');
    if (internal) deps.log.error({ error: shape, path: c.req.path }, 'unhandled error in a console page');
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
      <BarePage title={status === 403 ? 'Not allowed' : 'That did not work'} version={deps.version}>
        <p class="notice bad">{message}</p>
        <p>
          <a href="/admin">Back to the console</a>
        </p>
      </BarePage>,
      status,
    );
  };
}

/**
 * The admin console: server-rendered pages under /admin calling the same services as the API. Public routes
 * (assets, sign-in, one-time links) come first; every other page needs a live session, and every request that
 * changes something a same-origin request with the session's CSRF token; each area then requires its role.
 */
export function createConsole(deps: ConsoleDeps): Hono {
  const root = new Hono();
  root.get('/', (c) => c.redirect('/admin', 302));

  const app = new Hono<ConsoleEnv>();
  app.onError(errorPage(deps));
  app.use('*', async (c, next) => {
    await next();
    // pages load only our own stylesheet and scripts; forms post only to us; nobody frames them
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    c.header('Cache-Control', 'no-store');
    // not the API's no-referrer: under it a browser sends `Origin: null` with a form, and the origin check
    // could not tell our own forms from anyone's; same-origin still tells other sites nothing
    c.header('Referrer-Policy', 'same-origin');
  });
  app.use(
    '*',
    bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('The upload is too large.', 413) }),
  );
  app.use('*', checkOrigin(deps));
  registerAssets(app, deps.version);
  registerSignInPages(app, deps);

  app.use('*', requireSession(deps), requireCsrf);
  registerAccountPages(app, deps);
  registerUserPages(app, deps);
  // each area's pages: one register call per area (src/ui/pages/<area>/)
  // -- areas --
  registerConnectorPages(app, deps);
  registerPartnerPages(app, deps);
  registerAs2KeyPages(app, deps);
  registerDashboardPages(app, deps);
  registerJobPages(app, deps);
  registerMessagePages(app, deps);
  registerOrderPages(app, deps);
  registerExceptionPages(app, deps);
  registerMasterDataPages(app, deps);
  registerMappingPages(app, deps);

  app.all('*', (c) =>
    c.html(
      <BarePage title="Not found" version={deps.version}>
        <p>There is no page here.</p>
        <p>
          <a href="/admin">Back to the console</a>
        </p>
      </BarePage>,
      404,
    ),
  );
  root.route('/admin', app);
  return root;
}
