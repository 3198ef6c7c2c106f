import { expect } from 'vitest';
import type { Role } from '../../src/core/user.ts';
import { ADMIN, type TestGateway } from './gateway-harness.ts';

/** The password every test user gets (long enough for the console's rule). */
export const TEST_PASSWORD = 'a long test password 123';

/** A browser-less console session: requests with its cookie, forms with its CSRF token, redirects not followed. */
export interface ConsoleClient {
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

/** Creates a user of `role` over the API, sets its password through its one-time link, and signs it in. */
export async function signInAs(
  t: TestGateway,
  role: Role,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@supplier.example`,
): Promise<ConsoleClient> {
  const created = await t.call('/v1/users', {
    method: 'POST',
    token: ADMIN,
    body: JSON.stringify({ email, role }),
    headers: { 'content-type': 'application/json' },
  });
  expect(created.status).toBe(201);
  const { signInLink } = (await created.json()) as { signInLink: string };
  const welcome = await fetch(new URL(new URL(signInLink).pathname, t.gateway.url), {
    method: 'POST',
    body: new URLSearchParams({ password: TEST_PASSWORD }),
    redirect: 'manual',
  });
  expect(welcome.status).toBe(303);
  return signIn(t, email, TEST_PASSWORD);
}

/** Signs an existing user in with its password and returns the session. */
export async function signIn(
  t: TestGateway,
  email: string,
  password: string,
  code?: string,
): Promise<ConsoleClient> {
  const res = await fetch(`${t.gateway.url}/admin/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ email, password, ...(code ? { code } : {}) }),
    redirect: 'manual',
  });
  expect(res.status, await res.clone().text()).toBe(303);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const page = await (await fetch(`${t.gateway.url}/admin/account`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the account page');
  return clientOf(t, email, cookie, csrf);
}

function clientOf(t: TestGateway, email: string, cookie: string, csrf: string): ConsoleClient {
  return {
    email,
    cookie,
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
