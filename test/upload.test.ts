import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';

/**
 * The upload door (`POST /v1/inbound/upload`): a spreadsheet as multipart/form-data, previewed with
 * `dryRun=true` (nothing stored) or stored and decoded by the pipeline as channel `csv`, on a real gateway.
 */

const FIXTURES = 'test/fixtures/spreadsheets/';

/** The form a browser or `curl -F file=@orders.csv` sends. */
function form(file: string, fields: Record<string, string> = {}, type = 'text/csv'): FormData {
  const body = new FormData();
  body.set('file', new Blob([readFileSync(`${FIXTURES}${file}`)], { type }), file);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return body;
}

interface Preview {
  orders: { poNumber: string; partnerId: string; channel: string; lines: { quantity: string }[] }[];
  problems: {
    file?: string;
    row?: number;
    column?: string;
    code: string;
    severity: string;
    message: string;
  }[];
  mapping: { partnerId: string; version: number | 'default' };
}

for (const mode of gatewayModes()) {
  describe(`upload door (${mode.name})`, () => {
    let t: TestGateway;
    let partnerKey: string;
    beforeAll(async () => {
      t = await startTestGateway(mode);
      partnerKey = await t.createPartner({
        id: 'cedar-row',
        name: 'Cedar Row',
        settings: { badRows: 'accept-good-rows' },
      });
      await t.createPartner({ id: 'other-partner', name: 'Other' });
    });
    afterAll(async () => t?.close());

    const upload = (body: FormData, token: string, query = '') =>
      t.call(`/v1/inbound/upload${query}`, { method: 'POST', token, body });

    it('previews a file as the pipeline would read it and stores nothing', async () => {
      const before = await t.query<{ n: number }>('select count(*)::int as n from messages');
      const res = await upload(
        form('de_bestellung_semicolon_utf8_bom.csv', { partnerId: 'cedar-row' }),
        ADMIN,
        '?dryRun=true',
      );
      expect(res.status).toBe(200);
      const preview = (await res.json()) as Preview;
      expect(preview.mapping).toEqual({ partnerId: 'cedar-row', version: 'default' });
      expect(preview.orders.map((o) => [o.poNumber, o.partnerId, o.channel, o.lines.length])).toEqual([
        ['B-2026-118', 'cedar-row', 'csv', 3],
      ]);
      expect(preview.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(await t.query<{ n: number }>('select count(*)::int as n from messages')).toEqual(before);
    });

    it('names each bad row with its row number and column in the preview', async () => {
      const res = await upload(form('broken_bad_quantity.csv'), partnerKey, '?dryRun=true');
      const preview = (await res.json()) as Preview;
      const errors = preview.problems.filter((p) => p.severity === 'error');
      expect(errors.map((p) => [p.file, p.row, p.column, p.code])).toEqual([
        ['broken_bad_quantity.csv', 3, 'Qty', 'row.quantity_invalid'],
        ['broken_bad_quantity.csv', 4, 'Qty', 'row.quantity_invalid'],
      ]);
      // the partner takes good rows: the one good line is kept
      expect(preview.orders.flatMap((o) => o.lines)).toHaveLength(1);
    });

    it('stores an upload and the pipeline turns it into the partner’s order', async () => {
      const res = await upload(form('en_order_form_comma_utf8.csv'), partnerKey);
      expect(res.status).toBe(202);
      const { messageId } = (await res.json()) as { messageId: string };
      const view = await t.settled(messageId);
      expect(view.status).toBe('done');
      expect(view.partnerId).toBe('cedar-row');
      expect(view.orders.map((o) => o.poNumber)).toEqual(['4711-B']);
    });

    it('answers an unreadable file with the reason, a missing partner or file with 400, a stranger with 404', async () => {
      const xls = await upload(form('broken_legacy_excel97.xls', {}, 'application/vnd.ms-excel'), partnerKey);
      const { messageId } = (await xls.json()) as { messageId: string };
      const view = await t.settled(messageId);
      expect(view.status).toBe('rejected');
      expect(view.diagnostics.map((d) => d.code)).toEqual(['file.legacy_xls']);

      expect((await upload(form('en_order_form_comma_utf8.csv'), ADMIN)).status).toBe(400);
      const empty = new FormData();
      empty.set('partnerId', 'cedar-row');
      const noFile = await upload(empty, ADMIN);
      expect(noFile.status).toBe(400);
      expect(((await noFile.json()) as { error: { code: string } }).error.code).toBe('request.invalid');
      expect(
        (await upload(form('en_order_form_comma_utf8.csv', { partnerId: 'nobody' }), ADMIN)).status,
      ).toBe(404);
      expect(
        (await upload(form('en_order_form_comma_utf8.csv', { partnerId: 'other-partner' }), partnerKey))
          .status,
      ).toBe(403);
    });
  });
}
