import { expect } from 'vitest';
import type { TestGateway } from './gateway-harness.ts';
import type { Delivered } from './mail-server.ts';
import { type PortalClient, portalClientOf } from './portal-client.ts';
import { eventually } from './services.ts';

/** The sign-in code of the newest mail to `email` in `inbox`, once it has arrived (after `seen` mails to it). */
export async function codeMailedTo(inbox: Delivered[], email: string, seen = 0): Promise<string> {
  return eventually(
    async () => {
      const mails = inbox.filter((m) => m.to.includes(email));
      if (mails.length <= seen) return undefined;
      return /sign-in code: (\d{6})/.exec(mails.at(-1)!.raw.toString('utf8'))?.[1];
    },
    10_000,
    `a sign-in code mailed to ${email}`,
  );
}

/** Asks for a code on the sign-in page as a browser would (a form post): the response. */
export function askForCode(t: TestGateway, email: string): Promise<Response> {
  return fetch(`${t.gateway.url}/portal/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ email, next: '/portal/orders' }),
    redirect: 'manual',
  });
}

/** Types a code on the sign-in page: the response (303 with the session cookie when right). */
export function typeCode(t: TestGateway, email: string, code: string): Promise<Response> {
  return fetch(`${t.gateway.url}/portal/sign-in/code`, {
    method: 'POST',
    body: new URLSearchParams({ email, code, next: '/portal/orders' }),
    redirect: 'manual',
  });
}

/** Signs a partner user in with a code read from the test SMTP server. */
export async function signInWithCode(
  t: TestGateway,
  inbox: Delivered[],
  who: { partnerId: string; userId: string; email: string },
): Promise<PortalClient> {
  const seen = inbox.filter((m) => m.to.includes(who.email)).length;
  expect((await askForCode(t, who.email)).status).toBe(200);
  const res = await typeCode(t, who.email, await codeMailedTo(inbox, who.email, seen));
  expect(res.status).toBe(303);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  return portalClientOf(t, { ...who, cookie });
}
