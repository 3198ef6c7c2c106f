import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signatureFor } from '../connectors/http-post/index.ts';
import { createSecretBox } from '../src/runtime/secret-box.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';
import { eventually, tempDir } from './support/services.ts';

const SECRET = 'partner-hmac-secret-0123456789';
/** The API key the partner's endpoint wants in an extra header. */
const PARTNER_KEY = 'pk-live-7c1e0a9f44d2b8e1';
/** The variable the partner.yaml below names instead of holding the secret. */
const SECRET_VARIABLE = 'ORDERGATE_TEST_FILED_HMAC_SECRET';

/** The same interchange from another sender (ISA06; ISA05 stays 12). */
const fromSender = (text: string, id: string) => text.replace('4405197800     ', id.padEnd(15, ' '));

/** A partner's endpoint that answers 503 to the first two attempts of each document, then stores it once. */
function flakyReceiver() {
  const attempts = new Map<string, number>();
  const stored = new Map<
    string,
    { type: string; body: string; target?: string; authorization?: string; partnerKey?: string }
  >();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = String(req.headers['idempotency-key']);
      const signed = signatureFor(SECRET, String(req.headers['x-ordergate-timestamp']), body);
      if (req.headers['x-ordergate-signature'] !== signed) {
        res.writeHead(401).end();
        return;
      }
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n <= 2) {
        res.writeHead(503).end();
        return;
      }
      if (!stored.has(key))
        stored.set(key, {
          type: String(req.headers['x-ordergate-document-type']),
          body: body.toString('latin1'),
          target: req.url,
          authorization: req.headers.authorization,
          ...(req.headers['x-partner-key'] !== undefined && {
            partnerKey: String(req.headers['x-partner-key']),
          }),
        });
      res.writeHead(200).end();
    });
  });
  return { server, attempts, stored };
}

