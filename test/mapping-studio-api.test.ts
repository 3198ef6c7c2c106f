import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { tempDir } from './support/services.ts';

const MAPPINGS = fileURLToPath(new URL('../mappings/', import.meta.url));
const STORE_ORDER = readFileSync(path.join(MAPPINGS, 'harbor-pine/fixtures/850.v1/store-order-004010.edi'));

/** The mapping studio's JSON routes on a real gateway: drafts, bench, shadow replay, activation and rollback. */
describe.each(gatewayModes())('mapping studio API ($name)', (mode) => {
  let t: TestGateway;
  const folder = tempDir('ordergate-studio-api-');
  const send = (method: string, url: string, body?: unknown) =>
    t.call(url, {
      method,
      token: ADMIN,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  const base = '/v1/partners/harbor-pine/mappings';

  beforeAll(async () => {
    cpSync(MAPPINGS, path.join(folder.dir, 'mappings'), { recursive: true });
    t = await startTestGateway(mode, { ORDERGATE_MAPPINGS_DIR: path.join(folder.dir, 'mappings') });
  });
  afterAll(async () => {
    await t?.close();
    folder.remove();
  });

  it('drafts, benches, replays, activates and rolls back a mapping', async () => {
    const listed = await send('GET', base);
    expect(listed.status).toBe(200);
    const { versions } = (await listed.json()) as {
      versions: { document: string; version: number; status: string }[];
    };
    expect(versions.filter((v) => v.document === '850')).toEqual([
      expect.objectContaining({ version: 1, status: 'active' }),
    ]);

    const invalid = await send('POST', `${base}/850/drafts`, {
      yaml: "document: '850'\nversion: 2\nchecks:\n  hashTotal: sometimes\n",
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({
      error: {
        code: 'mapping.draft_invalid',
        details: [expect.objectContaining({ path: 'checks.hashTotal', line: 4 })],
      },
    });

    const created = await send('POST', `${base}/850/drafts`, {});
    expect(created.status).toBe(201);
    const draft = (await created.json()) as { version: number; yaml: string };
    expect(draft.version).toBe(2);
    const saved = await send('PUT', `${base}/850/2`, { yaml: draft.yaml.replace('CA: CS', 'CA: EA') });
    expect(saved.status).toBe(200);
    expect(
      (await send('PUT', `${base}/850/1`, { yaml: draft.yaml.replace('version: 2', 'version: 1') })).status,
    ).toBe(409);

    const bench = await send('POST', `${base}/850/2/bench`, {
      sample: { base64: STORE_ORDER.toString('base64') },
    });
    expect(bench.status).toBe(200);
    expect(await bench.json()).toMatchObject({
      changes: [
        {
          change: 'changed',
          fields: [{ path: 'lines.0.uom', active: 'CS', draft: 'EA' }, expect.anything()],
        },
      ],
    });

    const delivered = await t.deliver(STORE_ORDER.toString('latin1'), ADMIN);
    expect(delivered.message.partnerId).toBe('harbor-pine');
    const shadow = await send('POST', `${base}/850/2/shadow`, { last: 5 });
    expect(shadow.status).toBe(200);
    expect(await shadow.json()).toMatchObject({
      changedOrders: 1,
      messages: [
        {
          messageId: delivered.id,
          changes: [{ fields: expect.arrayContaining([{ path: 'lines.0.uom', active: 'CS', draft: 'EA' }]) }],
        },
      ],
    });

    const activated = await send('POST', `${base}/850/2/activate`, {});
    expect(activated.status).toBe(200);
    expect(await activated.json()).toMatchObject({ version: 2, previousVersion: 1 });
    const rolledBack = await send('POST', `${base}/850/1/activate`, {});
    expect(rolledBack.status).toBe(200);
    expect(await rolledBack.json()).toMatchObject({
      version: 1,
      previousVersion: 2,
      golden: { mode: 'own' },
    });
    const audit = await t.query<{ action: string; entity_id: string }>(
      "select action, entity_id from audit_events where entity_type = 'mapping' and actor = 'admin' order by id",
    );
    expect(audit.map((e) => `${e.action} ${e.entity_id}`)).toEqual([
      'create harbor-pine/850/v2',
      'update harbor-pine/850/v2',
      'retire harbor-pine/850/v1',
      'activate harbor-pine/850/v2',
      'retire harbor-pine/850/v2',
      'activate harbor-pine/850/v1',
    ]);
  });
});
