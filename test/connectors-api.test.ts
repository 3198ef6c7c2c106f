import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot } from './support/dovecot.ts';
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

/** Connector instances as data (issue 12): created, listed, checked and run by `serve` over HTTP. */
describe.each(gatewayModes())('connector instances ($name)', (mode) => {
  let t: TestGateway;
  let partnerKey: string;
  const folders = { shortcut: tempDir('ordergate-env-drop-'), shop: tempDir('ordergate-shop-drop-') };
  const send = (method: string, url: string, body?: unknown, token = ADMIN) =>
    t.call(url, {
      method,
      token,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });

  beforeAll(async () => {
    t = await startTestGateway(mode, { ORDERGATE_DROP_DIR: folders.shortcut.dir });
    partnerKey = await t.createPartner({ id: 'drop-co', name: 'Drop Co', identifiers: [VALID_850_SENDER] });
  });
  afterAll(async () => {
    await t?.close();
    folders.shortcut.remove();
    folders.shop.remove();
  });

  it('lists the ORDERGATE_DROP_DIR shortcut as one file-drop instance', async () => {
    const res = await send('GET', '/v1/connectors');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      connectors: [
        expect.objectContaining({
          id: 'env-drop-dir',
          connector: 'file-drop',
          enabled: true,
          config: expect.objectContaining({ dir: folders.shortcut.dir }),
        }),
      ],
    });
  });

  it('runs an instance created over HTTP: a file dropped in its folder is stored for its partner and archived', async () => {
    const created = await send('POST', '/v1/connectors', {
      id: 'shop-drop',
      connector: 'file-drop',
      config: { dir: folders.shop.dir, partnerId: 'drop-co', pollMs: 50, settleMs: 0 },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'shop-drop', enabled: true });
    writeFileSync(path.join(folders.shop.dir, 'po-1.edi'), withControl(VALID_850, 81_001));
    const archived = await eventually(async () => {
      const archive = path.join(folders.shop.dir, 'archive');
      if (!existsSync(archive)) return undefined;
      const files = readdirSync(archive, { recursive: true, encoding: 'utf8' });
      return files.some((f) => f.endsWith('po-1.edi')) ? files : undefined;
    });
    expect(archived.length).toBeGreaterThan(0);
    const stored = await t.query<{ partner_id: string; sender: string }>(
      `select partner_id, sender from messages where filename = 'po-1.edi'`,
    );
    expect(stored).toEqual([{ partner_id: 'drop-co', sender: 'file:po-1.edi' }]);
  });

  it('checks an instance for real: a folder that is a file is reported, a folder that works is ok', async () => {
    expect(await (await send('POST', '/v1/connectors/shop-drop/check')).json()).toEqual({
      ok: true,
      diagnostics: [],
    });
    const file = path.join(folders.shop.dir, 'not-a-folder.txt.part');
    writeFileSync(file, 'x');
    const replaced = await send('PUT', '/v1/connectors/shop-drop', {
      connector: 'file-drop',
      enabled: false,
      config: { dir: file },
    });
    expect(replaced.status).toBe(200);
    const checked = await send('POST', '/v1/connectors/shop-drop/check');
    expect(await checked.json()).toMatchObject({
      ok: false,
      diagnostics: [{ severity: 'error', code: 'file-drop.not_a_folder' }],
    });
    expect((await send('POST', '/v1/connectors/nothing-here/check')).status).toBe(404);
  });

  it('refuses what cannot be a door, naming each problem, and is for the admin only', async () => {
    const invalid = await send('POST', '/v1/connectors', {
      id: 'bad-drop',
      connector: 'file-drop',
      config: { dir: '', pollMs: 1, surprise: true },
    });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['config', 'config.dir', 'config.pollMs']);
    const unknown = await send('POST', '/v1/connectors', { id: 'fax-in', connector: 'fax', config: {} });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'connector.unknown' } });
    const again = await send('POST', '/v1/connectors', {
      id: 'shop-drop',
      connector: 'file-drop',
      config: { dir: '/x' },
    });
    expect(again.status).toBe(409);
    expect((await send('GET', '/v1/connectors', undefined, partnerKey)).status).toBe(403);
    const audits = await t.query<{ action: string }>(
      `select action from audit_events where entity_type = 'connector_instance' and entity_id = 'shop-drop' order by id`,
    );
    expect(audits.map((a) => a.action)).toEqual(['create_connector', 'update_connector']);
  });

  it('takes a mailbox, its password sealed, and checks it against the mail server', async () => {
    const dovecot = await startDovecot();
    try {
      const config = {
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        starttls: false,
        user: dovecot.user,
        password: dovecot.password,
      };
      const created = await send('POST', '/v1/connectors', {
        id: 'orders-mailbox',
        connector: 'imap',
        enabled: false,
        config,
      });
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ config: { user: dovecot.user, password: '(sealed)' } });
      const stored = await t.query<{ config: { password: string } }>(
        `select config from connector_instances where id = 'orders-mailbox'`,
      );
      expect(stored[0]?.config.password).not.toContain(dovecot.password);
      expect(await (await send('POST', '/v1/connectors/orders-mailbox/check')).json()).toEqual({
        ok: true,
        diagnostics: [],
      });
      await send('PUT', '/v1/connectors/orders-mailbox', {
        connector: 'imap',
        enabled: false,
        config: { ...config, password: 'not-the-password' },
      });
      expect(await (await send('POST', '/v1/connectors/orders-mailbox/check')).json()).toMatchObject({
        ok: false,
        diagnostics: [{ severity: 'error', code: 'imap.auth_failed' }],
      });
    } finally {
      await dovecot.stop();
    }
  });
});
