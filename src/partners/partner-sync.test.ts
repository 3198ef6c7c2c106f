import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/services.ts';
import { toGatewayErrorShape } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import { apiKeys, auditEvents, partners } from '../db/schema.ts';
import type { LoadedPartner } from '../mapping/loader.ts';
import { PartnerFile } from '../mapping/partner-file.schema.ts';
import { createSecretBox, isSealed } from '../runtime/secret-box.ts';
import { openDeliverySecrets } from './delivery-secrets.ts';
import { createPartner, listPartners } from './partner-store.ts';
import { syncPartners } from './partner-sync.ts';

const box = createSecretBox(randomBytes(32));
const ENV = { HARBOR_SFTP_PASSWORD: 'sftp-pw-from-env' };
/** `${NAME}`, as a partner.yaml writes it. */
const ref = (name: string) => `\${${name}}`;

/** A partner.yaml as the loader hands it over (no mapping files: this sync is about the partner rows). */
const file = (partner: object): LoadedPartner => ({
  partner: PartnerFile.parse(partner),
  mappings: {},
  versions: [],
});

const harbor = (over: { settings?: object; name?: string; identifiers?: object[] } = {}) =>
  file({
    id: 'harbor-pine',
    name: over.name ?? 'Harbor & Pine',
    identifiers: over.identifiers ?? [
      { type: 'x12', qualifier: 'ZZ', value: 'harborpine' },
      { type: 'email', value: 'orders@harborpine.example' },
    ],
    settings: over.settings ?? {
      holdForReview: false,
      delivery: {
        transport: 'sftp',
        config: {
          host: 'sftp.harborpine.example',
          username: 'edi',
          password: ref('HARBOR_SFTP_PASSWORD'),
          remoteDir: '/in',
        },
      },
    },
  });
const xyz = file({
  id: 'xyz-retail',
  name: 'XYZ Retail',
  identifiers: [{ type: 'x12', qualifier: '12', value: '4405197800' }],
});

async function partnerAudit(db: Database) {
  return db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityType, 'partner'))
    .orderBy(asc(auditEvents.id));
}

/** Everything the sync may write, to show a run wrote nothing. */
async function snapshot(db: Database) {
  return {
    partners: await db.select().from(partners).orderBy(asc(partners.id)),
    listed: await listPartners(db),
    audit: await partnerAudit(db),
  };
}

const sync = (db: Database, loaded: LoadedPartner[], env: Record<string, string> = ENV) =>
  db.transaction((tx) => syncPartners(tx, loaded, 'deploy', { secrets: box, env }));

async function failure(promise: Promise<unknown>) {
  return toGatewayErrorShape(
    await promise.then(
      () => expect.fail('expected the sync to fail'),
      (e: unknown) => e,
    ),
  );
}

