import { expect } from 'vitest';
import { ADMIN, type TestGateway } from './gateway-harness.ts';

/** A browser-less portal session of a partner user: requests with its cookie, forms with its CSRF token. */
export interface PortalClient {
  partnerId: string;
  /** The partner user's id. */
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** Posts a form (urlencoded, or multipart when a value is a Blob) with the CSRF field added. */
  post(
    path: string,
    form?: Record<string, string | Blob>,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/** The cookie pairs of a response's Set-Cookie headers, as a Cookie header sends them back. */
export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

/**
 * Invites a user of `partnerId` over the API (`POST /v1/partners/:id/users`), follows its one-time invite link
 * and returns the signed-in portal session. The partner must exist.
 */
export async function signInAsPartnerUser(
  t: TestGateway,
  partnerId: string,
  email = `buyer-${Math.random().toString(36).slice(2, 8)}@${partnerId}.example`,
): Promise<PortalClient> {
  const invited = await t.call(`/v1/partners/${encodeURIComponent(partnerId)}/users`, {
    method: 'POST',
    token: ADMIN,
    body: JSON.stringify({ email }),
    headers: { 'content-type': 'application/json' },
  });
  expect(invited.status, await invited.clone().text()).toBe(201);
  const { inviteLink, user } = (await invited.json()) as { inviteLink: string; user: { id: string } };
  const res = await fetch(new URL(new URL(inviteLink).pathname, t.gateway.url), {
    method: 'POST',
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return portalClientOf(t, { partnerId, userId: user.id, email, cookie: cookiesOf(res) });
}

/** A portal client for a session cookie (from an invite, or from a code sign-in): reads its CSRF token. */
export async function portalClientOf(
  t: TestGateway,
  who: { partnerId: string; userId: string; email: string; cookie: string },
): Promise<PortalClient> {
  const { cookie } = who;
  const page = await (await fetch(`${t.gateway.url}/portal/orders`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the portal orders page');
  return {
    ...who,
    csrf,
    get: (path, headers = {}) =>
      fetch(`${t.gateway.url}${path}`, { headers: { cookie, ...headers }, redirect: 'manual' }),
    post(path, form = {}, headers = {}) {
      const multipart = Object.values(form).some((v) => v instanceof Blob);
      let body: URLSearchParams | FormData;
      if (multipart) {
        body = new FormData();
        for (const [k, v] of Object.entries({ _csrf: csrf, ...form })) body.append(k, v);
      } else body = new URLSearchParams({ _csrf: csrf, ...(form as Record<string, string>) });
      return fetch(`${t.gateway.url}${path}`, {
        method: 'POST',
        body,
        headers: { cookie, ...headers },
        redirect: 'manual',
      });
    },
  };
}
