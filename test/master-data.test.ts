import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';

/**
 * Master data over HTTP with the admin token (issue 14): products as JSON, CSV and XLSX, their search,
 * partners' cross-references and locations, price lists replaced whole, payments and the balance they make
 * with the partner's 810s, stock counts; on the embedded database and on PostgreSQL.
 */

const FIXTURES = 'test/fixtures/master-data/';

interface Problem {
  path?: string;
  row?: number;
  column?: string;
  message: string;
}
interface ErrorAnswer {
  error: { code: string; message: string; details?: Problem[] };
}

/** `n` days from today (UTC), as YYYY-MM-DD. */
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Products');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

for (const mode of gatewayModes()) {
  describe(`master data (${mode.name})`, () => {
    let t: TestGateway;
    beforeAll(async () => {
      t = await startTestGateway(mode);
      await t.createPartner({ id: 'harbor-pine', name: 'Harbor & Pine' });
      await t.createPartner({
        id: 'cedar-row',
        name: 'Cedar Row',
        settings: { paymentTermsDays: 14, creditLimit: '5000' },
      });
    });
    afterAll(async () => t?.close());

    const send = (method: string, path: string, body: unknown, type = 'application/json') =>
      t.call(path, {
        method,
        token: ADMIN,
        body: type === 'application/json' ? JSON.stringify(body) : (body as string | Uint8Array),
        headers: { 'content-type': type },
      });
    const post = (path: string, body: unknown, type?: string) => send('POST', path, body, type);
    const get = <T>(path: string) => t.json<T>(path);
    const audits = (entityType: string, entityId: string) =>
      t.query<{ action: string; before: unknown; after: unknown }>(
        `select action, before, after from audit_events where entity_type = '${entityType}' and entity_id = '${entityId}' order by at, id`,
      );

    it('saves products as JSON, tells created from updated, keeps history in the audit trail', async () => {
      const first = await post('/v1/products', [
        {
          sku: 'HP-1001',
          gtin: '4006381333931',
          description: 'Oak shelf, 80 cm',
          uom: 'EA',
          packSize: 4,
          moq: '8',
        },
        {
          sku: 'HP-1002',
          gtin: '012345678905',
          description: 'Pine crate large',
          uom: 'EA',
          orderMultiple: '6',
        },
        {
          sku: 'HP-0999',
          description: 'Oak shelf, old',
          uom: 'EA',
          status: 'discontinued',
          substitutes: ['HP-1001'],
        },
      ]);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ created: 3, updated: 0, unchanged: 0 });

      const again = await post('/v1/products', [
        {
          sku: 'HP-1001',
          gtin: '04006381333931',
          description: 'Oak shelf, 80 cm',
          uom: 'EA',
          packSize: '4',
          moq: 8,
        },
        {
          sku: 'HP-1002',
          gtin: '012345678905',
          description: 'Pine crate, large',
          uom: 'EA',
          orderMultiple: '6',
        },
      ]);
      expect(await again.json()).toEqual({ created: 0, updated: 1, unchanged: 1 });

      const product = await get<Record<string, unknown>>('/v1/products/HP-1001');
      expect(product).toMatchObject({
        sku: 'HP-1001',
        gtin: '04006381333931',
        packSize: '4',
        moq: '8',
        status: 'active',
        substitutes: [],
      });
      expect(product).not.toHaveProperty('orderMultiple');
      expect(await get('/v1/products/HP-0999')).toMatchObject({
        status: 'discontinued',
        substitutes: ['HP-1001'],
      });
      expect((await t.call('/v1/products/NOPE', { token: ADMIN })).status).toBe(404);

      const history = await audits('product', 'HP-1002');
      expect(history.map((h) => h.action)).toEqual(['create', 'update']);
      expect(history[1]).toMatchObject({
        before: { description: 'Pine crate large', gtin: '00012345678905' },
        after: { description: 'Pine crate, large' },
      });
    });

    it('refuses bad products with each problem by path, and saves none of the batch', async () => {
      const bad = await post('/v1/products', [
        { sku: 'NEW-1', description: 'fine', uom: 'EA' },
        { sku: 'NEW-2', description: 'bad GTIN', uom: 'EA', gtin: '4006381333932' },
        { sku: 'NEW-3', uom: 'EA', packSize: '0' },
      ]);
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as ErrorAnswer;
      expect(body.error.code).toBe('request.invalid');
      expect(body.error.details!.map((d) => d.path)).toEqual(['1.gtin', '2.description', '2.packSize']);

      const clash = await post('/v1/products', [
        { sku: 'NEW-1', description: 'fine', uom: 'EA' },
        { sku: 'NEW-1', description: 'again', uom: 'EA' },
        { sku: 'NEW-4', description: 'takes HP-1001’s GTIN', uom: 'EA', gtin: '04006381333931' },
        { sku: 'NEW-5', description: 'substitute unknown', uom: 'EA', substitutes: ['GHOST'] },
      ]);
      expect(clash.status).toBe(422);
      const refused = (await clash.json()) as ErrorAnswer;
      expect(refused.error.code).toBe('product.import_invalid');
      expect(refused.error.details!.map((d) => [d.path, d.message])).toEqual([
        ['1.sku', expect.stringContaining('given twice')],
        ['2.gtin', expect.stringContaining('HP-1001')],
        ['3.substitutes', expect.stringContaining('GHOST')],
      ]);
      expect((await t.call('/v1/products/NEW-1', { token: ADMIN })).status).toBe(404);
    });

    it('imports a CSV file: headers in any case and order, substitutes split on ; or ,', async () => {
      const res = await post('/v1/products', readFileSync(`${FIXTURES}products.csv`), 'text/csv');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ created: 3, updated: 0, unchanged: 0 });
      // a CSV re-saved by Excel drops a UPC's leading zero: it is padded back, the check digit verified
      expect(await get('/v1/products/CSV-3')).toMatchObject({
        gtin: '00036000291452',
        packSize: '12',
        moq: '24',
        orderMultiple: '12',
        status: 'discontinued',
        substitutes: ['CSV-1', 'CSV-2'],
      });
      expect(await get('/v1/products/CSV-1')).toMatchObject({ gtin: '04012345000009', status: 'active' });
      expect(await get('/v1/products/CSV-2')).toMatchObject({ uom: 'ea', substitutes: ['CSV-1'] });
    });

    it('answers a CSV with bad rows 422, naming each row and column, and stores nothing', async () => {
      const res = await post('/v1/products', readFileSync(`${FIXTURES}products_bad_rows.csv`), 'text/csv');
      expect(res.status).toBe(422);
      const body = (await res.json()) as ErrorAnswer;
      expect(body.error.code).toBe('product.import_invalid');
      // the title and the blank line above the header keep their row numbers
      expect(body.error.details!.map((d) => [d.row, d.column])).toEqual([
        [5, 'ean'],
        [6, 'pack size'],
        [7, 'description'],
        [8, 'status'],
      ]);
      expect((await t.call('/v1/products/BAD-1', { token: ADMIN })).status).toBe(404);
    });

    it('imports an XLSX workbook posted as octet-stream (sniffed), with numeric cells and a title row', async () => {
      const bytes = await xlsx([
        ['Product master'],
        [],
        ['SKU', 'Description', 'UOM', 'GTIN', 'Pack Size', 'MOQ', 'Order multiple', 'Substitutes'],
        ['XL-1', 'Brass hook', 'EA', 5901234123457, 10, 20, 10, null],
        [10045, 'Numeric SKU', 'CS', '123456789012', 1.5, null, null, 'XL-1'],
      ]);
      const res = await post('/v1/products', bytes, 'application/octet-stream');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });
      expect(await get('/v1/products/XL-1')).toMatchObject({
        gtin: '05901234123457',
        packSize: '10',
        moq: '20',
      });
      expect(await get('/v1/products/10045')).toMatchObject({
        gtin: '00123456789012',
        uom: 'CS',
        packSize: '1.5',
        substitutes: ['XL-1'],
      });

      const bad = await xlsx([
        ['sku', 'description', 'uom', 'moq'],
        ['XL-9', 'fine', 'EA', 1],
        ['XL-10', null, 'EA', 'lots'],
      ]);
      const refused = await post(
        '/v1/products',
        bad,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as ErrorAnswer).error.details!.map((d) => [d.row, d.column])).toEqual([
        [3, 'moq'],
        [3, 'description'],
      ]);
    });

    it('answers a file it cannot read, or one without a header, 422 product.import_unreadable', async () => {
      const pdf = await post(
        '/v1/products',
        new TextEncoder().encode('%PDF-1.4\n\u0000\u0001'),
        'application/octet-stream',
      );
      expect(pdf.status).toBe(422);
      expect(((await pdf.json()) as ErrorAnswer).error.code).toBe('product.import_unreadable');
      const noHeader = await post('/v1/products', 'just,some\ntext,here\n', 'text/csv');
      expect(noHeader.status).toBe(422);
      expect(((await noHeader.json()) as ErrorAnswer).error.code).toBe('product.import_unreadable');
      expect((await post('/v1/products', '<xml/>', 'application/xml')).status).toBe(415);
    });

    it('finds products by SKU, GTIN (any form) or description, a page at a time', async () => {
      type Page = { products: { sku: string }[]; next?: string };
      const skus = (page: Page) => page.products.map((p) => p.sku);
      expect(skus(await get<Page>('/v1/products?q=oak'))).toEqual(['HP-0999', 'HP-1001']);
      expect(skus(await get<Page>('/v1/products?q=BOARD'))).toEqual(['CSV-1', 'CSV-2']);
      expect(skus(await get<Page>('/v1/products?q=4006381333931'))).toEqual(['HP-1001']);
      // a UPC-12 finds the GTIN-14 it is, and so does part of it
      expect(skus(await get<Page>('/v1/products?q=036000291452'))).toEqual(['CSV-3']);
      expect(skus(await get<Page>('/v1/products?q=0001234567890'))).toEqual(['HP-1002']);
      expect(skus(await get<Page>('/v1/products?q=100%25'))).toEqual([]);
      const first = await get<Page>('/v1/products?limit=2');
      expect(first.products).toHaveLength(2);
      const second = await get<Page>(`/v1/products?limit=2&after=${first.next}`);
      expect(skus(second)[0]! > skus(first)[1]!).toBe(true);
    });

    it("saves a partner's cross-references (one object or many), refusing unknown SKUs and partners", async () => {
      const one = await post('/v1/partners/harbor-pine/items', { buyerItem: 'HB-77', sku: 'HP-1001' });
      expect(await one.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
      const many = await post('/v1/partners/harbor-pine/items', [
        { buyerItem: 'HB-77', gtin: '96385074', sku: 'HP-1002' },
        { gtin: '0-12345-67890-5', sku: 'HP-1002' },
      ]);
      expect(await many.json()).toEqual({ created: 2, updated: 1, unchanged: 0 });
      const { items } = await get<{ items: { kind: string; value: string; sku: string }[] }>(
        '/v1/partners/harbor-pine/items',
      );
      expect(items.map((i) => [i.kind, i.value, i.sku])).toEqual([
        ['buyerItem', 'HB-77', 'HP-1002'],
        ['gtin', '00000096385074', 'HP-1002'],
        ['gtin', '00012345678905', 'HP-1002'],
      ]);
      expect((await audits('partner_item', 'harbor-pine/buyerItem/HB-77')).map((a) => a.action)).toEqual([
        'create',
        'update',
      ]);

      const unknown = await post('/v1/partners/harbor-pine/items', [
        { buyerItem: 'A', sku: 'HP-1001' },
        { buyerItem: 'B', sku: 'GHOST-1' },
        { buyerItem: 'C', sku: 'GHOST-2' },
      ]);
      expect(unknown.status).toBe(422);
      const body = (await unknown.json()) as ErrorAnswer;
      expect(body.error.code).toBe('product.unknown_sku');
      expect(body.error.details!.map((d) => d.path)).toEqual(['1.sku', '2.sku']);
      expect((await post('/v1/partners/harbor-pine/items', { sku: 'HP-1001' })).status).toBe(400);
      const nobody = await post('/v1/partners/nobody/items', { buyerItem: 'X', sku: 'HP-1001' });
      expect(nobody.status).toBe(404);
      expect(((await nobody.json()) as ErrorAnswer).error.code).toBe('request.not_found');
      expect((await t.call('/v1/partners/nobody/items', { token: ADMIN })).status).toBe(404);
    });

    it("saves a partner's ship-to locations and replaces them by id", async () => {
      const saved = await post('/v1/partners/harbor-pine/locations', [
        {
          id: '0042',
          name: 'Store 42',
          address: { lines: ['12 Dock Road'], city: 'Portland', region: 'ME' },
          qualifier: '92',
        },
        { id: 'DC-1', name: 'East DC', address: { city: 'Albany', country: 'US' } },
      ]);
      expect(await saved.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });
      const again = await post('/v1/partners/harbor-pine/locations', [
        {
          id: '0042',
          name: 'Store 42',
          address: { lines: ['12 Dock Road'], city: 'Portland', region: 'ME' },
          qualifier: '92',
        },
        { id: 'DC-1', name: 'East DC (new)', address: { city: 'Albany', country: 'US' } },
      ]);
      expect(await again.json()).toEqual({ created: 0, updated: 1, unchanged: 1 });
      const { locations } = await get<{ locations: Record<string, unknown>[] }>(
        '/v1/partners/harbor-pine/locations',
      );
      expect(locations).toEqual([
        expect.objectContaining({
          id: '0042',
          qualifier: '92',
          address: { lines: ['12 Dock Road'], city: 'Portland', region: 'ME' },
        }),
        expect.objectContaining({
          id: 'DC-1',
          name: 'East DC (new)',
          address: { lines: [], city: 'Albany', country: 'US' },
        }),
      ]);
      expect(locations[1]).not.toHaveProperty('qualifier');
      expect((await post('/v1/partners/nobody/locations', { id: '1', name: 'x', address: {} })).status).toBe(
        404,
      );
    });

    it('replaces a price list whole, and refuses unknown SKUs, partners and falling tiers', async () => {
      const list = {
        id: 'hp-2026',
        currency: 'USD',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        partners: ['harbor-pine'],
        prices: [
          {
            sku: 'HP-1001',
            tiers: [
              { minQuantity: 1, unitPrice: '24.90' },
              { minQuantity: '48', unitPrice: 22.5 },
            ],
          },
          { sku: 'HP-1002', tiers: [{ minQuantity: '0', unitPrice: '9.50' }] },
        ],
      };
      const created = await post('/v1/price-lists', list);
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({
        id: 'hp-2026',
        partners: ['harbor-pine'],
        prices: [
          {
            sku: 'HP-1001',
            tiers: [
              { minQuantity: '1', unitPrice: '24.90' },
              { minQuantity: '48', unitPrice: '22.5' },
            ],
          },
          { sku: 'HP-1002' },
        ],
      });
      expect((await post('/v1/price-lists', list)).status).toBe(200);

      const replaced = await post('/v1/price-lists', {
        ...list,
        validTo: undefined,
        partners: [],
        prices: [{ sku: 'CSV-1', tiers: [{ minQuantity: '1', unitPrice: '3' }] }],
      });
      expect(replaced.status).toBe(200);
      const view = await get<{ partners: string[]; prices: { sku: string }[]; validTo?: string }>(
        '/v1/price-lists/hp-2026',
      );
      expect(view.partners).toEqual([]);
      expect(view.prices.map((p) => p.sku)).toEqual(['CSV-1']);
      expect(view).not.toHaveProperty('validTo');
      expect((await audits('price_list', 'hp-2026')).map((a) => a.action)).toEqual(['create', 'replace']);

      await post('/v1/price-lists', { ...list, id: 'cedar-only', partners: ['cedar-row'] });
      const { priceLists } = await get<{ priceLists: { id: string; skus: number }[] }>(
        '/v1/price-lists?partnerId=harbor-pine',
      );
      // harbor-pine's lists: the general one now, not cedar-row's
      expect(priceLists.map((l) => [l.id, l.skus])).toEqual([['hp-2026', 1]]);

      const unknown = await post('/v1/price-lists', {
        ...list,
        id: 'broken',
        prices: [...list.prices, { sku: 'GHOST', tiers: [{ minQuantity: '1', unitPrice: '1' }] }],
      });
      expect(unknown.status).toBe(422);
      expect(((await unknown.json()) as ErrorAnswer).error).toMatchObject({
        code: 'product.unknown_sku',
        details: [{ path: 'prices.2.sku' }],
      });
      const stranger = await post('/v1/price-lists', { ...list, id: 'broken', partners: ['nobody'] });
      expect(((await stranger.json()) as ErrorAnswer).error.code).toBe('product.unknown_partner');
      const falling = await post('/v1/price-lists', {
        ...list,
        id: 'broken',
        prices: [
          {
            sku: 'HP-1001',
            tiers: [
              { minQuantity: '10', unitPrice: '1' },
              { minQuantity: '5', unitPrice: '2' },
            ],
          },
        ],
      });
      expect(falling.status).toBe(400);
      expect(((await falling.json()) as ErrorAnswer).error.details!.map((d) => d.path)).toEqual([
        'prices.0.tiers.1.minQuantity',
      ]);
      expect((await t.call('/v1/price-lists/broken', { token: ADMIN })).status).toBe(404);
    });

    describe('payments and the balance', () => {
      /** An 810 as the invoice request stores it: an outbound document whose content is the Invoice. */
      const invoice = async (
        partnerId: string,
        invoiceNumber: string,
        invoiceDate: string,
        total: string,
        status = 'delivered',
      ) => {
        const content = JSON.stringify({
          invoiceNumber,
          orderId: `order-${invoiceNumber}`,
          invoiceDate,
          total,
        });
        await t.query(
          `insert into outbound_documents (id, type, partner_id, order_id, status, content)
           values ('doc-${invoiceNumber}', '810', '${partnerId}', 'order-${invoiceNumber}', '${status}', '${content}'::jsonb)`,
        );
      };
      type Balance = {
        currency: string;
        openBalance: string;
        creditLimit?: string;
        invoices: {
          invoiceNumber: string;
          dueDate: string;
          paid: string;
          open: string;
          daysOverdue: number;
        }[];
      };
      const pay = (partnerId: string, body: object) => post(`/v1/partners/${partnerId}/payments`, body);

      beforeAll(async () => {
        await invoice('cedar-row', 'INV-1', day(-45), '100.00');
        await invoice('cedar-row', 'INV-2', day(-20), '200.00');
        await invoice('cedar-row', 'INV-3', day(-2), '50.50');
        // no longer owed: cancelled before it went out, and one the partner rejected
        await invoice('cedar-row', 'INV-X', day(-60), '999.00', 'cancelled');
        await invoice('cedar-row', 'INV-R', day(-60), '999.00', 'rejected');
      });

      it('lists open invoices with due dates from the partner’s terms and days overdue', async () => {
        const balance = await get<Balance>('/v1/partners/cedar-row/balance');
        expect(balance).toMatchObject({ currency: 'USD', openBalance: '350.5', creditLimit: '5000' });
        // paymentTermsDays 14: due 31, 6 days ago and in 12 days
        expect(balance.invoices.map((i) => [i.invoiceNumber, i.dueDate, i.open, i.daysOverdue])).toEqual([
          ['INV-1', day(-31), '100', 31],
          ['INV-2', day(-6), '200', 6],
          ['INV-3', day(12), '50.5', 0],
        ]);
        expect((await t.call('/v1/partners/nobody/balance', { token: ADMIN })).status).toBe(404);
      });

      it('applies allocations first, then the rest to the oldest invoice', async () => {
        const res = await pay('cedar-row', {
          amount: '150',
          currency: 'USD',
          reference: 'REM-1',
          receivedAt: day(-1),
          allocations: [{ invoiceNumber: 'INV-3', amount: 50.5 }],
        });
        expect(res.status).toBe(201);
        expect(await res.json()).toMatchObject({ reference: 'REM-1', amount: '150', partnerId: 'cedar-row' });
        const balance = await get<Balance>('/v1/partners/cedar-row/balance');
        expect(balance.openBalance).toBe('200.5');
        // INV-3 paid by allocation; 99.50 left pays INV-1 (the oldest) and leaves 0.50 of it open
        expect(balance.invoices.map((i) => [i.invoiceNumber, i.paid, i.open])).toEqual([
          ['INV-1', '99.5', '0.5'],
          ['INV-2', '0', '200'],
        ]);
      });

      it('takes the same payment again as the recorded one, and refuses a changed one with 409', async () => {
        const body = {
          amount: '10.00',
          currency: 'USD',
          reference: 'REM-2',
          receivedAt: `${day(0)}T08:00:00Z`,
        };
        const first = await pay('cedar-row', body);
        expect(first.status).toBe(201);
        const recorded = (await first.json()) as { id: string };
        const again = await pay('cedar-row', { ...body, amount: 10, receivedAt: `${day(0)}T10:00:00+02:00` });
        expect(again.status).toBe(200);
        expect(((await again.json()) as { id: string }).id).toBe(recorded.id);
        const changed = await pay('cedar-row', { ...body, amount: '11' });
        expect(changed.status).toBe(409);
        expect(((await changed.json()) as ErrorAnswer).error.code).toBe('credit.payment_conflict');
        expect((await get<Balance>('/v1/partners/cedar-row/balance')).openBalance).toBe('190.5');
      });

      it('refuses allocations to unknown invoices, another currency, over-allocation, a stranger', async () => {
        const base = { amount: '10', currency: 'USD', reference: 'REM-9', receivedAt: day(0) };
        const unknown = await pay('cedar-row', {
          ...base,
          allocations: [{ invoiceNumber: 'INV-X', amount: '1' }],
        });
        expect(unknown.status).toBe(422);
        expect(((await unknown.json()) as ErrorAnswer).error).toMatchObject({
          code: 'credit.unknown_invoice',
          details: [{ path: 'allocations.0.invoiceNumber' }],
        });
        const euro = await pay('cedar-row', { ...base, currency: 'EUR' });
        expect(((await euro.json()) as ErrorAnswer).error.code).toBe('credit.currency_mismatch');
        const over = await pay('cedar-row', {
          ...base,
          allocations: [{ invoiceNumber: 'INV-2', amount: '11' }],
        });
        expect(over.status).toBe(400);
        expect((await pay('nobody', base)).status).toBe(404);
      });

      it('leaves credit as a negative balance when payments exceed the invoices', async () => {
        await invoice('harbor-pine', 'HP-INV-1', day(-40), '80');
        const res = await pay('harbor-pine', {
          amount: '100',
          currency: 'USD',
          reference: 'R',
          receivedAt: day(0),
        });
        expect(res.status).toBe(201);
        const balance = await get<Balance>('/v1/partners/harbor-pine/balance');
        expect(balance).toEqual({ currency: 'USD', openBalance: '-20', invoices: [] });
      });
    });

    it('sets stock on hand per SKU and warehouse, keeping reservations: available = on hand − reserved', async () => {
      const res = await send('PUT', '/v1/inventory', [
        { sku: 'HP-1001', warehouse: 'EAST', onHand: 100 },
        { sku: 'HP-1001', warehouse: 'WEST', onHand: '5' },
        { sku: 'HP-1002', warehouse: 'EAST', onHand: '0' },
      ]);
      expect(await res.json()).toEqual({ created: 3, updated: 0, unchanged: 0 });
      // an accepted order holds 30 in EAST
      await t.query(`update inventory set reserved = 30 where sku = 'HP-1001' and warehouse = 'EAST'`);
      const counted = await send('PUT', '/v1/inventory', [
        { sku: 'HP-1001', warehouse: 'EAST', onHand: '80' },
      ]);
      expect(await counted.json()).toEqual({ created: 0, updated: 1, unchanged: 0 });
      type Stock = {
        inventory: { warehouse: string; onHand: string; reserved: string; available: string }[];
        next?: string;
      };
      const { inventory } = await get<Stock>('/v1/inventory?sku=HP-1001');
      expect(inventory.map((i) => [i.warehouse, i.onHand, i.reserved, i.available])).toEqual([
        ['EAST', '80', '30', '50'],
        ['WEST', '5', '0', '5'],
      ]);
      const page = await get<Stock>('/v1/inventory?limit=2');
      expect(page.inventory).toHaveLength(2);
      const rest = await get<Stock>(`/v1/inventory?limit=2&after=${page.next}`);
      expect(rest.inventory).toHaveLength(1);
      expect(rest.next).toBeUndefined();

      const unknown = await send('PUT', '/v1/inventory', [
        { sku: 'HP-1001', warehouse: 'EAST', onHand: '1' },
        { sku: 'GHOST', warehouse: 'EAST', onHand: '1' },
      ]);
      expect(unknown.status).toBe(422);
      expect(((await unknown.json()) as ErrorAnswer).error).toMatchObject({
        code: 'product.unknown_sku',
        details: [{ path: '1.sku' }],
      });
      expect((await get<Stock>('/v1/inventory?sku=HP-1001')).inventory[0]!.onHand).toBe('80');
    });

    it('imports stock counts from a CSV file, naming bad rows', async () => {
      const csv = 'SKU;Warehouse;On hand\nHP-1002;EAST;12\nCSV-1;WEST;7,5\n';
      const res = await send('PUT', '/v1/inventory', csv, 'text/csv');
      expect(await res.json()).toEqual({ created: 1, updated: 1, unchanged: 0 });
      const bad = await send(
        'PUT',
        '/v1/inventory',
        'sku,warehouse,on hand\nHP-1002,EAST,-3\nGHOST,EAST,1\n',
        'text/csv',
      );
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as ErrorAnswer).error.details!.map((d) => [d.row, d.column])).toEqual([
        [2, 'on hand'],
      ]);
    });

    it('is for the admin only', async () => {
      const key = await t.createPartner({ id: 'curious', name: 'Curious' });
      for (const [method, path] of [
        ['GET', '/v1/products'],
        ['POST', '/v1/products'],
        ['GET', '/v1/price-lists'],
        ['PUT', '/v1/inventory'],
        ['GET', '/v1/partners/curious/balance'],
      ] as const) {
        expect((await t.call(path, { method, token: key })).status, `${method} ${path}`).toBe(403);
        expect((await t.call(path, { method })).status, `${method} ${path}`).toBe(401);
      }
    });

    it('imports 50,000 products in one JSON POST (multi-row statements, far below the bind limit)', async () => {
      const many = Array.from({ length: 50_000 }, (_, i) => ({
        sku: `BULK-${String(i).padStart(6, '0')}`,
        description: `Bulk item ${i}`,
        uom: 'EA',
        packSize: String((i % 12) + 1),
        moq: '1',
        ...(i % 2 === 0 ? { substitutes: ['HP-1001'] } : {}),
      }));
      const res = await post('/v1/products', many);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ created: 50_000, updated: 0, unchanged: 0 });
      const [count] = await t.query<{ n: number }>(
        `select count(*)::int as n from products where sku like 'BULK-%'`,
      );
      expect(count!.n).toBe(50_000);
      const [audited] = await t.query<{ n: number }>(
        `select count(*)::int as n from audit_events where entity_type = 'product' and entity_id like 'BULK-%'`,
      );
      expect(audited!.n).toBe(50_000);
      // sent again: nothing changes, nothing is written
      expect(await (await post('/v1/products', many)).json()).toEqual({
        created: 0,
        updated: 0,
        unchanged: 50_000,
      });
    }, 120_000);
  });
}
