import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSelfSignedKeyPair } from '../src/services/as2/certificate-generate.ts';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { tempDir } from './support/services.ts';

/**
 * The console's AS2 pages (issue 18): our key pairs (generate, import PEM and PKCS#12, rotate, retire) and a
 * partner's certificates (upload pasted or as a file, rotate, retire, settings read only), the expiry
 * warnings, the roles; no page ever shows a private key or a sealed value.
 */

const DAY = 86_400_000;
const tmp = tempDir('ordergate-console-as2-');
const file = (name: string) => path.join(tmp.dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** A key pair openssl made, with its PKCS#12 file (OpenSSL 3's default encryption). */
function opensslKeyPair(name: string) {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '365',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.crt`),
  );
  openssl(
    'pkcs12',
    '-export',
    '-in',
    file(`${name}.crt`),
    '-inkey',
    file(`${name}.key`),
    '-passout',
    'pass:pw',
    '-out',
    file(`${name}.p12`),
  );
  return {
    certificatePem: readFileSync(file(`${name}.crt`), 'utf8'),
    privateKeyPem: readFileSync(file(`${name}.key`), 'utf8'),
    pkcs12: readFileSync(file(`${name}.p12`)),
  };
}

afterAll(() => tmp.remove());

describe.each(gatewayModes())('console AS2 pages ($name)', (mode) => {
  let t: TestGateway;
  let admin: ConsoleClient;
  let viewer: ConsoleClient;
  /** Every page and answer body, to show no private key ever appears. */
  const seen: string[] = [];
  const read = async (res: Response | Promise<Response>) => {
    const text = await (await res).text();
    seen.push(text);
    return text;
  };
  const ids = (html: string) => [...html.matchAll(/<tr id="certificate-([^"]+)"/g)].map((m) => m[1]!);

  beforeAll(async () => {
    t = await startTestGateway(mode);
    await t.createPartner({ id: 'harbor-pine', name: 'Harbor & Pine' });
    admin = await signInAs(t, 'admin');
    viewer = await signInAs(t, 'viewer');
  }, 120_000);
  afterAll(() => t?.close());

  it('our keys: generate, import PEM and PKCS#12, rotate, retire; the nav links the page', async () => {
    let page = await read(admin.get('/admin/as2-keys'));
    expect(page).toContain('href="/admin/as2-keys"');
    expect(page).toContain('No key pair signs now');

    const generated = await admin.post('/admin/as2-keys/generate', {
      name: 'ordergate 2026',
      days: '20',
      usage: 'both',
    });
    expect([generated.status, generated.headers.get('location')]).toEqual([303, '/admin/as2-keys']);
    page = await read(admin.get('/admin/as2-keys'));
    expect(page).toContain('ordergate 2026');
    expect(page).not.toContain('No key pair signs now');
    // 20 days: the warning names it
    expect(page).toMatch(/A certificate expires\s+within 30 days/);
    expect(page).toMatch(/expires in 19 days/);

    const pem = opensslKeyPair('imported-pem');
    const imported = await admin.post('/admin/as2-keys/import', {
      name: 'from pem',
      certificateFile: new Blob([pem.certificatePem]),
      privateKeyPem: pem.privateKeyPem,
      usage: 'both',
    });
    expect(imported.status, await imported.clone().text()).toBe(303);
    const p12 = opensslKeyPair('imported-p12');
    const wrong = await admin.post('/admin/as2-keys/import-pkcs12', {
      name: 'from p12',
      pkcs12: new Blob([p12.pkcs12]),
      password: 'nope',
    });
    expect(wrong.status).toBe(422);
    expect(await read(wrong)).toContain('does not open with this password');
    const mismatch = await admin.post('/admin/as2-keys/import', {
      name: 'x',
      certificatePem: p12.certificatePem,
      privateKeyPem: pem.privateKeyPem,
    });
    expect(mismatch.status).toBe(422);
    expect(await read(mismatch)).toContain('does not belong to the certificate');
    const fromP12 = await admin.post('/admin/as2-keys/import-pkcs12', {
      name: 'from p12',
      pkcs12: new Blob([p12.pkcs12]),
      password: 'pw',
      usage: 'encrypt',
    });
    expect(fromP12.status).toBe(303);
    const again = await admin.post('/admin/as2-keys/import-pkcs12', {
      name: 'x',
      pkcs12: new Blob([p12.pkcs12]),
      password: 'pw',
    });
    expect(again.status).toBe(409);
    expect((await admin.post('/admin/as2-keys/generate', { name: ' ' })).status).toBe(400);

    page = await read(admin.get('/admin/as2-keys'));
    const [newest, , oldest] = ids(page);
    // the newest signing pair signs: the PEM import (the PKCS#12 one only encrypts)
    expect(page).toMatch(/from pem\s*<span class="badge ok">signs<\/span>/);
    const rotate = await admin.post(`/admin/as2-keys/${oldest}/rotate`, { overlapDays: '3' });
    expect(rotate.status).toBe(303);
    page = await read(admin.get('/admin/as2-keys'));
    expect(page).toMatch(/ordergate 2026\s*<span class="badge ok">signs<\/span>/);
    const retire = await admin.post(`/admin/as2-keys/${newest}/retire`);
    expect(retire.status).toBe(303);
    expect(await read(admin.get('/admin/as2-keys'))).toContain('retired');
    expect((await admin.post('/admin/as2-keys/nope/retire')).status).toBe(404);
  });

  it("a partner's certificates: paste or file, refusals, rotate, retire, settings read only", async () => {
    const partnerPage = await read(admin.get('/admin/partners/harbor-pine'));
    expect(partnerPage).toContain('href="/admin/partners/harbor-pine/as2"');
    expect(partnerPage).toContain('hx-get="/admin/partners/harbor-pine/as2/warning"');
    const htmx = { 'hx-request': 'true' };
    expect(await read(admin.get('/admin/partners/harbor-pine/as2/warning', htmx))).toBe('');
    // opened as an address rather than fetched by htmx: the AS2 page itself
    const opened = await admin.get('/admin/partners/harbor-pine/as2/warning');
    expect([opened.status, opened.headers.get('location')]).toEqual([303, '/admin/partners/harbor-pine/as2']);

    let page = await read(admin.get('/admin/partners/harbor-pine/as2'));
    expect(page).toContain('No certificates yet');
    expect(page).toContain('Documents are not delivered over AS2');

    const theirs = opensslKeyPair('partner-sign');
    const pasted = await admin.post('/admin/partners/harbor-pine/as2/certificates', {
      name: 'signing',
      certificatePem: theirs.certificatePem,
      usage: 'sign',
    });
    expect(pasted.status).toBe(303);
    const soon = await newSelfSignedKeyPair({
      subject: 'CN=soon',
      days: 30,
      now: new Date(Date.now() - 20 * DAY),
    });
    const uploaded = await admin.post('/admin/partners/harbor-pine/as2/certificates', {
      name: 'encryption',
      certificateFile: new Blob([soon.certificatePem]),
      usage: 'encrypt',
    });
    expect(uploaded.status).toBe(303);
    const expired = await newSelfSignedKeyPair({
      subject: 'CN=old',
      days: 1,
      now: new Date(Date.now() - 3 * DAY),
    });
    const refused = await admin.post('/admin/partners/harbor-pine/as2/certificates', {
      name: 'old',
      certificatePem: expired.certificatePem,
    });
    expect(refused.status).toBe(422);
    expect(await read(refused)).toContain('expired on');
    const garbage = await admin.post('/admin/partners/harbor-pine/as2/certificates', {
      name: 'x',
      certificatePem: 'hello',
    });
    expect(garbage.status).toBe(422);
    const twice = await admin.post('/admin/partners/harbor-pine/as2/certificates', {
      name: 'again',
      certificatePem: theirs.certificatePem,
    });
    expect(twice.status).toBe(409);

    page = await read(admin.get('/admin/partners/harbor-pine/as2'));
    expect(page).toContain('expires in 9 days');
    expect(page).toMatch(/partner harbor-pine: encryption/);
    const warning = await read(
      admin.get('/admin/partners/harbor-pine/as2/warning', { 'hx-request': 'true' }),
    );
    expect(warning).toContain('partner harbor-pine: encryption');
    expect(warning).toContain('href="/admin/partners/harbor-pine/as2"');
    // the keys page warns of the partners' certificates too, linked to their page
    expect(await read(admin.get('/admin/as2-keys'))).toContain('href="/admin/partners/harbor-pine/as2"');

    const [encryption, signing] = ids(page);
    expect(
      (
        await admin.post(`/admin/partners/harbor-pine/as2/certificates/${signing}/rotate`, {
          overlapDays: '0',
        })
      ).status,
    ).toBe(303);
    expect(
      (await admin.post(`/admin/partners/harbor-pine/as2/certificates/${encryption}/retire`)).status,
    ).toBe(303);
    page = await read(admin.get('/admin/partners/harbor-pine/as2'));
    expect(page).not.toContain('expires in 9 days');
    // a certificate of another owner is not reached through this partner's page
    expect((await admin.post(`/admin/partners/other/as2/certificates/${signing}/retire`)).status).toBe(404);
    expect((await admin.get('/admin/partners/nobody/as2')).status).toBe(404);
  });

  it("shows the partner's AS2 settings read only, credentials only said to be set", async () => {
    // written straight to the row: the page shows what is stored, whatever the form that saved it
    await t.query(
      `update partners set settings = settings || '${JSON.stringify({
        as2: { ourId: 'ORDERGATE', requireSigned: true, requireEncrypted: false },
        delivery: {
          transport: 'as2',
          config: { url: 'https://as2.harborpine.example/receive', password: 'enc:v1:k:iv:body' },
        },
      })}'::jsonb where id = 'harbor-pine'`,
    );
    const page = await read(admin.get('/admin/partners/harbor-pine/as2'));
    expect(page).toMatch(/<dt>ourId<\/dt>\s*<dd>ORDERGATE<\/dd>/);
    expect(page).toMatch(/<dt>requireEncrypted<\/dt>\s*<dd>false<\/dd>/);
    expect(page).toContain('https://as2.harborpine.example/receive');
    expect(page).toMatch(/<dt>password<\/dt>\s*<dd>set \(stored sealed\)<\/dd>/);
    expect(page).toContain('href="/admin/partners/harbor-pine/edit"');
  });

  it('viewers read, admins change', async () => {
    const page = await read(viewer.get('/admin/as2-keys'));
    expect(page).toContain('ordergate 2026');
    expect(page).not.toContain('Generate a key pair');
    expect(page).not.toContain('Rotate to this');
    expect((await viewer.post('/admin/as2-keys/generate', { name: 'x' })).status).toBe(403);
    expect((await viewer.post('/admin/partners/harbor-pine/as2/certificates', { name: 'x' })).status).toBe(
      403,
    );
    expect(await read(viewer.get('/admin/partners/harbor-pine/as2'))).not.toContain('Add a certificate');
  });

  it('a key pair given a later start is pending: it does not sign before that day', async () => {
    const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
    const bad = await admin.post('/admin/as2-keys/generate', { name: 'later', activeFrom: '31.12.2026' });
    expect(bad.status).toBe(400);
    expect(await read(bad)).toContain('must be a date, YYYY-MM-DD');
    const later = await admin.post('/admin/as2-keys/generate', { name: 'later', activeFrom: tomorrow });
    expect(later.status).toBe(303);
    const page = await read(admin.get('/admin/as2-keys'));
    const row = page.slice(page.indexOf('>later'), page.indexOf('</tr>', page.indexOf('>later')));
    expect(row).toContain('pending');
    expect(row).not.toContain('signs');
    expect(row).toContain(`${tomorrow} 00:00 UTC`);
  });

  it('never shows a private key or a sealed value', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const body of seen) {
      expect(body).not.toContain('PRIVATE KEY');
      expect(body).not.toMatch(/enc:v1:/);
    }
  });
});
