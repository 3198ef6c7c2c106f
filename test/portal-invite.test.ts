import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from './support/console-client.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { cookiesOf, signInAsPartnerUser } from './support/portal-client.ts';

describe.each(gatewayModes())('portal invites and sessions ($name)', (mode) => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    await t.createPartner({
      id: 'acme',
      name: 'Acme',
      identifiers: [{ type: 'email', value: 'orders@acme.example' }],
    });
  }, 120_000);
  afterAll(() => t?.close());

  it('an invite link signs the partner user in once; the portal cookie is not a console session', async () => {
    const res = await t.call('/v1/partners/acme/users', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ email: ' Buyer@Acme.Example ', name: 'Bea Buyer' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const { user, inviteLink } = (await res.json()) as { user: { email: string }; inviteLink: string };
    expect(user.email).toBe('buyer@acme.example');
    const path = new URL(inviteLink).pathname;
    expect((await fetch(`${t.gateway.url}${path}`)).status).toBe(200);
    const used = await fetch(`${t.gateway.url}${path}`, { method: 'POST', redirect: 'manual' });
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe('/portal/orders');
    const cookie = cookiesOf(used);
    expect(cookie).toMatch(/^og_portal=/);
    const orders = await fetch(`${t.gateway.url}/portal/orders`, { headers: { cookie }, redirect: 'manual' });
    expect(orders.status).toBe(200);
    expect(await orders.text()).toContain('buyer@acme.example');
    // the portal session opens no console page, and the link works once
    const admin = await fetch(`${t.gateway.url}/admin/orders`, { headers: { cookie }, redirect: 'manual' });
    expect(admin.status).toBe(303);
    expect((await fetch(`${t.gateway.url}${path}`, { method: 'POST', redirect: 'manual' })).status).toBe(410);
  });

  it('a console session opens no portal page; no session redirects to sign-in', async () => {
    const console = await signInAs(t, 'admin');
    const res = await console.get('/portal/orders');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal/sign-in?next=%2Fportal%2Forders');
  });

  it('a form without the CSRF token is refused', async () => {
    const client = await signInAsPartnerUser(t, 'acme');
    const res = await fetch(`${t.gateway.url}/portal/orders`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
  });

  it('inviting a user of no partner is 404, a bad address 4xx naming the field', async () => {
    const none = await t.call('/v1/partners/nobody/users', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ email: 'a@b.example' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(none.status).toBe(404);
    const bad = await t.call('/v1/partners/acme/users', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ email: 'not an address' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('email');
  });

  it('an admin invites, lists and disables portal users on the partner page; disabling ends the sessions', async () => {
    const admin = await signInAs(t, 'admin');
    const partnerPage = await (await admin.get('/admin/partners/acme')).text();
    expect(partnerPage).toContain('href="/admin/partners/acme/portal-users"');
    const refused = await admin.post('/admin/partners/acme/portal-users', { email: 'nope' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/id="f-email-error">must be an email address/);
    const invited = await admin.post('/admin/partners/acme/portal-users', {
      email: 'clerk@acme.example',
      name: 'Cy Clerk',
    });
    expect(invited.status).toBe(201);
    const html = await invited.text();
    const link = /<p class="secret">([^<]+)<\/p>/.exec(html)![1]!;
    const userId = /id="portal-user-([^"]+)"><td>clerk@acme\.example/.exec(html)![1]!;
    const used = await fetch(`${t.gateway.url}${new URL(link).pathname}`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(used.status).toBe(303);
    const cookie = cookiesOf(used);
    expect(
      (await fetch(`${t.gateway.url}/portal/orders`, { headers: { cookie }, redirect: 'manual' })).status,
    ).toBe(200);
    // a viewer sees the list but may not disable
    const viewer = await signInAs(t, 'viewer');
    expect(await (await viewer.get('/admin/partners/acme/portal-users')).text()).toContain(
      'clerk@acme.example',
    );
    expect((await viewer.post(`/admin/partners/acme/portal-users/${userId}/disable`)).status).toBe(403);
    // another partner's path does not reach the user
    expect((await admin.post(`/admin/partners/nobody/portal-users/${userId}/disable`)).status).toBe(404);
    const disabled = await admin.post(`/admin/partners/acme/portal-users/${userId}/disable`);
    expect(disabled.status).toBe(303);
    expect(await (await admin.get('/admin/partners/acme/portal-users')).text()).toMatch(
      new RegExp(`id="portal-user-${userId}">[\\s\\S]*?disabled`),
    );
    const after = await fetch(`${t.gateway.url}/portal/orders`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
  });
});
