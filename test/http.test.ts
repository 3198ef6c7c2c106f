import SwaggerParser from '@apidevtools/swagger-parser';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.ts';
import { type Gateway, startGateway } from '../src/gateway.ts';
import { loadConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { ADMIN, gatewayModes } from './support/gateway-harness.ts';

// The HTTP contract on the embedded default, and on PostgreSQL + Redis when they are available.
describe.each(gatewayModes())('HTTP API ($name)', (mode) => {
  let gateway: Gateway;
  let dispose: () => Promise<void>;
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${gateway.url}${path}`, {
      ...init,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });

  beforeAll(async () => {
    const setup = await mode.env();
    dispose = setup.dispose;
    const config = loadConfig({
      ...setup.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ORDERGATE_ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'silent',
    });
    gateway = await startGateway(config, createLogger('silent'), {
      http: true,
      workers: true,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await dispose?.();
  });

  it('answers health and readiness', async () => {
    expect(await (await call('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await call('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', queue: 'ok' } });
  });

  it('requires the admin token on admin routes', async () => {
    const body = JSON.stringify({ id: 'acme', name: 'Acme' });
    for (const token of [undefined, 'wrong-token', `${ADMIN}x`]) {
      const res = await call('/v1/partners', { method: 'POST', body, token });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'auth.unauthorized', message: expect.any(String) } });
    }
    expect((await call('/v1/partners', { token: ADMIN })).status).toBe(200);
  });

  it('creates a partner and shows its API key once', async () => {
    const res = await call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({
        id: 'harbor-pine',
        name: 'Harbor & Pine',
        identifiers: [
          { type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' },
          { type: 'email', value: 'orders@harborpine.example' },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { partner: { id: string; settings: object }; apiKey: string };
    expect(created.partner).toMatchObject({ id: 'harbor-pine', settings: { ack: '997', send855: true } });
    expect(created.apiKey).toMatch(/^og_key_/);
    const listed = await (await call('/v1/partners', { token: ADMIN })).text();
    expect(listed).toContain('harbor-pine');
    expect(listed).not.toContain(created.apiKey);

    const again = await call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ id: 'harbor-pine', name: 'x' }),
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'partner.exists' } });
  });

  it('answers bad input with a JSON 4xx listing each problem', async () => {
    const malformed = await call('/v1/partners', { method: 'POST', token: ADMIN, body: '{"id": "x",' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      error: { code: 'request.invalid', message: expect.any(String) },
    });

    const invalid = await call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ id: 'Not Valid', identifiers: [{ type: 'fax', value: '' }] }),
    });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.details.map((d) => d.path).sort()).toEqual([
      'id',
      'identifiers.0.type',
      'identifiers.0.value',
      'name',
    ]);

    const unknown = await call('/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'request.not_found' } });
  });

  it('bounds X12 identifiers to what an ISA carries, naming the field', async () => {
    const res = await call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({
        id: 'too-long',
        name: 'Too Long',
        identifiers: [
          { type: 'x12', qualifier: 'ZZ', value: 'ABCDEFGHIJKLMNOP' },
          { type: 'x12', qualifier: 'ZZZ', value: 'ACME' },
          { type: 'x12', value: 'ACME*01' },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.details.map((d) => d.path).sort()).toEqual([
      'identifiers.0.value',
      'identifiers.1.qualifier',
      'identifiers.2.value',
    ]);
  });

  it("refuses an X12 identifier without a qualifier that overlaps another partner's qualified one, and back", async () => {
    const create = (id: string, identifiers: object[]) =>
      call('/v1/partners', {
        method: 'POST',
        token: ADMIN,
        body: JSON.stringify({ id, name: id, identifiers }),
      });
    expect((await create('qualified', [{ type: 'x12', qualifier: 'ZZ', value: 'OVERLAP1' }])).status).toBe(
      201,
    );
    const anyQualifier = await create('shadow', [{ type: 'x12', value: 'overlap1' }]);
    expect(anyQualifier.status).toBe(409);
    expect(await anyQualifier.json()).toEqual({
      error: {
        code: 'partner.identifier_taken',
        message: expect.stringMatching(
          /x12 OVERLAP1 overlaps x12 ZZ\/OVERLAP1, which belongs to partner "qualified"/,
        ),
        details: [
          {
            type: 'x12',
            qualifier: 'ZZ',
            value: 'OVERLAP1',
            partnerId: 'qualified',
            requested: { type: 'x12', value: 'OVERLAP1' },
          },
        ],
      },
    });

    expect((await create('unqualified', [{ type: 'x12', value: 'OVERLAP2' }])).status).toBe(201);
    const shadowed = await create('shadowed', [{ type: 'x12', qualifier: '01', value: 'OVERLAP2' }]);
    expect(shadowed.status).toBe(409);
    expect(await shadowed.json()).toMatchObject({
      error: {
        code: 'partner.identifier_taken',
        details: [
          {
            type: 'x12',
            value: 'OVERLAP2',
            partnerId: 'unqualified',
            requested: { type: 'x12', qualifier: '01', value: 'OVERLAP2' },
          },
        ],
      },
    });
    // other qualifiers of a qualified ID do not overlap: 01/OVERLAP1 is a different sender than ZZ/OVERLAP1
    expect(
      (await create('other-qualifier', [{ type: 'x12', qualifier: '01', value: 'OVERLAP1' }])).status,
    ).toBe(201);
    const listed = await (await call('/v1/partners', { token: ADMIN })).text();
    expect(listed).not.toMatch(/"shadow"|"shadowed"/);
  });

  it("lists a partner's API keys and revokes one: refused at once, audited, the partner's other keys still work", async () => {
    const create = (id: string) =>
      call('/v1/partners', { method: 'POST', token: ADMIN, body: JSON.stringify({ id, name: id }) });
    const keys = async (partner: string) =>
      (await (await call(`/v1/partners/${partner}/keys`, { token: ADMIN })).json()) as {
        keys: { id: string; prefix: string; createdAt: string; revokedAt: string | null }[];
      };
    const revoke = (partner: string, keyId: string, token = ADMIN) =>
      call(`/v1/partners/${partner}/keys/${keyId}`, { method: 'DELETE', token });
    const created = (await (await create('key-holder')).json()) as { apiKey: string; apiKeyId: string };
    const issuedRes = await call('/v1/partners/key-holder/keys', { method: 'POST', token: ADMIN });
    expect(issuedRes.status).toBe(201);
    const issued = (await issuedRes.json()) as { id: string; apiKey: string; prefix: string };
    expect(issued).toEqual({
      id: expect.any(String),
      apiKey: expect.stringMatching(/^og_key_/),
      prefix: expect.any(String),
    });
    // the ids an admin revokes by, each key's prefix to tell them apart; never the key or its hash
    expect(await keys('key-holder')).toEqual({
      keys: [
        {
          id: created.apiKeyId,
          prefix: created.apiKey.slice(0, 14),
          createdAt: expect.any(String),
          revokedAt: null,
        },
        { id: issued.id, prefix: issued.prefix, createdAt: expect.any(String), revokedAt: null },
      ],
    });
    expect((await call('/v1/orders', { token: created.apiKey })).status).toBe(200);

    const revoked = await revoke('key-holder', created.apiKeyId);
    expect(revoked.status).toBe(204);
    const refused = await call('/v1/orders', { token: created.apiKey });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { code: 'auth.unauthorized', message: expect.any(String) },
    });
    expect((await call('/v1/orders', { token: issued.apiKey })).status).toBe(200);
    const [first] = (await keys('key-holder')).keys;
    expect(first).toMatchObject({ id: created.apiKeyId, revokedAt: expect.any(String) });
    // revoking a revoked key changes nothing and says so alike: 204, the same revocation time, no second event
    expect((await revoke('key-holder', created.apiKeyId)).status).toBe(204);
    expect((await keys('key-holder')).keys[0]!.revokedAt).toBe(first!.revokedAt);

    // another partner's key, an unknown key or partner: 404; a partner key cannot revoke anything
    expect((await create('other-holder')).status).toBe(201);
    for (const [partner, keyId] of [
      ['other-holder', issued.id],
      ['key-holder', 'no-such-key'],
      ['nobody', issued.id],
    ] as const) {
      const res = await revoke(partner, keyId);
      expect(res.status, `${partner}/${keyId}`).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'request.not_found' } });
    }
    expect((await call('/v1/partners/nobody/keys', { token: ADMIN })).status).toBe(404);
    expect((await revoke('key-holder', issued.id, issued.apiKey)).status).toBe(403);
    expect((await call('/v1/orders', { token: issued.apiKey })).status).toBe(200);

    const audits = rowsOf<{ actor: string; entity_id: string; before: unknown; after: unknown }>(
      await gateway.database.db.execute(
        sql`select actor, entity_id, before, after from audit_events where action = 'revoke_api_key'`,
      ),
    );
    expect(audits).toEqual([
      {
        actor: 'admin',
        entity_id: 'key-holder',
        before: { id: created.apiKeyId, prefix: created.apiKey.slice(0, 14), revokedAt: null },
        after: { id: created.apiKeyId, prefix: created.apiKey.slice(0, 14), revokedAt: first!.revokedAt },
      },
    ]);
  });

  it('publishes a valid OpenAPI document and Prometheus metrics', async () => {
    const doc = (await (await call('/openapi.json')).json()) as { paths: Record<string, unknown> };
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/v1/partners']));

    const metrics = await call('/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toMatch(/ordergate_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toContain('# TYPE ordergate_jobs gauge');
  });

  it('reports not ready once the database is gone', async () => {
    await gateway.database.close();
    const res = await call('/readyz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ready: boolean; checks: { database: string } };
    expect(body.ready).toBe(false);
    expect(body.checks.database).toMatch(/^error/);
  });
});