describe.each(databaseKinds())('partner.yaml sync on $name', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await kind.create();
  });
  afterEach(async () => t?.dispose());

  it('creates each partner with its identifiers and sealed credentials, no API key, one audit event each', async () => {
    const report = await sync(t.handle.db, [harbor(), xyz]);
    expect(report).toEqual({ partnersCreated: ['harbor-pine', 'xyz-retail'], partnersUpdated: [] });
    const [h, x] = await listPartners(t.handle.db, ['harbor-pine', 'xyz-retail']).then((l) =>
      l.sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(h).toMatchObject({
      name: 'Harbor & Pine',
      identifiers: expect.arrayContaining([
        { type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' },
        { type: 'email', value: 'ORDERS@HARBORPINE.EXAMPLE' },
      ]),
      // stored as POST /v1/partners stores them: the X12 defaults written out under the file's settings
      settings: { ack: '997', send855: true, holdForReview: false },
    });
    expect(x!.settings).toMatchObject({ ack: '997', send855: true });
    const config = (h!.settings.delivery as { config: Record<string, unknown> }).config;
    expect(isSealed(config.password)).toBe(true);
    expect(openDeliverySecrets('harbor-pine', h!.settings, box)).toMatchObject({
      delivery: { config: { password: 'sftp-pw-from-env', host: 'sftp.harborpine.example' } },
    });
    expect(await t.handle.db.select().from(apiKeys)).toEqual([]);

    const audit = await partnerAudit(t.handle.db);
    expect(audit.map((e) => `${e.action} ${e.entityId} by ${e.actor}`)).toEqual([
      'create harbor-pine by deploy',
      'create xyz-retail by deploy',
    ]);
    expect(audit[0]!.after).toMatchObject({ settings: { delivery: { config: { password: '[redacted]' } } } });
    expect(JSON.stringify(await snapshot(t.handle.db))).not.toContain('sftp-pw-from-env');
  });

  it('writes nothing when run again on the same files', async () => {
    await sync(t.handle.db, [harbor(), xyz]);
    const before = await snapshot(t.handle.db);
    expect(await sync(t.handle.db, [harbor(), xyz])).toEqual({ partnersCreated: [], partnersUpdated: [] });
    expect(await snapshot(t.handle.db)).toEqual(before);
  });

  it('makes a stored partner match its changed file, auditing before and after with credentials redacted', async () => {
    await sync(t.handle.db, [harbor(), xyz]);
    const changed = harbor({
      name: 'Harbor and Pine',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE2' }],
      settings: {
        holdForReview: true,
        delivery: {
          transport: 'sftp',
          config: {
            host: 'sftp.harborpine.example',
            username: 'edi',
            password: 'rotated-pw',
            remoteDir: '/in',
          },
        },
      },
    });
    expect(await sync(t.handle.db, [changed, xyz])).toEqual({
      partnersCreated: [],
      partnersUpdated: ['harbor-pine'],
    });
    const [h] = await listPartners(t.handle.db, ['harbor-pine']);
    expect(h).toMatchObject({
      name: 'Harbor and Pine',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE2' }],
      settings: { holdForReview: true },
    });
    expect(openDeliverySecrets('harbor-pine', h!.settings, box)).toMatchObject({
      delivery: { config: { password: 'rotated-pw' } },
    });
    const update = (await partnerAudit(t.handle.db)).at(-1)!;
    expect(update).toMatchObject({ action: 'update', entityId: 'harbor-pine', actor: 'deploy' });
    expect(update.before).toMatchObject({
      name: 'Harbor & Pine',
      settings: { holdForReview: false, delivery: { config: { password: '[redacted]' } } },
    });
    expect(update.after).toMatchObject({
      name: 'Harbor and Pine',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE2' }],
      settings: { holdForReview: true, delivery: { config: { password: '[redacted]' } } },
    });
    expect(JSON.stringify(update)).not.toMatch(/rotated-pw|sftp-pw-from-env|enc:v1/);
  });

  it('updates a partner first created over HTTP, and reseals credentials in clear or under another key', async () => {
    await createPartner(
      t.handle.db,
      { id: 'xyz-retail', name: 'XYZ (HTTP)', identifiers: [], settings: {} },
      'admin',
    );
    const other = createSecretBox(randomBytes(32));
    await t.handle.db.transaction((tx) =>
      syncPartners(tx, [harbor()], 'old-key', { secrets: other, env: ENV }),
    );
    expect(await sync(t.handle.db, [harbor(), xyz])).toEqual({
      partnersCreated: [],
      partnersUpdated: ['harbor-pine', 'xyz-retail'],
    });
    const [h] = await listPartners(t.handle.db, ['harbor-pine']);
    expect(openDeliverySecrets('harbor-pine', h!.settings, box)).toMatchObject({
      delivery: { config: { password: 'sftp-pw-from-env' } },
    });
    // its API key stays
    expect((await t.handle.db.select().from(apiKeys)).map((k) => k.partnerId)).toEqual(['xyz-retail']);
  });

  it('refuses an identifier of another partner, naming both, and writes nothing', async () => {
    await createPartner(
      t.handle.db,
      {
        id: 'acme',
        name: 'Acme',
        identifiers: [{ type: 'x12', qualifier: '12', value: '4405197800' }],
        settings: {},
      },
      'admin',
    );
    const before = await snapshot(t.handle.db);
    const shape = await failure(sync(t.handle.db, [harbor(), xyz]));
    expect(shape).toMatchObject({ kind: 'permanent', code: 'partner.identifier_taken' });
    expect(shape.message).toMatch(
      /x12 12\/4405197800 in xyz-retail\/partner\.yaml belongs to partner "acme"/,
    );
    expect(await snapshot(t.handle.db)).toEqual(before);

    // two files claiming one identifier is the same mistake
    const twin = file({
      id: 'twin',
      name: 'Twin',
      identifiers: [{ type: 'email', value: 'orders@harborpine.example' }],
    });
    const both = await failure(sync(t.handle.db, [harbor(), twin]));
    expect(both.code).toBe('partner.identifier_taken');
    expect(both.message).toMatch(
      /in twin\/partner\.yaml belongs to partner "harbor-pine" \(harbor-pine\/partner\.yaml lists it too\)/,
    );
    expect(await snapshot(t.handle.db)).toEqual(before);
  });

  it('refuses an X12 identifier without a qualifier that overlaps a qualified one of another partner', async () => {
    await createPartner(
      t.handle.db,
      {
        id: 'acme',
        name: 'Acme',
        identifiers: [{ type: 'x12', qualifier: '01', value: '4405197800' }],
        settings: {},
      },
      'admin',
    );
    const before = await snapshot(t.handle.db);
    // xyz-retail's 12/4405197800 is another sender than acme's 01/4405197800: both may be stored …
    const anyQualifier = file({
      id: 'xyz-retail',
      name: 'XYZ Retail',
      identifiers: [{ type: 'x12', value: '4405197800' }],
    });
    // … but one without a qualifier would match acme's interchanges too
    const shape = await failure(sync(t.handle.db, [harbor(), anyQualifier]));
    expect(shape).toMatchObject({ kind: 'permanent', code: 'partner.identifier_taken' });
    expect(shape.message).toMatch(
      /x12 4405197800 in xyz-retail\/partner\.yaml overlaps x12 01\/4405197800, which belongs to partner "acme"/,
    );
    expect(await snapshot(t.handle.db)).toEqual(before);

    // two files overlapping each other are the same mistake
    const qualified = file({
      id: 'twin',
      name: 'Twin',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' }],
    });
    const unqualified = harbor({ identifiers: [{ type: 'x12', value: 'HarborPine' }] });
    const both = await failure(sync(t.handle.db, [unqualified, qualified]));
    expect(both.code).toBe('partner.identifier_taken');
    expect(both.message).toMatch(
      /x12 ZZ\/HARBORPINE in twin\/partner\.yaml overlaps x12 HARBORPINE, which belongs to partner "harbor-pine" \(harbor-pine\/partner\.yaml lists it too\)/,
    );
    expect(await snapshot(t.handle.db)).toEqual(before);
    expect(await sync(t.handle.db, [harbor(), xyz])).toMatchObject({
      partnersCreated: ['harbor-pine', 'xyz-retail'],
    });
  });

  it('lets an identifier move from one partner.yaml to another in one sync', async () => {
    await sync(t.handle.db, [harbor(), xyz]);
    const moved = file({
      id: 'xyz-retail',
      name: 'XYZ Retail',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' }],
    });
    const report = await sync(t.handle.db, [harbor({ identifiers: [] }), moved]);
    expect(report.partnersUpdated).toEqual(['harbor-pine', 'xyz-retail']);
    const listed = await listPartners(t.handle.db, ['harbor-pine', 'xyz-retail']);
    expect(listed.find((p) => p.id === 'xyz-retail')!.identifiers).toEqual([
      { type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' },
    ]);
    expect(listed.find((p) => p.id === 'harbor-pine')!.identifiers).toEqual([]);
  });

  it('reads a whole-value env reference from the environment, and names partner, key and variable when it is unset', async () => {
    const shape = await failure(sync(t.handle.db, [harbor(), xyz], {}));
    expect(shape).toMatchObject({ kind: 'permanent', code: 'partner.env_missing' });
    expect(shape.message).toMatch(
      /harbor-pine: settings\.delivery\.config\.password is \$\{HARBOR_SFTP_PASSWORD\}, and HARBOR_SFTP_PASSWORD is unset/,
    );
    expect(shape.details).toEqual([
      { partnerId: 'harbor-pine', key: 'password', variable: 'HARBOR_SFTP_PASSWORD' },
    ]);
    expect(await t.handle.db.select().from(partners)).toEqual([]);

    // nested values too (smtp auth), and a partial reference is text, not a reference
    const smtp = harbor({
      settings: {
        delivery: {
          transport: 'smtp',
          config: {
            host: 'mail.example',
            from: 'edi@supplier.example',
            to: 'orders@harborpine.example',
            auth: { user: 'edi', pass: ref('SMTP_PASS') },
            subject: `EDI ${ref('documentType')}`,
          },
        },
      },
    });
    await sync(t.handle.db, [smtp], { SMTP_PASS: 'smtp-pw' });
    const [h] = await listPartners(t.handle.db, ['harbor-pine']);
    expect(openDeliverySecrets('harbor-pine', h!.settings, box)).toMatchObject({
      delivery: { config: { auth: { user: 'edi', pass: 'smtp-pw' }, subject: `EDI ${ref('documentType')}` } },
    });
  });

  it('seals the credentials of a delivery URL (userinfo, query) from partner.yaml, and writes nothing the second time', async () => {
    const hook = harbor({
      settings: {
        delivery: {
          transport: 'http-post',
          config: { url: ref('HOOK_URL'), secret: ref('HOOK_SECRET') },
        },
      },
    });
    const env = {
      HOOK_URL: 'https://edi-bot:hook-pa55@hooks.harborpine.example/edi?key=hook-k3y',
      HOOK_SECRET: 'hook-hmac-secret-0123456789',
    };
    await sync(t.handle.db, [hook], env);
    const stored = await snapshot(t.handle.db);
    expect(JSON.stringify(stored)).not.toMatch(/edi-bot|hook-pa55|hook-k3y/);
    expect(stored.audit[0]!.after).toMatchObject({
      settings: {
        delivery: { config: { url: 'https://[redacted]@hooks.harborpine.example/edi?[redacted]' } },
      },
    });
    expect(openDeliverySecrets('harbor-pine', stored.partners[0]!.settings, box)).toMatchObject({
      delivery: { config: { url: env.HOOK_URL } },
    });
    expect(await sync(t.handle.db, [hook], env)).toEqual({ partnersCreated: [], partnersUpdated: [] });
    expect(await snapshot(t.handle.db)).toEqual(stored);
  });

  it('refuses a private address literal or a folder outside the outbox when given the gateway’s limits', async () => {
    const limits = { allowPrivateAddresses: false, outboxDir: '/srv/ordergate/outbox' };
    const metadata = harbor({
      settings: {
        delivery: {
          transport: 'http-post',
          config: { url: 'http://169.254.169.254/x', secret: 'a'.repeat(16) },
        },
      },
    });
    const escaping = file({
      id: 'escaping',
      name: 'Escaping',
      settings: { delivery: { transport: 'folder-out', config: { dir: '/etc' } } },
    });
    const shape = await failure(
      t.handle.db.transaction((tx) =>
        syncPartners(tx, [metadata, escaping], 'deploy', { secrets: box, env: ENV, delivery: limits }),
      ),
    );
    expect(shape).toMatchObject({ kind: 'permanent', code: 'partner.invalid_delivery' });
    expect(shape.message).toMatch(
      /harbor-pine: settings\.delivery\.config\.url: 169\.254\.169\.254 is a link-local address/,
    );
    expect(shape.message).toMatch(
      /escaping: settings\.delivery\.config\.dir: \/etc is outside the outbox folder/,
    );
    expect(await t.handle.db.select().from(partners)).toEqual([]);
  });

  it('refuses delivery settings the transport would not take', async () => {
    const bad = harbor({
      settings: { delivery: { transport: 'http-post', config: { url: 'ftp://x', secret: 'short' } } },
    });
    const shape = await failure(sync(t.handle.db, [bad]));
    expect(shape).toMatchObject({ kind: 'permanent', code: 'partner.invalid_delivery' });
    expect(shape.message).toMatch(/harbor-pine: settings\.delivery\.config\.secret: /);
    expect(shape.message).not.toContain('short');
    expect(await t.handle.db.select().from(partners)).toEqual([]);
  });
});
