import type { Context, Hono } from 'hono';
import type { PortalSessionUser } from '../../services/portal/partner-sessions.ts';
import type { SystemMailer } from '../../services/portal/system-mail.ts';
import type { ConsoleDeps } from '../deps.ts';

/**
 * What the portal's pages need: the console's handles (the same services with the same database), and how the
 * sign-in codes are mailed. The portal is mounted beside the console (`createPortal` in portal.tsx, served at
 * `/portal` by the API app as its `portal`, next to the console's `pages`).
 */
export interface PortalDeps
  extends Pick<
    ConsoleDeps,
    'db' | 'dispatcher' | 'secrets' | 'delivery' | 'log' | 'version' | 'publicUrl' | 'sessionPolicy'
  > {
  /** Sends a sign-in code mail; unset → the gateway sends none (the sign-in page says codes are unavailable). */
  sendPortalMail?: SystemMailer;
}

/**
 * The portal's hono environment: every page behind sign-in knows its partner user, whose `partnerId` scopes
 * every query (never a partner id from the URL or a form).
 */
export type PortalEnv = { Variables: { partnerUser: PortalSessionUser } };

/** The app portal pages register on (paths relative to /portal). */
export type PortalApp = Hono<PortalEnv>;

/** A signed-in portal request's context. */
export type PortalContext = Context<PortalEnv>;

/** The actor an audit entry names for the signed-in partner user. */
export const portalActorOf = (c: PortalContext): string => `partner_user:${c.get('partnerUser').id}`;
