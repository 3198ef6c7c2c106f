import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { tempDir } from './support/services.ts';

const MAPPINGS = fileURLToPath(new URL('../mappings/', import.meta.url));
const SHEET = readFileSync(
  path.join(MAPPINGS, 'harbor-pine/fixtures/spreadsheet.v1/store-replenishment.csv'),
);

/** The mapping studio's pages on a real gateway: column matcher → draft → bench → activation → shadow replay. */
describe.each(gatewayModes())('console mapping studio ($name)', (mode) => {
  let t: TestGateway;
  const folder = tempDir('ordergate-console-mappings-');

  beforeAll(async () => {
    cpSync(MAPPINGS, path.join(folder.dir, 'mappings'), { recursive: true });
    t = await startTestGateway(mode, { ORDERGATE_MAPPINGS_DIR: path.join(folder.dir, 'mappings') });
  });
  afterAll(async () => {
    await t?.close();
    folder.remove();
  });

  it('matches a sample’s columns, saves, benches, activates and replays a spreadsheet mapping', async () => {
    const admin = await signInAs(t, 'admin');
    const partners = await admin.get('/admin/mappings');
    expect(partners.status).toBe(200);
    expect(await partners.text()).toContain('href="/admin/mappings/harbor-pine"');

    const sheet = new Blob([SHEET], { type: 'text/csv' });
    const detected = await admin.post('/admin/mappings/harbor-pine/spreadsheet/matcher', {
      file: new File([sheet], 'store.csv'),
    });
    expect(detected.status).toBe(200);
    const matcher = await detected.text();
    expect(matcher).toContain('Header found on row 5');
    expect(matcher).toContain('name="columns.4.field"');
    expect(matcher).toContain('<td>CAN-LAV-8</td>');

    const fields = ['shipTo', 'buyerItem', 'vendorItem', 'description', 'quantity', 'packSize', 'unitPrice'];
    const headers = ['Store', 'H&P #', 'Vendor Style', 'Description', 'Cases', 'Case Pack', 'Unit Cost'];
    const form: Record<string, string> = {
      'locale.decimal': '.',
      'locale.dateOrder': 'mdy',
      'defaults.currency': 'USD',
      headerRow: '5',
    };
    fields.forEach((field, i) => {
      form[`columns.${i}.header`] = headers[i]!;
      form[`columns.${i}.letter`] = String.fromCharCode(65 + i);
      form[`columns.${i}.field`] = field;
    });
    const twice = await admin.post('/admin/mappings/harbor-pine/spreadsheet/matcher/save', {
      ...form,
      'columns.6.field': 'quantity',
    });
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('quantity is already read from column E');

    const saved = await admin.post('/admin/mappings/harbor-pine/spreadsheet/matcher/save', form);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/mappings/harbor-pine/spreadsheet/2');
    const draftPage = await (await admin.get('/admin/mappings/harbor-pine/spreadsheet/2')).text();
    expect(draftPage).toContain('Cases');
    expect(draftPage).toContain('hx-post="/admin/mappings/harbor-pine/spreadsheet/validate?version=2"');

    const typed = await admin.post('/admin/mappings/harbor-pine/spreadsheet/validate?version=2', {
      yaml: "document: spreadsheet\nversion: 2\nlocale:\n  decimal: ';'\n  dateOrder: mdy\n",
    });
    expect(await typed.text()).toContain('line 4, column 12: locale.decimal');

    const bench = await admin.post('/admin/mappings/harbor-pine/spreadsheet/2/bench', {
      sample: new File([sheet], 'store.csv'),
    });
    expect(bench.status).toBe(200);
    const benched = await bench.text();
    expect(benched).toContain('Test bench result');
    // the active v1 multiplies cases by the case pack; the matcher's draft reads the cases as they are
    expect(benched).toMatch(/<code>lines\.0\.quantity<\/code><\/td><td>48<\/td><td>4<\/td>/);

    const activated = await admin.post('/admin/mappings/harbor-pine/spreadsheet/2/activate', {});
    expect(activated.status).toBe(303);
    const list = await (await admin.get(activated.headers.get('location')!)).text();
    expect(list).toContain('spreadsheet v2 is active now');

    const shadow = await admin.post('/admin/mappings/harbor-pine/spreadsheet/1/shadow', { last: '5' });
    expect(shadow.status).toBe(200);
    expect(await shadow.text()).toContain('Shadow replay result');

    const rolledBack = await admin.post('/admin/mappings/harbor-pine/spreadsheet/1/activate', {});
    expect(rolledBack.status).toBe(303);
    const audit = await t.query<{ action: string; entity_id: string; actor: string }>(
      "select action, entity_id, actor from audit_events where entity_type = 'mapping' and actor like 'user:%' order by id",
    );
    expect(audit.map((e) => `${e.action} ${e.entity_id}`)).toEqual([
      'create harbor-pine/spreadsheet/v2',
      'retire harbor-pine/spreadsheet/v1',
      'activate harbor-pine/spreadsheet/v2',
      'retire harbor-pine/spreadsheet/v2',
      'activate harbor-pine/spreadsheet/v1',
    ]);
  });

  it('shows the studio to a viewer read-only and refuses its changes', async () => {
    const viewer = await signInAs(t, 'viewer');
    const page = await viewer.get('/admin/mappings/harbor-pine/850/1');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('readonly');
    expect(html).not.toContain('Run the bench');
    expect((await viewer.post('/admin/mappings/harbor-pine/850/drafts', { fromVersion: '1' })).status).toBe(
      403,
    );
  });
});
