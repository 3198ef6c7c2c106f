import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { closeMailServers, type Delivered, MAIL_PASS, MAIL_USER, mailServer } from './support/mail-server.ts';
import { askForCode, codeMailedTo, signInWithCode, typeCode } from './support/portal-mail.ts';
import { eventually } from './support/services.ts';

/** The page's text with the address typed taken out: what an answer says about the address. */
const answerOf = async (res: Response, email: string) => (await res.text()).split(email).join('<address>');

describe.each(gatewayModes())('portal sign-in with a mailed code ($name)', (mode) => {
  let t: TestGateway;
  let inbox: Delivered[];
  let user: { partnerId: string; userId: string; email: string };

  beforeAll(async () => {
    const smtp = await mailServer();
    inbox = smtp.inbox;
    t = await startTestGateway(mode, {
      ORDERGATE_SMTP_URL: `smtp://${MAIL_USER}:${MAIL_PASS}@127.0.0.1:${smtp.port}`,
      ORDERGATE_MAIL_FROM: 'portal@supplier.example',
    });
    await t.createPartner({
      id: 'acme',
      name: 'Acme',
      identifiers: [{ type: 'email', value: 'orders@acme.example' }],
    });
    const res = await t.call('/v1/partners/acme/users', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ email: 'buyer@acme.example' }),
      headers: { 'content-type': 'application/json' },
    });
    const body = (await res.json()) as { user: { id: string } };
    user = { partnerId: 'acme', userId: body.user.id, email: 'buyer@acme.example' };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await closeMailServers();
  });
  // each test starts with no code asked for (the limits count every request of the last 15 minutes), and with
  // every code mail of the tests before it arrived (mails are sent after the answer: a late one would be read
  // as the next test's code)
  let mailed = 0;
  beforeEach(async () => {
    const [row] = await t.query<{ n: number }>(
      'select count(*)::int as n from portal_sign_in_codes where partner_user_id is not null',
    );
    mailed += row!.n;
    await eventually(async () => (inbox.length >= mailed ? true : undefined), 10_000, `${mailed} mails`);
    await t.query('delete from portal_sign_in_codes');
  });

  it('mails a code that signs the partner user in once; a wrong code is refused', async () => {
    const seen = inbox.length;
    const asked = await askForCode(t, 'Buyer@Acme.example');
    expect(asked.status).toBe(200);
    const code = await codeMailedTo(inbox, user.email, 0);
    const mail = inbox.slice(seen).find((m) => m.to.includes(user.email))!;
    expect(mail.from).toBe('portal@supplier.example');
    // the code is stored hashed only
    const [row] = await t.query<{ hash: string }>('select hash from portal_sign_in_codes');
    expect(row!.hash).not.toContain(code);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await typeCode(t, user.email, wrong);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('the code is wrong, expired or used up');
    const right = await typeCode(t, user.email, code);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/portal/orders');
    const cookie = right.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await fetch(`${t.gateway.url}/portal/orders`, { headers: { cookie } })).status).toBe(200);
    expect((await typeCode(t, user.email, code)).status).toBe(401);
  });

  it('answers an unknown address exactly as a known one, and mails it nothing', async () => {
    const known = await askForCode(t, user.email);
    const unknown = await askForCode(t, 'stranger@acme.example');
    expect(unknown.status).toBe(known.status);
    expect(await answerOf(unknown, 'stranger@acme.example')).toBe(await answerOf(known, user.email));
    await codeMailedTo(inbox, user.email, inbox.filter((m) => m.to.includes(user.email)).length - 1);
    expect(inbox.some((m) => m.to.includes('stranger@acme.example'))).toBe(false);
    // the partner's order-mail address (an email identifier) is no portal user either
    await askForCode(t, 'orders@acme.example');
    expect(inbox.some((m) => m.to.includes('orders@acme.example'))).toBe(false);
    expect((await typeCode(t, 'stranger@acme.example', '000000')).status).toBe(401);
  });

  it('a code takes 5 tries: after 5 wrong ones even the right code is refused', async () => {
    const seen = inbox.filter((m) => m.to.includes(user.email)).length;
    await askForCode(t, user.email);
    const code = await codeMailedTo(inbox, user.email, seen);
    const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expect((await typeCode(t, user.email, wrong)).status).toBe(401);
    expect((await typeCode(t, user.email, code)).status).toBe(401);
  });

  it('an expired code is refused, and only the newest code counts', async () => {
    let seen = inbox.filter((m) => m.to.includes(user.email)).length;
    await askForCode(t, user.email);
    const first = await codeMailedTo(inbox, user.email, seen);
    seen += 1;
    await askForCode(t, user.email);
    const second = await codeMailedTo(inbox, user.email, seen);
    if (first !== second) expect((await typeCode(t, user.email, first)).status).toBe(401);
    await t.query("update portal_sign_in_codes set expires_at = now() - interval '1 second'");
    expect((await typeCode(t, user.email, second)).status).toBe(401);
  });

  it('limits codes per address (known or not alike) and per client', async () => {
    for (const email of [user.email, 'ghost@acme.example']) {
      for (let i = 0; i < 3; i++) expect((await askForCode(t, email)).status).toBe(200);
      const limited = await askForCode(t, email);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // 6 asked so far from this client; 4 more addresses reach its 10, the 11th is refused
    for (let i = 0; i < 4; i++) expect((await askForCode(t, `other${i}@acme.example`)).status).toBe(200);
    expect((await askForCode(t, 'fresh@acme.example')).status).toBe(429);
  });

  it('signInWithCode (test helper) opens a session that shows the user', async () => {
    const client = await signInWithCode(t, inbox, user);
    const page = await (await client.get('/portal/orders')).text();
    expect(page).toContain(user.email);
  });
});
