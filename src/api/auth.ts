import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { retryable } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import { partnerForApiKey } from '../db/partner-store.ts';
import type { AdminAuth } from '../runtime/admin-token.ts';
import { hashSecret } from '../runtime/secrets.ts';
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
    throw retryable('unavailable', 'credentials cannot be checked right now; retry later', { cause: error });
  }
}

const unauthorized = errorBody('unauthorized', 'a valid bearer token is required');

/** Admin routes: `Authorization: Bearer <admin token>`. */
export function requireAdmin(admin: AdminAuth) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token || !(await lookup(() => admin.verify(token)))) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(unauthorized, 401);
    }
    c.set('principal', { kind: 'admin' });
    await next();
  });
}

/**
 * /metrics with ORDERGATE_METRICS_TOKEN set: that token only. A scraper is handed this token and nothing
 * more, so the admin token is not taken here (it would put admin rights in a monitoring config). Compared as
 * SHA-256 digests in constant time: equal lengths whatever was sent, and no early exit telling how much matched.
 */
export function requireMetricsToken(expected: string) {
  const want = Buffer.from(hashSecret(expected), 'hex');
  return createMiddleware(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token || !timingSafeEqual(Buffer.from(hashSecret(token), 'hex'), want)) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(unauthorized, 401);
    }
    await next();
  });
}

/** Partner routes: a partner API key (as bearer token) or the admin token. */
export function requirePartnerOrAdmin(admin: AdminAuth, db: Database) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (token && (await lookup(() => admin.verify(token)))) {
      c.set('principal', { kind: 'admin' });
      return next();
    }
    const partnerId = token ? await lookup(() => partnerForApiKey(db, token)) : undefined;
    if (!partnerId) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(unauthorized, 401);
    }
    c.set('principal', { kind: 'partner', partnerId });
    await next();
  });
}

/** Whether the caller may see something of `partnerId`'s: an admin sees all; a partner, for anyone else's, a 404. */
export function visible(c: Context<ApiEnv>, partnerId: string | null): boolean {
  const principal = c.get('principal');
  return principal.kind === 'admin' || principal.partnerId === partnerId;
}
