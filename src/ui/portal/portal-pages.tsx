import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { BarePage } from '../layout.tsx';
import type { PortalDeps, PortalEnv } from './portal-app.ts';
import { PortalPage } from './portal-layout.tsx';

/**
 * The portal's answer for anything not found — a route, or another partner's order, document or invoice: the
 * same 404 page for both, so an id tells nobody whether it exists elsewhere.
 */
export function portalNotFound(c: Context<PortalEnv>, deps: Pick<PortalDeps, 'version'>) {
  const user = c.get('partnerUser');
  const body: Child = (
    <>
      <p>There is no page here.</p>
      <p>
        <a href="/portal/orders">Back to your orders</a>
      </p>
    </>
  );
  return c.html(
    user ? (
      <PortalPage title="Not found" user={user} path={c.req.path} version={deps.version}>
        {body}
      </PortalPage>
    ) : (
      <BarePage title="Not found" version={deps.version}>
        {body}
      </BarePage>
    ),
    404,
  );
}
