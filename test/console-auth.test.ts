import { spawnSync } from 'node:child_process';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, signInAs, TEST_PASSWORD } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { tempDir } from './support/services.ts';

describe.each(gatewayModes())('console sign-in and sessions ($name)', (mode) => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway(mode);
  }, 60_000);
  afterAll(() => t?.close());

  const page = (path: string, init: RequestInit = {}) =>
    fetch(`${t.gateway.url}${path}`, { redirect: 'manual', ...init });

  it('sends / to the console and an anonymous visitor to sign-in, coming back afterwards', async () => {
    const root = await page('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/admin');
    const console = await page('/admin/orders?partner=x');
    expect(console.status).toBe(303);
    expect(console.headers.get('location')).toBe('/admin/sign-in?next=%2Fadmin%2Forders%3Fpartner%3Dx');
    // the JSON API is where it was
    expect((await page('/v1/partners')).status).toBe(401);
  });

  it('signs a user in through its one-time link, with an HttpOnly SameSite=Lax cookie, and the link works once', async () => {
    const created = await t.json<{ signInLink: string; user: { role: string; active: boolean } }>(
      '/v1/users',
      {
        method: 'POST',
        body: JSON.stringify({ email: 'Once@Supplier.example', role: 'operator' }),
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(created.user).toMatchObject({ role: 'operator', active: false });
    const link = new URL(created.signInLink).pathname;
    expect((await page(link)).status).toBe(200);
    const short = await page(link, { method: 'POST', body: new URLSearchParams({ password: 'short' }) });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('must be at least 12 characters');
    const set = await page(link, { method: 'POST', body: new URLSearchParams({ password: TEST_PASSWORD }) });
    expect(set.status).toBe(303);
    expect((await page(link)).status).toBe(410);

    const res = await page('/admin/sign-in', {
      method: 'POST',
      body: new URLSearchParams({
        email: 'once@supplier.example',
        password: TEST_PASSWORD,
        next: '/admin/exceptions',
      }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/exceptions');
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^ordergate_session=[\w-]{40,}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    const account = await page('/admin/account', { headers: { cookie: cookie.split(';')[0]! } });
    expect(account.status).toBe(200);
    expect(account.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await account.text()).toContain('once@supplier.example');
  });

  it('refuses a wrong password and an unknown address alike, and never goes back to another site', async () => {
    const operator = await signInAs(t, 'operator');
    const wrong = await page('/admin/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: operator.email, password: 'not the password at all' }),
    });
    const unknown = await page('/admin/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: 'nobody@supplier.example', password: 'not the password at all' }),
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const say = (html: string) => /role="alert">[\s\S]*?<\/div>/.exec(html)?.[0];
    expect(say(await wrong.text())).toBe(say(await unknown.text()));
    const away = await page('/admin/sign-in', {
      method: 'POST',
      body: new URLSearchParams({
        email: operator.email,
        password: TEST_PASSWORD,
        next: '//evil.example/admin',
      }),
    });
    expect(away.headers.get('location')).toBe('/admin');
  });

  it('locks an account out after five wrong passwords, whatever the address, with Retry-After', async () => {
    const victim = await signInAs(t, 'viewer');
    for (let i = 0; i < 5; i++) {
      const res = await page('/admin/sign-in', {
        method: 'POST',
        body: new URLSearchParams({ email: victim.email, password: `guess number ${i} here` }),
      });
      expect(res.status).toBe(401);
    }
    const locked = await page('/admin/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: victim.email, password: TEST_PASSWORD }),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    // the session it already had is untouched
    expect((await victim.get('/admin/account')).status).toBe(200);
  });

  it('refuses a changing request without the CSRF token or from another origin', async () => {
    const admin = await signInAs(t, 'admin');
    const noToken = await fetch(`${t.gateway.url}/admin/users`, {
      method: 'POST',
      headers: { cookie: admin.cookie },
      body: new URLSearchParams({ email: 'x@supplier.example', role: 'viewer' }),
      redirect: 'manual',
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('reload the page');
    const foreign = await admin.post(
      '/admin/users',
      { email: 'y@supplier.example', role: 'viewer' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const crossSite = await admin.post(
      '/admin/users',
      { email: 'y@supplier.example', role: 'viewer' },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    const htmx = await fetch(`${t.gateway.url}/admin/users`, {
      method: 'POST',
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ email: 'z@supplier.example', role: 'viewer' }),
    });
    expect(htmx.status).toBe(200);
    const users = await t.json<{ users: { email: string }[] }>('/v1/users');
    expect(users.users.map((u) => u.email)).toContain('z@supplier.example');
    expect(users.users.map((u) => u.email)).not.toContain('x@supplier.example');
  });

  it('audits an admin’s change with the user’s id, and a disabled user is signed out at once', async () => {
    const admin = await signInAs(t, 'admin');
    const target = await signInAs(t, 'operator');
    const [row] = await t.query<{ id: string }>(`select id from users where email = '${target.email}'`);
    const res = await admin.post(`/admin/users/${row!.id}/role`, { role: 'viewer' });
    expect(res.status).toBe(303);
    const [entry] = await t.query<{ actor: string; before: { role: string }; after: { role: string } }>(
      `select actor, before, after from audit_events where entity_type = 'user' and entity_id = '${row!.id}' and action = 'changed'`,
    );
    const [me] = await t.query<{ id: string }>(`select id from users where email = '${admin.email}'`);
    expect(entry).toMatchObject({
      actor: `user:${me!.id}`,
      before: { role: 'operator' },
      after: { role: 'viewer' },
    });
    await admin.post(`/admin/users/${row!.id}/disable`);
    expect((await target.get('/admin/account')).status).toBe(303);
  });

  it('gives an admin a new one-time link for a user, which sets a new password', async () => {
    const admin = await signInAs(t, 'admin');
    const target = await signInAs(t, 'operator');
    const [row] = await t.query<{ id: string }>(`select id from users where email = '${target.email}'`);
    const res = await admin.post(`/admin/users/${row!.id}/link`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Send this one-time sign-in link to ${target.email}`);
    const link = /\/admin\/welcome\/og_link_[\w-]+/.exec(html)?.[0];
    const reset = await page(link!, {
      method: 'POST',
      body: new URLSearchParams({ password: 'another long password 456' }),
    });
    expect(reset.status).toBe(303);
    expect((await signIn(t, target.email, 'another long password 456')).cookie).toMatch(
      /^ordergate_session=/,
    );
  });

  it('ends an idle session, and signs out everywhere', async () => {
    const user = await signInAs(t, 'viewer');
    await t.query(
      `update sessions set last_seen_at = now() - interval '9 hours' where user_id = (select id from users where email = '${user.email}')`,
    );
    expect((await user.get('/admin/account')).status).toBe(303);

    const first = await signIn(t, user.email, TEST_PASSWORD);
    const second = await signIn(t, user.email, TEST_PASSWORD);
    expect((await second.post('/admin/account/sign-out-everywhere')).status).toBe(303);
    expect((await first.get('/admin/account')).status).toBe(303);
    expect((await second.get('/admin/account')).status).toBe(303);
  });

  it('asks an admin who turned on an authenticator app for its code', async () => {
    const admin = await signInAs(t, 'admin');
    const setup = await (await admin.post('/admin/account/totp')).text();
    const secret = /class="secret">([A-Z2-7]+)</.exec(setup)?.[1];
    const sealed = /name="secret" value="([^"]+)"/.exec(setup)?.[1];
    expect(secret && sealed).toBeTruthy();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret!) });
    const wrong = await admin.post('/admin/account/totp/on', {
      secret: sealed!,
      code: '000000' === totp.generate() ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(
      (await admin.post('/admin/account/totp/on', { secret: sealed!, code: totp.generate() })).status,
    ).toBe(303);

    const without = await page('/admin/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ email: admin.email, password: TEST_PASSWORD }),
    });
    expect(without.status).toBe(401);
    const withCode = await signIn(t, admin.email, TEST_PASSWORD, totp.generate());
    expect((await withCode.get('/admin/account')).status).toBe(200);
  });

  it('answers a viewer 403 on the users page and its actions', async () => {
    const viewer = await signInAs(t, 'viewer');
    expect((await viewer.get('/admin/users')).status).toBe(403);
    const res = await viewer.post('/admin/users', { email: 'v@supplier.example', role: 'admin' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('needs the role admin');
  });
});

describe('ordergate users add', () => {
  it('adds a user to the embedded database and prints its one-time link', () => {
    const tmp = tempDir();
    try {
      const env = {
        ...process.env,
        ORDERGATE_DATA_DIR: tmp.dir,
        DATABASE_URL: '',
        REDIS_URL: '',
        LOG_LEVEL: 'silent',
        ORDERGATE_PUBLIC_URL: 'https://orders.supplier.example/',
      };
      const ok = spawnSync(
        'node',
        ['bin/ordergate.js', 'users', 'add', 'First@Supplier.example', '--role', 'admin'],
        { env, encoding: 'utf8' },
      );
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(
        /added first@supplier\.example \(admin\)[\s\S]*https:\/\/orders\.supplier\.example\/admin\/welcome\/og_link_[\w-]+/,
      );
      const again = spawnSync(
        'node',
        ['bin/ordergate.js', 'users', 'add', 'first@supplier.example', '--role', 'boss'],
        { env, encoding: 'utf8' },
      );
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('role must be one of viewer, operator, admin');
    } finally {
      tmp.remove();
    }
  });
});
