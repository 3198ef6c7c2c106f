import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { retryable } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import { partnerForApiKey } from '../partners/partner-store.ts';
import { clientAddress } from '../runtime/client-address.ts';
import type { FailedAuthLimiter } from '../runtime/failed-auth-limiter.ts';
import type { Logger } from '../runtime/logger.ts';
import { hashSecret } from '../runtime/secrets.ts';
import type { AdminAuth } from '../services/admin-token.ts';
import { errorBody } from './errors.ts';

/** Who made the request, set by the auth middleware for the routes behind it. */
export type Principal = { kind: 'admin' } | { kind: 'partner'; partnerId: string };

export type ApiEnv = { Variables: { principal: Principal } };

function bearer(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * A credential lookup that needs the database: while the database is down the caller is told to retry (503
 * with Retry-After), not refused and not shown a 500.
 */
async function lookup<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw retryable('gateway.unavailable', 'credentials cannot be checked right now; retry later', {
      cause: error,
    });
  }
}

/** What the auth middlewares need: the credentials' checks, a log for refusals, the failure limiter. */
export interface AuthDeps {
  admin: AdminAuth;
  db: Database;
  log: Logger;
  limiter: FailedAuthLimiter;
}

/**
 * Runs `identify` on the bearer token, unless the caller's address is locked out by too many refusals (429
 * with Retry-After). A refusal is 401, logged with address, method and path (never the token presented), and
 * closes the connection, so a request body (an unauthenticated 100 MB upload) is not read. A valid
 * credential that the route does not `admit` (a partner key on an admin route) is 403: it is not counted as a
 * refusal, so a partner's integration that calls an admin route by mistake never locks its own address out of
 * its X12 door.
 */
function guarded(
  deps: AuthDeps,
  /** Who the token stands for; `scraper` is /metrics's, which answers nothing else (no principal). */
  identify: (token: string) => Promise<Principal | 'scraper' | undefined>,
  admits: (principal: Principal) => boolean = () => true,
): MiddlewareHandler<ApiEnv> {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const address = clientAddress(c);
    const wait = deps.limiter.blockedFor(address);
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      c.header('Connection', 'close');
      return c.json(
        errorBody('auth.too_many_attempts', `too many refused credentials; retry in ${wait} s`),
        429,
      );
    }
    const token = bearer(c.req.header('authorization'));
    const principal = token === undefined ? undefined : await identify(token);
    if (principal === undefined) {
      deps.limiter.refused(address);
      deps.log.warn(
        { address, method: c.req.method, path: c.req.path, presented: token !== undefined },
        'refused a request without valid credentials',
      );
      c.header('WWW-Authenticate', 'Bearer');
      c.header('Connection', 'close');
      return c.json(errorBody('auth.unauthorized', 'a valid bearer token is required'), 401);
    }
    if (principal !== 'scraper') {
      if (!admits(principal)) {
        c.header('Connection', 'close');
        return c.json(errorBody('auth.forbidden', 'this route is for the admin token only'), 403);
      }
      c.set('principal', principal);
    }
    await next();
  });
}

/**
 * Who a bearer token stands for: the admin, a partner (by its API key), or nobody. The token's form decides what
 * is asked: the configured admin token is compared in memory, the database is asked only about a generated
 * admin token (`og_admin_…`) or a partner key (`og_key_…`), and a valid partner key is remembered for a few
 * seconds, so a partner's stream of POSTs costs no credential query. A key revoked by this process is refused
 * from the next request on; one revoked by another `serve` process may be accepted here for at most
 * `API_KEY_CACHE_TTL_MS` (5 s).
 */
const adminOrPartner =
  (deps: AuthDeps) =>
  async (token: string): Promise<Principal | undefined> => {
    if (await lookup(() => deps.admin.verify(token))) return { kind: 'admin' };
    const partnerId = await lookup(() => partnerForApiKey(deps.db, token));
    return partnerId === undefined ? undefined : { kind: 'partner', partnerId };
  };

/** Admin routes: `Authorization: Bearer <admin token>`. */
export function requireAdmin(deps: AuthDeps): MiddlewareHandler<ApiEnv> {
  return guarded(deps, adminOrPartner(deps), (principal) => principal.kind === 'admin');
}

/**
 * /metrics with ORDERGATE_METRICS_TOKEN set: that token only. A scraper is handed this token and nothing
 * more, so the admin token is not taken here (it would put admin rights in a monitoring config). Compared as
 * SHA-256 digests in constant time: equal lengths whatever was sent, and no early exit telling how much matched.
 */
export function requireMetricsToken(deps: AuthDeps, expected: string): MiddlewareHandler<ApiEnv> {
  const want = Buffer.from(hashSecret(expected), 'hex');
  return guarded(deps, async (token) =>
    timingSafeEqual(Buffer.from(hashSecret(token), 'hex'), want) ? 'scraper' : undefined,
  );
}

/** Partner routes: a partner API key (as bearer token) or the admin token. */
export function requirePartnerOrAdmin(deps: AuthDeps): MiddlewareHandler<ApiEnv> {
  return guarded(deps, adminOrPartner(deps));
}

/** Whether the caller may see something of `partnerId`'s: an admin sees all; a partner, for anyone else's, a 404. */
export function visible(c: Context<ApiEnv>, partnerId: string | null): boolean {
  const principal = c.get('principal');
  return principal.kind === 'admin' || principal.partnerId === partnerId;
}
