import { execFileSync } from 'node:child_process';
import { randomBytes, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as2Certificates, auditEvents } from '../src/db/schema.ts';
import { as2KeysFor } from '../src/partners/as2-keys.ts';
import { createPartner } from '../src/partners/partner-store.ts';
import { createSecretBox } from '../src/runtime/secret-box.ts';
import { expiringCertificates } from '../src/services/as2/certificate-expiry.ts';
import { newSelfSignedKeyPair } from '../src/services/as2/certificate-generate.ts';
import {
  retireCertificate,
  rotateOwnKeyPair,
  rotatePartnerCertificate,
} from '../src/services/as2/certificate-lifecycle.ts';
import type { CertificateView } from '../src/services/as2/certificate-view.ts';
import {
  addPartnerCertificate,
  generateOwnKeyPair,
  importOwnKeyPair,
  listCertificates,
} from '../src/services/as2/certificates.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { databaseKinds, type TestDatabase, tempDir } from './support/services.ts';

/**
 * Our AS2 key pairs and the partners' certificates (issue 18): generated, imported from PEM and from PKCS#12
 * files OpenSSL wrote, rotated with an overlap, retired; what AS2 receive and send get from `as2KeysFor`. The
 * independent check is Debian's `openssl`: it makes the files we import and verifies what our keys sign.
 */