/** The 997 and the 855 pushed to a partner's endpoint, through failures, exactly once each. */
describe.each(gatewayModes())('delivery to partners ($name)', (mode) => {
  let t: TestGateway;
  const receiver = flakyReceiver();
  let url: string;
  const mappings = tempDir('ordergate-delivery-mappings-');

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/edi`;
    // a partner described by its partner.yaml only, its secret named rather than written in the file
    mkdirSync(path.join(mappings.dir, 'filed'));
    writeFileSync(
      path.join(mappings.dir, 'filed', 'partner.yaml'),
      [
        'id: filed',
        'name: Filed',
        "identifiers: [{ type: x12, qualifier: '12', value: FILEDBUYER }]",
        `settings: { delivery: { transport: http-post, config: { url: '${url}', secret: '$\{${SECRET_VARIABLE}}', headers: { X-Partner-Key: ${PARTNER_KEY} } } } }`,
        '',
      ].join('\n'),
    );
    vi.stubEnv(SECRET_VARIABLE, SECRET);
    // the receiver is on loopback: this gateway may deliver inside its own network
    t = await startTestGateway(mode, {
      ORDERGATE_MAPPINGS_DIR: mappings.dir,
      ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1',
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver.server.close(resolve));
    vi.unstubAllEnvs();
    mappings.remove();
  });

  it('refuses a delivery setting its transport would not take, and never shows a secret again', async () => {
    const res = await t.call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({
        id: 'bad',
        name: 'Bad',
        settings: { delivery: { transport: 'http-post', config: { url: 'ftp://x', secret: 'short' } } },
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    expect(body.error.details.map((d) => d.path).sort()).toEqual([
      'settings.delivery.config.secret',
      'settings.delivery.config.url',
    ]);
  });

  it('refuses a folder outside the outbox (ORDERGATE_OUTBOX_DIR) when a partner is saved', async () => {
    const res = await t.call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({
        id: 'escaping',
        name: 'Escaping',
        settings: { delivery: { transport: 'folder-out', config: { dir: '../../etc' } } },
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string; message: string }[] } };
    expect(body.error.details).toEqual([
      { path: 'settings.delivery.config.dir', message: expect.stringContaining('outside the outbox folder') },
    ]);
  });

  it('pushes the 997 and the 855 over HTTP: retried after two 503s, delivered once, retries visible', async () => {
    await t.createPartner({
      id: 'pushed',
      name: 'Pushed',
      identifiers: [VALID_850_SENDER],
      settings: { delivery: { transport: 'http-post', config: { url, secret: SECRET } } },
    });
    const listed = await t.json<{
      partners: { id: string; settings: { delivery: { config: { secret: string } } } }[];
    }>('/v1/partners');
    expect(listed.partners.find((p) => p.id === 'pushed')?.settings.delivery.config.secret).toBe(
      '[redacted]',
    );

    const { id } = await t.deliver(withControl(VALID_850, 41001), ADMIN);
    const answers = await t.answers(id, 2);
    expect(answers).toEqual(['997', '855']);
    const delivered = await eventually(
      async () => {
        const view = await t.message(id);
        const docs = await t.query<{ status: string; message_id: string; type: string }>(
          `select status, message_id, type from outbound_documents where source_message_id = '${id}'`,
        );
        return docs.length === 2 && docs.every((d) => d.status === 'delivered') ? { view, docs } : undefined;
      },
      30_000,
      'the 997 and the 855 delivered',
    );
    expect([...receiver.stored.values()].map((s) => s.type).sort()).toEqual(['855', '997']);
    for (const doc of delivered.docs) {
      expect(receiver.attempts.get(doc.message_id)).toBe(3);
      expect(receiver.stored.get(doc.message_id)?.body).toBe(await t.raw(doc.message_id));
      // the attempts show on the outbound message's timeline of jobs
      const jobs = (
        await t.json<{ jobs: { stage: string; status: string; attempts: number }[] }>(
          `/v1/messages/${doc.message_id}`,
        )
      ).jobs;
      expect(jobs).toEqual([expect.objectContaining({ stage: 'deliver', status: 'done', attempts: 3 })]);
    }
  }, 60_000);

  it('keeps delivery secrets sealed in the partners table, from HTTP and from partner.yaml, and still delivers', async () => {
    // the 'pushed' partner above came over HTTP, 'filed' from its partner.yaml at start
    const rows = await t.query<{
      id: string;
      settings: { delivery?: { config: { secret: string; headers?: unknown } } };
    }>('select * from partners order by id');
    expect(rows.map((r) => r.id)).toEqual(['filed', 'pushed']);
    for (const row of rows) expect(row.settings.delivery?.config.secret).toMatch(/^enc:v1:/);
    // extra headers carry a partner's API key under any name: sealed whole, never shown
    expect(rows[0]!.settings.delivery?.config.headers).toMatch(/^enc:v1:/);
    for (const secret of [SECRET, PARTNER_KEY]) {
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect(JSON.stringify(await t.query('select * from audit_events'))).not.toContain(secret);
      expect(await (await t.call('/v1/partners', { token: ADMIN })).text()).not.toContain(secret);
    }

    // the receiver checks the HMAC signature: delivered means the secret was opened right
    const { id } = await t.deliver(fromSender(withControl(VALID_850, 41002), 'FILEDBUYER'), ADMIN);
    expect(await t.answers(id, 2)).toEqual(['997', '855']);
    const docs = await eventually(
      async () => {
        const found = await t.query<{ status: string; message_id: string }>(
          `select status, message_id from outbound_documents where source_message_id = '${id}'`,
        );
        return found.length === 2 && found.every((d) => d.status === 'delivered') ? found : undefined;
      },
      30_000,
      "the filed partner's 997 and 855 delivered",
    );
    for (const doc of docs) {
      expect(receiver.stored.get(doc.message_id)?.body).toBe(await t.raw(doc.message_id));
      expect(receiver.stored.get(doc.message_id)?.partnerKey).toBe(PARTNER_KEY);
    }
  }, 60_000);

  it('keeps the userinfo and query of a delivery URL sealed and redacted everywhere, and still sends them', async () => {
    const secretUrl = `${url.replace('http://', 'http://edi-bot:url-pa55-5150@')}?token=url-t0ken-8086`;
    const shown = `${url.replace('http://', 'http://[redacted]@')}?[redacted]`;
    const res = await t.call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({
        id: 'url-creds',
        name: 'URL credentials',
        identifiers: [{ type: 'x12', qualifier: '12', value: 'URLCREDS' }],
        settings: { delivery: { transport: 'http-post', config: { url: secretUrl, secret: SECRET } } },
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { partner: { settings: { delivery: { config: object } } } };
    expect(created.partner.settings.delivery.config).toEqual({ url: shown, secret: '[redacted]' });
    const listed = await t.json<{ partners: { id: string; settings: object }[] }>('/v1/partners');
    expect(listed.partners.find((p) => p.id === 'url-creds')?.settings).toMatchObject({
      delivery: { config: { url: shown } },
    });
    const everywhere = async () =>
      JSON.stringify([
        created,
        listed,
        await t.query('select * from partners'),
        await t.query('select * from audit_events'),
      ]);
    for (const secret of ['edi-bot', 'url-pa55-5150', 'url-t0ken-8086'])
      expect(await everywhere()).not.toContain(secret);

    const sentTo = async (control: number) => {
      const { id } = await t.deliver(fromSender(withControl(VALID_850, control), 'URLCREDS'), ADMIN);
      const docs = await eventually(
        async () => {
          const found = await t.query<{ status: string; message_id: string }>(
            `select status, message_id from outbound_documents where source_message_id = '${id}'`,
          );
          return found.length === 2 && found.every((d) => d.status === 'delivered') ? found : undefined;
        },
        30_000,
        'the 997 and the 855 delivered',
      );
      return docs.map((d) => receiver.stored.get(d.message_id));
    };
    // the credentials travel: userinfo as Basic auth, the query as it was written
    const basic = `Basic ${Buffer.from('edi-bot:url-pa55-5150').toString('base64')}`;
    for (const got of await sentTo(41004))
      expect(got).toMatchObject({ target: '/edi?token=url-t0ken-8086', authorization: basic });

    // a URL an older version stored in clear is shown redacted and still used
    await t.query(
      `update partners set settings = jsonb_set(settings, '{delivery,config,url}', '${JSON.stringify(secretUrl)}') where id = 'url-creds'`,
    );
    const again = await t.json<{ partners: { id: string; settings: object }[] }>('/v1/partners');
    expect(again.partners.find((p) => p.id === 'url-creds')?.settings).toMatchObject({
      delivery: { config: { url: shown } },
    });
    expect(JSON.stringify(again)).not.toMatch(/url-pa55-5150|url-t0ken-8086/);
    for (const got of await sentTo(41005))
      expect(got).toMatchObject({ target: '/edi?token=url-t0ken-8086', authorization: basic });
  }, 90_000);

  it('fails a delivery whose secret another key sealed as secrets.undecryptable, naming the partner', async () => {
    await t.createPartner({
      id: 'rekeyed',
      name: 'Rekeyed',
      identifiers: [{ type: 'x12', qualifier: '12', value: 'REKEYED' }],
      settings: { delivery: { transport: 'http-post', config: { url, secret: SECRET } } },
    });
    // as if the gateway had been restarted with another ORDERGATE_SECRETS_KEY
    const foreign = createSecretBox(randomBytes(32)).seal(JSON.stringify(SECRET));
    await t.query(
      `update partners set settings = jsonb_set(settings, '{delivery,config,secret}', '"${foreign}"') where id = 'rekeyed'`,
    );
    const { id } = await t.deliver(fromSender(withControl(VALID_850, 41003), 'REKEYED'), ADMIN);
    const failed = await eventually(
      async () => {
        const jobs = await t.query<{
          status: string;
          last_error: { kind: string; code: string; message: string };
        }>(
          `select j.status, j.last_error from jobs j join outbound_documents d on d.message_id = j.entity_id
            where j.stage = 'deliver' and d.source_message_id = '${id}' and j.status = 'failed'`,
        );
        return jobs.length > 0 ? jobs : undefined;
      },
      30_000,
      'the delivery failed',
    );
    for (const job of failed) {
      expect(job.last_error).toMatchObject({ kind: 'permanent', code: 'secrets.undecryptable' });
      expect(job.last_error.message).toMatch(
        /^partner "rekeyed": the delivery setting secret cannot be opened/,
      );
      expect(JSON.stringify(job.last_error)).not.toContain(SECRET);
    }
  }, 60_000);
});

/** A gateway as installed: ORDERGATE_ALLOW_PRIVATE_DELIVERY unset. */
describe.each(gatewayModes())('delivery to private addresses, refused by default ($name)', (mode) => {
  let t: TestGateway;
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200).end();
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t = await startTestGateway(mode);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses an address literal when the partner is saved, and a name resolving to loopback when sending', async () => {
    const { port } = server.address() as AddressInfo;
    const partner = (id: string, value: string, target: string) => ({
      id,
      name: id,
      identifiers: [{ type: 'x12', qualifier: '12', value }],
      settings: {
        delivery: { transport: 'http-post', config: { url: `http://${target}/edi`, secret: SECRET } },
      },
    });
    const literal = await t.call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify(partner('literal', 'LITERAL', `127.0.0.1:${port}`)),
      headers: { 'content-type': 'application/json' },
    });
    expect(literal.status).toBe(400);
    expect(await literal.json()).toMatchObject({
      error: {
        details: [
          {
            path: 'settings.delivery.config.url',
            message: expect.stringMatching(/^127\.0\.0\.1 is a loopback address/),
          },
        ],
      },
    });

    await t.createPartner(partner('named', 'NAMED', `localhost:${port}`));
    const { id } = await t.deliver(fromSender(withControl(VALID_850, 41006), 'NAMED'), ADMIN);
    const failed = await eventually(
      async () => {
        const jobs = await t.query<{ last_error: { kind: string; code: string; message: string } }>(
          `select j.last_error from jobs j join outbound_documents d on d.message_id = j.entity_id
            where j.stage = 'deliver' and d.source_message_id = '${id}' and j.status = 'failed'`,
        );
        return jobs.length === 2 ? jobs : undefined;
      },
      30_000,
      'the 997 and 855 deliveries failed',
    );
    for (const job of failed) {
      expect(job.last_error).toMatchObject({ kind: 'permanent', code: 'delivery.private_address' });
      expect(job.last_error.message).toMatch(/^localhost resolves to .*, a loopback address/);
    }
    expect(requests).toBe(0);
  }, 60_000);
});
