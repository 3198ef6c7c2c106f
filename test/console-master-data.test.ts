import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { adminSend, setUpFiveLinePartner } from './support/wholesale-setup.ts';

const csv = (text: string) => new Blob([text], { type: 'text/csv' });

describe.each(gatewayModes())('master data in the console ($name)', (mode) => {
  let t: TestGateway;
  let admin: ConsoleClient;
  let viewer: ConsoleClient;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    await setUpFiveLinePartner(t);
    admin = await signInAs(t, 'admin');
    viewer = await signInAs(t, 'viewer');
  }, 60_000);
  afterAll(() => t?.close());

  it('finds products by part of a SKU, GTIN or description, and pages by SKU', async () => {
    const page = await (await viewer.get('/admin/products?q=gadg')).text();
    expect(page).toContain('href="/admin/products/GADGET-2"');
    expect(page).not.toContain('href="/admin/products/WIDGET-1"');
    // a UPC finds the product with that GTIN-14
    const byUpc = await (await viewer.get('/admin/products?q=036000291452')).text();
    expect(byUpc).toContain('href="/admin/products/WIDGET-1"');

    await adminSend(
      t,
      'POST',
      '/v1/products',
      Array.from({ length: 60 }, (_, i) => ({
        sku: `PAGE-${String(i).padStart(2, '0')}`,
        description: `Paged ${i}`,
        uom: 'EA',
      })),
      200,
    );
    const first = await (await viewer.get('/admin/products?q=PAGE-')).text();
    expect(first).toContain('PAGE-49');
    expect(first).not.toContain('PAGE-50');
    const next = /href="(\/admin\/products\?q=PAGE-&amp;after=[^"]+)"/.exec(first)?.[1];
    expect(next).toBe('/admin/products?q=PAGE-&amp;after=PAGE-49');
    const second = await (await viewer.get(next!.replaceAll('&amp;', '&'))).text();
    expect(second).toContain('PAGE-50');
    expect(second).toContain('PAGE-59');
    expect(second).not.toContain('PAGE-49<');
  });

  it("shows a product with its prices and stock, the price lists, the stock and a partner's cross-references", async () => {
    const product = await (await viewer.get('/admin/products/WIDGET-1')).text();
    expect(product).toContain(`href="/admin/price-lists/${FIVE_LINES.priceList.id}"`);
    expect(product).toContain('1+: 4.75 · 100+: 4.25');
    expect(product).toMatch(/<td>MAIN<\/td><td class="num">1000<\/td>/);
    expect((await viewer.get('/admin/products/NO-SUCH')).status).toBe(404);

    const lists = await (await viewer.get('/admin/price-lists')).text();
    expect(lists).toContain(FIVE_LINES.priceList.id);
    const list = await (await viewer.get(`/admin/price-lists/${FIVE_LINES.priceList.id}?q=nut`)).text();
    expect(list).toContain('NUT-5');
    expect(list).not.toContain('WIDGET-1');

    const stock = await (await viewer.get('/admin/inventory?sku=NUT-5')).text();
    expect(stock).toMatch(/<td>MAIN<\/td><td class="num">5000<\/td>/);
    expect(stock).not.toContain('WIDGET-1');

    const refs = await (await viewer.get(`/admin/cross-references?partner=${FIVE_LINES.partnerId}`)).text();
    expect(refs).toContain('HP-GADGET');
    expect(refs).toContain('href="/admin/products/GADGET-2"');
  });

  it('refuses a file with a bad row whole, naming its row and column in the page (422)', async () => {
    const res = await admin.post('/admin/products/import', {
      file: csv('SKU,Description,UoM,GTIN\nOK-1,Fine,EA,\nBAD-2,Broken,EA,4006381333932\nBAD-3,,EA,\n'),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Nothing was saved');
    // the problems by row and column, then the row as the file has it with the bad cell marked
    expect(html).toMatch(/<td>3<\/td><td>GTIN<\/td><td>4006381333932 has a wrong check digit<\/td>/);
    expect(html).toMatch(/<td>4<\/td><td>Description<\/td><td>is empty<\/td>/);
    expect(html).toContain('<mark>4006381333932</mark>');
    expect(html).toContain('<mark>(empty)</mark>');
    // nothing of the file was saved, not even its good row
    expect((await t.call('/v1/products/OK-1', { token: ADMIN })).status).toBe(404);
  });

  it('saves a good file, and a good stock count, and refuses a viewer the imports', async () => {
    const saved = await admin.post('/admin/products/import', {
      file: csv('sku;description;uom;moq\nIMP-1;Imported one;EA;6\nIMP-2;Imported two;CA;\n'),
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved: 2 new, 0 changed, 0 unchanged');
    const product = await (await admin.get('/admin/products/IMP-1')).text();
    expect(product).toContain('Imported one');
    expect(product).toMatch(/<dt>Minimum order quantity<\/dt><dd>6<\/dd>/);

    const counted = await admin.post('/admin/inventory/import', {
      file: csv('sku,warehouse,on hand\nIMP-1,EAST,40\n'),
    });
    expect(counted.status).toBe(200);
    expect(await (await admin.get('/admin/inventory?sku=IMP-1')).text()).toMatch(
      /<td>EAST<\/td><td class="num">40<\/td>/,
    );
    // a count for a SKU that is no product: refused, its row named
    const unknown = await admin.post('/admin/inventory/import', {
      file: csv('sku,warehouse,on hand\nIMP-1,EAST,41\nNOPE-9,EAST,5\n'),
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toMatch(/<td>3<\/td><td>sku<\/td><td>NOPE-9 is no product<\/td>/);

    expect((await viewer.get('/admin/products/import')).status).toBe(403);
    expect(
      (await viewer.post('/admin/products/import', { file: csv('sku,description,uom\nV-1,V,EA\n') })).status,
    ).toBe(403);
    expect(
      (await viewer.post('/admin/inventory/import', { file: csv('sku,warehouse,on hand\nIMP-1,EAST,1\n') }))
        .status,
    ).toBe(403);
    expect((await t.call('/v1/products/V-1', { token: ADMIN })).status).toBe(404);
    expect(await (await viewer.get('/admin/products')).text()).not.toContain('href="/admin/products/import"');
  });
});