const DAY = 86_400_000;
const tmp = tempDir('ordergate-as2-');
const file = (name: string) => path.join(tmp.dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** A key pair OpenSSL made: `key.pem` (PKCS#8), `cert.pem`, and PKCS#12 files of both OpenSSL 3 defaults. */
function opensslKeyPair(name: string, days = 365) {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    String(days),
    '-subj',
    `/CN=${name}/O=Partner Test`,
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
    'pass:s3cret',
    '-out',
    file(`${name}.p12`),
  );
  openssl(
    'pkcs12',
    '-export',
    '-legacy',
    '-in',
    file(`${name}.crt`),
    '-inkey',
    file(`${name}.key`),
    '-passout',
    'pass:s3cret',
    '-out',
    file(`${name}-legacy.p12`),
  );
  return {
    certificatePem: readFileSync(file(`${name}.crt`), 'utf8'),
    privateKeyPem: readFileSync(file(`${name}.key`), 'utf8'),
    pkcs12: readFileSync(file(`${name}.p12`)),
    legacyPkcs12: readFileSync(file(`${name}-legacy.p12`)),
  };
}

/** Whether OpenSSL verifies `signature` over `data` with the public key of `certificatePem`. */
function opensslVerifies(certificatePem: string, data: Buffer, signature: Buffer): string {
  writeFileSync(file('check.crt'), certificatePem);
  writeFileSync(file('check.pub'), openssl('x509', '-in', file('check.crt'), '-pubkey', '-noout'));
  writeFileSync(file('check.data'), data);
  writeFileSync(file('check.sig'), signature);
  return openssl(
    'dgst',
    '-sha256',
    '-verify',
    file('check.pub'),
    '-signature',
    file('check.sig'),
    file('check.data'),
  ).toString();
}

let partnerA: ReturnType<typeof opensslKeyPair>;
let partnerB: ReturnType<typeof opensslKeyPair>;
beforeAll(() => {
  partnerA = opensslKeyPair('partner-a');
  partnerB = opensslKeyPair('partner-b');
});
afterAll(() => tmp.remove());

describe.each(databaseKinds())('AS2 certificates on $name', (kind) => {
  let t: TestDatabase;
  const box = createSecretBox(randomBytes(32));
  beforeAll(async () => {
    t = await kind.create();
    for (const id of ['harbor-pine', 'cedar-row'])
      await createPartner(t.handle.db, { id, name: id, identifiers: [], settings: {} }, 'test');
  });
  afterAll(async () => t?.dispose());
  const db = () => t.handle.db;

  it('generates a key pair whose private key signs what openssl verifies with its certificate', async () => {
    const made = await generateOwnKeyPair(db(), box, { name: 'ordergate 2026', days: 400 });
    expect(made).toMatchObject({ partnerId: null, usage: 'both', state: 'active', hasPrivateKey: true });
    expect(made.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(made.notAfter).getTime() - Date.now()).toBeGreaterThan(399 * DAY);

    const keys = await as2KeysFor(db(), box, 'harbor-pine');
    expect(keys.own.signing?.fingerprint).toBe(made.fingerprint);
    expect(keys.own.decrypting.map((k) => k.fingerprint)).toEqual([made.fingerprint]);
    const data = randomBytes(500);
    const signature = sign('sha256', data, keys.own.signing!.privateKeyPem);
    expect(opensslVerifies(keys.own.signing!.certificatePem, data, signature)).toContain('Verified OK');

    // the certificate as openssl reads it: self-signed, SHA-256 with RSA, signing and key encipherment
    writeFileSync(file('own.crt'), made.certificatePem);
    const text = openssl('x509', '-in', file('own.crt'), '-noout', '-text').toString();
    expect(text).toContain('sha256WithRSAEncryption');
    expect(text).toMatch(/Digital Signature, Key Encipherment/);
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(openssl('verify', '-CAfile', file('own.crt'), file('own.crt')).toString()).toContain('OK');

    // stored sealed, and audited without the key
    const [row] = await db().select().from(as2Certificates).where(eq(as2Certificates.id, made.id));
    expect(row!.privateKey).toMatch(/^enc:v1:/);
    expect(row!.privateKey).not.toContain('PRIVATE KEY');
    const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, made.id));
    expect(events.map((e) => e.action)).toEqual(['add_key_pair']);
    expect(JSON.stringify(events)).not.toMatch(/PRIVATE KEY|enc:v1:/);
    await retireCertificate(db(), made.id);
  });

  it('imports a PEM key pair openssl made; refuses a key of another certificate and a duplicate', async () => {
    const imported = await importOwnKeyPair(db(), box, {
      name: 'pem import',
      certificatePem: partnerA.certificatePem,
      privateKeyPem: partnerA.privateKeyPem,
    });
    const keys = await as2KeysFor(db(), box, 'harbor-pine');
    expect(keys.own.signing?.fingerprint).toBe(imported.fingerprint);
    const data = randomBytes(64);
    expect(
      opensslVerifies(partnerA.certificatePem, data, sign('sha256', data, keys.own.signing!.privateKeyPem)),
    ).toContain('Verified OK');

    await expect(
      importOwnKeyPair(db(), box, {
        name: 'mismatch',
        certificatePem: partnerB.certificatePem,
        privateKeyPem: partnerA.privateKeyPem,
      }),
    ).rejects.toMatchObject({ code: 'as2.key_mismatch' });
    await expect(
      importOwnKeyPair(db(), box, {
        name: 'again',
        certificatePem: partnerA.certificatePem,
        privateKeyPem: partnerA.privateKeyPem,
      }),
    ).rejects.toMatchObject({
      code: 'as2.certificate_exists',
    });
    await expect(
      importOwnKeyPair(db(), box, {
        name: 'bad',
        certificatePem: 'hello',
        privateKeyPem: partnerA.privateKeyPem,
      }),
    ).rejects.toMatchObject({ code: 'as2.certificate_invalid' });
    await expect(
      importOwnKeyPair(db(), box, {
        name: 'bad',
        certificatePem: partnerB.certificatePem,
        privateKeyPem: 'x',
      }),
    ).rejects.toMatchObject({ code: 'as2.private_key_invalid' });
    await retireCertificate(db(), imported.id);
  });

  it('imports PKCS#12 files of OpenSSL 3, default (AES-256, PBKDF2) and -legacy; a wrong password is refused', async () => {
    const modern = await importOwnKeyPair(db(), box, {
      name: 'p12',
      pkcs12: partnerB.pkcs12,
      password: 's3cret',
    });
    const [row] = await db().select().from(as2Certificates).where(eq(as2Certificates.id, modern.id));
    expect(box.open(row!.privateKey!)).toContain('BEGIN PRIVATE KEY');
    // the certificate is the very one openssl wrote: same DER, so the same fingerprint
    writeFileSync(file('b.der'), openssl('x509', '-in', file('partner-b.crt'), '-outform', 'DER'));
    const expected = openssl('dgst', '-sha256', '-r', file('b.der')).toString().split(' ')[0];
    expect(modern.fingerprint).toBe(expected);

    // the legacy file holds the same pair: stored for another owner it would clash, so it is read for a partner
    await expect(
      importOwnKeyPair(db(), box, { name: 'legacy', pkcs12: partnerB.legacyPkcs12, password: 's3cret' }),
    ).rejects.toMatchObject({ code: 'as2.certificate_exists' });
    const legacyPair = opensslKeyPair('legacy-only');
    const legacy = await importOwnKeyPair(db(), box, {
      name: 'legacy',
      pkcs12: legacyPair.legacyPkcs12,
      password: 's3cret',
    });
    expect(legacy.subject).toContain('CN=legacy-only');

    for (const pkcs12 of [partnerB.pkcs12, partnerB.legacyPkcs12])
      await expect(
        importOwnKeyPair(db(), box, { name: 'x', pkcs12, password: 'wrong' }),
      ).rejects.toMatchObject({
        code: 'as2.pkcs12_wrong_password',
      });
    await expect(
      importOwnKeyPair(db(), box, { name: 'x', pkcs12: new Uint8Array([1, 2, 3]), password: 's3cret' }),
    ).rejects.toMatchObject({ code: 'as2.pkcs12_unreadable' });
    await retireCertificate(db(), modern.id);
    await retireCertificate(db(), legacy.id);
  });

  it('rotates: the new pair signs at once, the old one still decrypts until the overlap ends', async () => {
    const old = await generateOwnKeyPair(db(), box, { name: 'old' });
    const next = await generateOwnKeyPair(db(), box, {
      name: 'next',
      activeFrom: new Date(Date.now() + 7 * DAY),
    });
    // not active yet: the old one signs, both decrypt (a partner may encrypt to the new one already)
    let keys = await as2KeysFor(db(), box, 'harbor-pine');
    expect(keys.own.signing?.fingerprint).toBe(old.fingerprint);
    expect(keys.own.decrypting.map((k) => k.fingerprint).sort()).toEqual(
      [old.fingerprint, next.fingerprint].sort(),
    );

    const rotated = await rotateOwnKeyPair(db(), { newId: next.id, overlapDays: 10 });
    expect(rotated.state).toBe('active');
    keys = await as2KeysFor(db(), box, 'harbor-pine');
    expect(keys.own.signing?.fingerprint).toBe(next.fingerprint);
    expect(keys.own.decrypting.map((k) => k.fingerprint)).toEqual([next.fingerprint, old.fingerprint]);
    const listed = await listCertificates(db(), { own: true });
    const oldNow = listed.find((c) => c.id === old.id)!;
    expect(oldNow.state).toBe('ending');
    expect(new Date(oldNow.acceptedUntil!).getTime() - Date.now()).toBeGreaterThan(9.9 * DAY);
    expect(JSON.stringify(listed)).not.toMatch(/PRIVATE KEY|enc:v1:/);

    // after the overlap, only the new one
    keys = await as2KeysFor(db(), box, 'harbor-pine', new Date(Date.now() + 11 * DAY));
    expect(keys.own.decrypting.map((k) => k.fingerprint)).toEqual([next.fingerprint]);
    expect(keys.own.signing?.fingerprint).toBe(next.fingerprint);

    // a retired pair cannot be made the one in use again
    await retireCertificate(db(), old.id);
    await expect(rotateOwnKeyPair(db(), { newId: old.id, overlapDays: 1 })).rejects.toMatchObject({
      code: 'as2.certificate_retired',
    });
    await expect(rotateOwnKeyPair(db(), { newId: 'nope', overlapDays: 1 })).rejects.toMatchObject({
      code: 'request.not_found',
    });
  });

  it("keeps each partner's certificates apart; refuses expired and malformed ones", async () => {
    const sign = await addPartnerCertificate(db(), {
      partnerId: 'cedar-row',
      name: 'signing',
      usage: 'sign',
      certificatePem: partnerA.certificatePem,
    });
    const encrypt = await addPartnerCertificate(db(), {
      partnerId: 'cedar-row',
      name: 'encryption',
      usage: 'encrypt',
      certificatePem: partnerB.certificatePem,
    });
    // the same certificate for another partner is no duplicate
    await addPartnerCertificate(db(), {
      partnerId: 'harbor-pine',
      name: 'theirs',
      usage: 'both',
      certificatePem: partnerA.certificatePem,
    });
    let keys = await as2KeysFor(db(), box, 'cedar-row');
    expect(keys.partner.signing.map((c) => c.fingerprint)).toEqual([sign.fingerprint]);
    expect(keys.partner.encryption?.fingerprint).toBe(encrypt.fingerprint);
    expect(keys.partner.signing[0]!.pem).toContain('BEGIN CERTIFICATE');

    await expect(
      addPartnerCertificate(db(), {
        partnerId: 'cedar-row',
        name: 'x',
        usage: 'sign',
        certificatePem: partnerA.certificatePem,
      }),
    ).rejects.toMatchObject({ code: 'as2.certificate_exists' });
    const expired = await newSelfSignedKeyPair({
      subject: 'CN=lapsed',
      days: 1,
      now: new Date(Date.now() - 5 * DAY),
    });
    await expect(
      addPartnerCertificate(db(), {
        partnerId: 'cedar-row',
        name: 'x',
        usage: 'both',
        certificatePem: expired.certificatePem,
      }),
    ).rejects.toMatchObject({ code: 'as2.certificate_expired' });
    await expect(
      addPartnerCertificate(db(), {
        partnerId: 'cedar-row',
        name: 'x',
        usage: 'both',
        certificatePem: `${partnerA.certificatePem}${partnerB.certificatePem}`,
      }),
    ).rejects.toMatchObject({ code: 'as2.certificate_invalid' });
    await expect(
      addPartnerCertificate(db(), {
        partnerId: 'nobody',
        name: 'x',
        usage: 'both',
        certificatePem: partnerB.certificatePem,
      }),
    ).rejects.toMatchObject({ code: 'request.not_found' });

    // a new encryption certificate replaces the old one for encryption only; the signing one stays
    const fresh = opensslKeyPair('partner-c');
    const renewed = await addPartnerCertificate(db(), {
      partnerId: 'cedar-row',
      name: 'encryption 2',
      usage: 'encrypt',
      certificatePem: fresh.certificatePem,
    });
    await rotatePartnerCertificate(db(), { newId: renewed.id, overlapDays: 0 });
    keys = await as2KeysFor(db(), box, 'cedar-row');
    expect(keys.partner.encryption?.fingerprint).toBe(renewed.fingerprint);
    expect(keys.partner.signing.map((c) => c.fingerprint)).toEqual([sign.fingerprint]);
    const states = Object.fromEntries(
      (await listCertificates(db(), { partnerId: 'cedar-row' })).map((c) => [c.name, c.state]),
    );
    expect(states).toEqual({ signing: 'active', encryption: 'retired', 'encryption 2': 'active' });
    await expect(rotatePartnerCertificate(db(), { newId: sign.id, overlapDays: 1 })).resolves.toBeDefined();
    await expect(rotateOwnKeyPair(db(), { newId: sign.id, overlapDays: 1 })).rejects.toMatchObject({
      code: 'request.not_found',
    });
  });

  it('lists what expires within 30 days, own and partners', async () => {
    const soon = await newSelfSignedKeyPair({
      subject: 'CN=soon',
      days: 40,
      now: new Date(Date.now() - 20 * DAY),
    });
    const added = await addPartnerCertificate(db(), {
      partnerId: 'harbor-pine',
      name: 'soon',
      usage: 'both',
      certificatePem: soon.certificatePem,
    });
    const short = await generateOwnKeyPair(db(), box, { name: 'short', days: 5 });
    const list = await expiringCertificates(db());
    expect(list.map((c) => [c.id, c.partnerId, c.daysLeft])).toEqual([
      [short.id, null, 4],
      [added.id, 'harbor-pine', 19],
    ]);
    expect(await expiringCertificates(db(), { within: 10 })).toHaveLength(1);
    await retireCertificate(db(), short.id);
    expect((await expiringCertificates(db())).map((c) => c.id)).toEqual([added.id]);
  });
});

