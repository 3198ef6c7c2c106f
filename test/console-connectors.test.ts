import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import {
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
} from './support/gateway-harness.ts';
import { eventually, tempDir } from './support/services.ts';

const fieldError = (html: string, name: string) =>
  new RegExp(`<p class="field-error" id="f-${name.replace(/[^\w-]/g, '-')}-error">([^<]*)</p>`).exec(
    html,
  )?.[1];

describe.each(gatewayModes())('connectors in the console ($name)', (mode) => {
  let t: TestGateway;
  let admin: ConsoleClient;
  let viewer: ConsoleClient;
  const tmp = tempDir();

  beforeAll(async () => {
    t = await startTestGateway(mode);
    admin = await signInAs(t, 'admin');
    viewer = await signInAs(t, 'viewer');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    tmp.remove();
  });

  it('creates a drop folder by the form; it receives, and the list shows its last message', async () => {
    const dir = path.join(tmp.dir, 'drop');
    mkdirSync(dir);
    const form = await (await admin.get('/admin/connectors/new?connector=file-drop')).text();
    expect(form).toContain('name="config.dir"');
    const bad = await admin.post('/admin/connectors', {
      connector: 'file-drop',
      id: 'partner-drop',
      enabled: 'yes',
      'config.dir': dir,
      'config.pollMs': '5',
    });
    expect(bad.status).toBe(422);
    expect(fieldError(await bad.text(), 'config.pollMs')).toMatch(/10/);

    const res = await admin.post('/admin/connectors', {
      connector: 'file-drop',
      id: 'partner-drop',
      enabled: 'yes',
      'config.dir': dir,
      'config.pollMs': '50',
      'config.settleMs': '0',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/connectors/partner-drop');
    const again = await admin.post('/admin/connectors', {
      connector: 'file-drop',
      id: 'partner-drop',
      enabled: 'yes',
      'config.dir': dir,
    });
    expect(again.status).toBe(422);
    expect(fieldError(await again.text(), 'id')).toMatch(/exists/);

    expect(await (await viewer.get('/admin/connectors')).text()).toContain('nothing received yet');
    await t.createPartner({ id: 'acme', name: 'Acme', identifiers: [VALID_850_SENDER] });
    writeFileSync(path.join(dir, 'order.edi'), VALID_850);
    const [row] = await eventually(async () => {
      const rows = await t.query<{ id: string }>(
        "select id from messages where connector_instance = 'partner-drop'",
      );
      return rows.length > 0 ? rows : undefined;
    }, 20_000);
    const list = await (await viewer.get('/admin/connectors')).text();
    expect(list).toContain('href="/admin/connectors/partner-drop"');
    expect(list).toContain(`href="/admin/messages/${row!.id}"`);
  });

  it('checks the connection for real: a folder that is there works, a file instead of a folder does not', async () => {
    const ok = await admin.post('/admin/connectors/partner-drop/check');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('The connection works.');

    const file = path.join(tmp.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const broken = await admin.post('/admin/connectors', {
      connector: 'file-drop',
      id: 'broken-drop',
      enabled: 'no',
      'config.dir': path.join(file, 'inbox'),
    });
    expect(broken.status).toBe(303);
    // htmx swaps the result alone into the page
    const checked = await admin.post('/admin/connectors/broken-drop/check', {}, { 'hx-request': 'true' });
    const fragment = await checked.text();
    expect(fragment).toMatch(/^<div id="check-result"/);
    expect(fragment).toContain('The connection does not work');
    expect(fragment).toContain('ENOTDIR');
  });

  it('edits a mailbox and keeps its stored password when the field is left blank', async () => {
    const created = await admin.post('/admin/connectors', {
      connector: 'imap',
      id: 'orders-mailbox',
      enabled: 'no',
      'config.host': 'imap.supplier.example',
      'config.user': 'orders',
      'config.password': 'the mailbox password',
    });
    expect(created.status, await created.clone().text()).toBe(303);
    const sealed = async () =>
      (
        await t.query<{ password: unknown; folder: string | null }>(
          "select config->'password' as password, config->>'folder' as folder from connector_instances where id = 'orders-mailbox'",
        )
      )[0]!;
    const before = await sealed();
    expect(JSON.stringify(before.password)).not.toContain('the mailbox password');

    const page = await (await admin.get('/admin/connectors/orders-mailbox')).text();
    expect(page).not.toContain('the mailbox password');
    expect(page).toContain('set (stored sealed): leave blank to keep it');
    const saved = await admin.post('/admin/connectors/orders-mailbox', {
      enabled: 'no',
      'config.host': 'imap.supplier.example',
      'config.user': 'orders',
      'config.password': '',
      'config.folder': 'Orders',
    });
    expect(saved.status, await saved.clone().text()).toBe(303);
    const after = await sealed();
    expect(after.folder).toBe('Orders');
    expect(after.password).toEqual(before.password);
  });

  it('refuses a viewer every change (403)', async () => {
    for (const p of [
      '/admin/connectors',
      '/admin/connectors/partner-drop',
      '/admin/connectors/partner-drop/check',
    ])
      expect((await viewer.post(p, { connector: 'file-drop', id: 'x' })).status, p).toBe(403);
    expect((await viewer.get('/admin/connectors/new')).status).toBe(403);
    // a viewer reads the settings, credentials sealed
    const page = await (await viewer.get('/admin/connectors/orders-mailbox')).text();
    expect(page).toContain('(sealed)');
    expect(page).not.toContain('Check connection');
  });
});
