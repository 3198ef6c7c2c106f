import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';

/** The text of the field's error paragraph (`FieldFrame` renders it right after the control). */
const fieldError = (html: string, name: string) => {
  const id = `f-${name.replace(/[^\w-]/g, '-')}-error`;
  return new RegExp(`<p class="field-error" id="${id}">([^<]*)</p>`)
    .exec(html)?.[1]
    ?.replaceAll('&quot;', '"');
};

const keyOf = (html: string) => /<p class="secret">(og_key[^<]+)<\/p>/.exec(html)?.[1];

/** Every row of the edit form as it is, so a post changes only what a test sets. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    if (/type="checkbox"/.test(tag) && !/checked/.test(tag)) continue;
    fields[m[1]!] = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g))
    fields[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[m[1]!] = m[2]!.replaceAll('&quot;', '"');
  delete fields._csrf;
  return fields;
}

describe.each(gatewayModes())('partners in the console ($name)', (mode) => {
  let t: TestGateway;
  let admin: ConsoleClient;
  let viewer: ConsoleClient;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    admin = await signInAs(t, 'admin');
    viewer = await signInAs(t, 'viewer');
  }, 60_000);
  afterAll(() => t?.close());

  it('creates a partner with an e-mail identifier by the form, shows its key once, and lists it', async () => {
    const res = await admin.post('/admin/partners', {
      id: 'harbor-pine',
      name: 'Harbor & Pine',
      'identifiers.0.type': 'email',
      'identifiers.0.qualifier': '',
      'identifiers.0.value': 'orders@harborpine.example',
      'identifiers.1.type': 'x12',
      'identifiers.1.qualifier': '',
      'identifiers.1.value': '',
      'settings.emailAuth': 'secret-address',
      'settings.emailSecretAddress': 'orders+k7x2q9@supplier.example',
    });
    const html = await res.text();
    expect(res.status, html).toBe(201);
    const key = keyOf(html);
    expect(key).toMatch(/^og_key/);
    expect(html).toContain('email ORDERS@HARBORPINE.EXAMPLE');

    const partners = await t.json<{ partners: { id: string; settings: Record<string, unknown> }[] }>(
      '/v1/partners',
    );
    const stored = partners.partners.find((p) => p.id === 'harbor-pine');
    expect(stored?.settings.emailAuth).toBe('secret-address');

    // shown once: the partner's page does not hold it again
    expect(await (await viewer.get('/admin/partners/harbor-pine')).text()).not.toContain(key!);
    const list = await (await viewer.get('/admin/partners?q=harbor')).text();
    expect(list).toContain('href="/admin/partners/harbor-pine"');
    expect(await (await viewer.get('/admin/partners?q=nothing-like-it')).text()).not.toContain(
      'href="/admin/partners/harbor-pine"',
    );
  });

  it('shows a bad qualifier and a clashing identifier beside their fields (422)', async () => {
    const bad = await admin.post('/admin/partners', {
      id: 'bad-qualifier',
      name: 'Bad qualifier',
      'identifiers.0.type': 'x12',
      'identifiers.0.qualifier': 'zzz',
      'identifiers.0.value': 'BADQ',
    });
    const badHtml = await bad.text();
    expect(bad.status).toBe(422);
    expect(fieldError(badHtml, 'identifiers.0.qualifier')).toMatch(/two upper-case letters or digits/);
    // what was typed is kept
    expect(badHtml).toContain('value="BADQ"');

    const clash = await admin.post('/admin/partners', {
      id: 'copycat',
      name: 'Copycat',
      'identifiers.0.type': 'x12',
      'identifiers.0.qualifier': 'ZZ',
      'identifiers.0.value': 'COPYCAT',
      'identifiers.1.type': 'email',
      'identifiers.1.qualifier': '',
      'identifiers.1.value': 'Orders@HarborPine.example',
    });
    const clashHtml = await clash.text();
    expect(clash.status).toBe(422);
    expect(fieldError(clashHtml, 'identifiers.1.value')).toMatch(/belongs to partner "harbor-pine"/);
    expect(fieldError(clashHtml, 'identifiers.0.value')).toBeUndefined();
    expect(
      (await t.json<{ partners: { id: string }[] }>('/v1/partners')).partners.map((p) => p.id),
    ).not.toContain('copycat');
  });

  it('edits settings and identifiers, and reports a clash on the edited row', async () => {
    await t.createPartner({
      id: 'other',
      name: 'Other',
      identifiers: [{ type: 'domain', value: 'other.example' }],
    });
    const form = formFields(await (await admin.get('/admin/partners/harbor-pine/edit')).text());
    expect(form['identifiers.0.value']).toBe('ORDERS@HARBORPINE.EXAMPLE');

    const clash = await admin.post('/admin/partners/harbor-pine', {
      ...form,
      'identifiers.1.type': 'domain',
      'identifiers.1.value': 'other.example',
    });
    expect(clash.status).toBe(422);
    expect(fieldError(await clash.text(), 'identifiers.1.value')).toMatch(/belongs to partner "other"/);

    const saved = await admin.post('/admin/partners/harbor-pine', {
      ...form,
      name: 'Harbor and Pine',
      'identifiers.0.remove': 'yes',
      'identifiers.1.type': 'domain',
      'identifiers.1.value': 'harborpine.example',
      'settings.holdForReview': 'yes',
      'settings.priceMismatch': 'reject-line',
      'settings.paymentTermsDays': '45',
    });
    expect(saved.status, await saved.clone().text()).toBe(303);
    const { partners } = await t.json<{
      partners: { id: string; name: string; identifiers: unknown[]; settings: Record<string, unknown> }[];
    }>('/v1/partners');
    const partner = partners.find((p) => p.id === 'harbor-pine')!;
    expect(partner.name).toBe('Harbor and Pine');
    expect(partner.identifiers).toEqual([{ type: 'domain', value: 'HARBORPINE.EXAMPLE' }]);
    expect(partner.settings).toMatchObject({
      holdForReview: true,
      priceMismatch: 'reject-line',
      paymentTermsDays: 45,
      emailAuth: 'secret-address',
    });
    const audit = await t.query<{ actor: string }>(
      "select actor from audit_events where entity_type = 'partner' and entity_id = 'harbor-pine' and action = 'update'",
    );
    expect(audit.map((a) => a.actor)).toEqual([expect.stringMatching(/^user:/)]);
  });

  it('keeps a sealed delivery credential the form sends back, and never shows it', async () => {
    const res = await t.call('/v1/partners/other', {
      method: 'PATCH',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        settings: {
          delivery: {
            transport: 'http-post',
            config: { url: 'https://partner.example/edi', secret: 'a shared secret of the partner' },
          },
        },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(JSON.stringify(await res.json())).not.toContain('a shared secret');

    const page = await (await viewer.get('/admin/partners/other')).text();
    expect(page).not.toContain('a shared secret');
    expect(page).toContain('set (stored sealed)');
    const form = formFields(await (await admin.get('/admin/partners/other/edit')).text());
    expect(form['settings.delivery.config']).toContain('"(sealed)"');
    expect(form['settings.delivery.config']).not.toContain('a shared secret');
    const saved = await admin.post('/admin/partners/other', { ...form, 'settings.usage': 'T' });
    expect(saved.status, await saved.clone().text()).toBe(303);
    const [row] = await t.query<{ secret: unknown; usage: string }>(
      "select settings->'delivery'->'config'->'secret' as secret, settings->>'usage' as usage from partners where id = 'other'",
    );
    expect(row!.usage).toBe('T');
    expect(String(row!.secret)).not.toContain('a shared secret');
    expect(String(row!.secret)).not.toBe('(sealed)');
  });

  it('issues, rotates and revokes API keys; a rotated or revoked key is refused', async () => {
    await t.createPartner({ id: 'acme', name: 'Acme', identifiers: [VALID_850_SENDER] });
    const issued = await admin.post('/admin/partners/acme/keys');
    expect(issued.status).toBe(201);
    const first = keyOf(await issued.text())!;
    expect((await t.post(withControl(VALID_850, 1), first)).status).toBe(202);

    const keys = async () =>
      (
        await t.json<{ keys: { id: string; prefix: string; revokedAt: string | null }[] }>(
          '/v1/partners/acme/keys',
        )
      ).keys;
    const firstId = (await keys()).find((k) => first.startsWith(k.prefix))!.id;
    const rotated = await admin.post(`/admin/partners/acme/keys/${firstId}/rotate`);
    expect(rotated.status).toBe(201);
    const second = keyOf(await rotated.text())!;
    expect(second).not.toBe(first);
    expect((await t.post(withControl(VALID_850, 2), first)).status).toBe(401);
    expect((await t.post(withControl(VALID_850, 3), second)).status).toBe(202);

    const secondId = (await keys()).find((k) => second.startsWith(k.prefix))!.id;
    const revoked = await admin.post(`/admin/partners/acme/keys/${secondId}/revoke`);
    expect(revoked.status).toBe(303);
    expect((await t.post(withControl(VALID_850, 4), second)).status).toBe(401);
    const states = (await keys()).filter((k) => k.id === firstId || k.id === secondId);
    expect(states.map((k) => k.revokedAt !== null)).toEqual([true, true]);

    const page = await (await viewer.get('/admin/partners/acme')).text();
    expect(page).toContain('href="/admin/messages?partner=acme"');
    expect(page).toContain('href="/admin/orders?partner=acme"');
    expect(page).toContain('href="/admin/exceptions?partner=acme"');
    expect(page).toMatch(/href="\/admin\/messages\/[^"]+"/);
  });

  it('refuses a viewer every change (403)', async () => {
    const posts = [
      '/admin/partners',
      '/admin/partners/acme',
      '/admin/partners/acme/keys',
      '/admin/partners/acme/keys/any/rotate',
      '/admin/partners/acme/keys/any/revoke',
    ];
    for (const path of posts) expect((await viewer.post(path, { name: 'x' })).status, path).toBe(403);
    expect((await viewer.get('/admin/partners/acme/edit')).status).toBe(403);
    expect((await viewer.get('/admin/partners/new')).status).toBe(403);
  });
});