/** What the AS2 certificate routes answer, whichever it is. */
interface Answer {
  certificate: CertificateView;
  keys: CertificateView[];
  certificates: CertificateView[];
  error: { code: string; details: unknown[] };
}

for (const mode of gatewayModes()) {
  describe(`AS2 certificates over HTTP (${mode.name})`, () => {
    let t: TestGateway;
    /** Every answer body, to show no private key ever leaves. */
    const bodies: string[] = [];
    beforeAll(async () => {
      t = await startTestGateway(mode);
      await t.createPartner({ id: 'harbor-pine', name: 'Harbor & Pine' });
    });
    afterAll(async () => t?.close());

    const send = async (path: string, body?: unknown, token = ADMIN) => {
      const res = await t.call(path, {
        method: body === undefined ? 'GET' : 'POST',
        token,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await res.text();
      bodies.push(text);
      return { status: res.status, body: JSON.parse(text) as Answer };
    };

    it('generates and imports our key pairs, refuses what does not fit, rotates', async () => {
      const generated = await send('/v1/as2/keys', {
        generate: { name: 'ordergate', days: 20, subject: 'CN=ordergate, O=Test Supply' },
      });
      expect(generated.status).toBe(201);
      const larger = await send('/v1/as2/keys', {
        generate: {
          name: 'rsa 3072',
          bits: 3072,
          activeFrom: new Date(Date.now() + 400 * DAY).toISOString(),
        },
      });
      expect([larger.status, larger.body.certificate.state]).toEqual([201, 'pending']);
      writeFileSync(file('3072.crt'), larger.body.certificate.certificatePem);
      expect(openssl('x509', '-in', file('3072.crt'), '-noout', '-text').toString()).toContain(
        'Public-Key: (3072 bit)',
      );
      expect((await send(`/v1/as2/certificates/${larger.body.certificate.id}/retire`, {})).status).toBe(200);
      expect(generated.body.certificate).toMatchObject({
        name: 'ordergate',
        usage: 'both',
        hasPrivateKey: true,
        subject: 'CN=ordergate, O=Test Supply',
        state: 'active',
      });

      const pem = await send('/v1/as2/keys', {
        import: {
          name: 'from pem',
          certificatePem: partnerA.certificatePem,
          privateKeyPem: partnerA.privateKeyPem,
        },
      });
      expect(pem.status).toBe(201);
      const p12 = await send('/v1/as2/keys', {
        import: {
          name: 'from p12',
          pkcs12Base64: partnerB.pkcs12.toString('base64'),
          password: 's3cret',
          usage: 'encrypt',
        },
      });
      expect(p12.status).toBe(201);
      expect(p12.body.certificate.usage).toBe('encrypt');

      const wrong = await send('/v1/as2/keys', {
        import: { name: 'x', pkcs12Base64: partnerB.legacyPkcs12.toString('base64'), password: 'guess' },
      });
      expect([wrong.status, wrong.body.error.code]).toEqual([422, 'as2.pkcs12_wrong_password']);
      const mismatch = await send('/v1/as2/keys', {
        import: { name: 'x', certificatePem: partnerB.certificatePem, privateKeyPem: partnerA.privateKeyPem },
      });
      expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'as2.key_mismatch']);
      const again = await send('/v1/as2/keys', {
        import: { name: 'x', certificatePem: partnerA.certificatePem, privateKeyPem: partnerA.privateKeyPem },
      });
      expect([again.status, again.body.error.code]).toEqual([409, 'as2.certificate_exists']);
      const invalid = await send('/v1/as2/keys', { generate: { name: '', days: 0 } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe('request.invalid');
      expect(invalid.body.error.details.length).toBeGreaterThan(0);

      const rotated = await send(`/v1/as2/keys/${pem.body.certificate.id}/rotate`, { overlapDays: 5 });
      expect(rotated.status).toBe(200);
      const { body } = await send('/v1/as2/keys');
      const byName = Object.fromEntries(body.keys.map((k) => [k.name, k.state]));
      // a pair for signing and encryption replaces every other, the encryption-only one too
      expect(byName).toEqual({
        ordergate: 'ending',
        'from pem': 'active',
        'from p12': 'ending',
        'rsa 3072': 'retired',
      });
      expect((await send(`/v1/as2/keys/nope/rotate`, { overlapDays: 5 })).status).toBe(404);
    });

    it("adds a partner's certificates; refuses expired, duplicate, unknown partner; retires", async () => {
      const added = await send('/v1/partners/harbor-pine/as2/certificates', {
        name: 'their signing',
        usage: 'sign',
        certificatePem: partnerB.certificatePem,
      });
      expect(added.status).toBe(201);
      expect(added.body.certificate).toMatchObject({ partnerId: 'harbor-pine', hasPrivateKey: false });
      const expired = await newSelfSignedKeyPair({
        subject: 'CN=old',
        days: 2,
        now: new Date(Date.now() - 9 * DAY),
      });
      const refused = await send('/v1/partners/harbor-pine/as2/certificates', {
        name: 'old',
        usage: 'both',
        certificatePem: expired.certificatePem,
      });
      expect([refused.status, refused.body.error.code]).toEqual([422, 'as2.certificate_expired']);
      const twice = await send('/v1/partners/harbor-pine/as2/certificates', {
        name: 'again',
        usage: 'both',
        certificatePem: partnerB.certificatePem,
      });
      expect(twice.status).toBe(409);
      const nobody = await send('/v1/partners/nobody/as2/certificates', {
        name: 'x',
        usage: 'both',
        certificatePem: partnerA.certificatePem,
      });
      expect(nobody.status).toBe(404);
      expect((await send('/v1/partners/nobody/as2/certificates')).status).toBe(404);
      const garbage = await send('/v1/partners/harbor-pine/as2/certificates', {
        name: 'x',
        usage: 'both',
        certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
      });
      expect([garbage.status, garbage.body.error.code]).toEqual([422, 'as2.certificate_invalid']);

      const retired = await send(`/v1/as2/certificates/${added.body.certificate.id}/retire`, {});
      expect([retired.status, retired.body.certificate.state]).toEqual([200, 'retired']);
      const list = await send('/v1/partners/harbor-pine/as2/certificates');
      expect(list.body.certificates.map((c) => c.state)).toEqual(['retired']);
      expect((await send('/v1/as2/certificates/nope/retire', {})).status).toBe(404);
    });

    it('asks for the admin token', async () => {
      expect((await t.call('/v1/as2/keys')).status).toBe(401);
      expect((await t.call('/v1/partners/harbor-pine/as2/certificates')).status).toBe(401);
    });

    it('shows each certificate still accepted in /metrics, with the ones expiring within 30 days', async () => {
      const metrics = await (await t.call('/metrics')).text();
      const seconds = [...metrics.matchAll(/^ordergate_as2_certificate_expiry_seconds\{(.*)\} (\S+)$/gm)].map(
        ([, labels, value]) => [
          labels!.match(/name="([^"]*)"/)![1],
          labels!.match(/owner="([^"]*)"/)![1],
          Number(value),
        ],
      );
      // 'their signing' is retired: it warns of nothing
      expect(seconds.map(([name, owner]) => `${owner}/${name}`).sort()).toEqual([
        'own/from p12',
        'own/from pem',
        'own/ordergate',
      ]);
      const ordergate = seconds.find(([name]) => name === 'ordergate')!;
      expect(ordergate[2]).toBeGreaterThan(19 * 86_400);
      expect(ordergate[2]).toBeLessThan(20 * 86_400);
      expect(metrics).toMatch(/^ordergate_as2_certificates_expiring 1$/m);
    });

    it('never answers with a private key', () => {
      expect(bodies.length).toBeGreaterThan(10);
      for (const body of bodies) {
        expect(body).not.toContain('PRIVATE KEY');
        expect(body).not.toMatch(/enc:v1:/);
      }
    });
  });
}
