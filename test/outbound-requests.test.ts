import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';

/**
 * Shipment and invoice requests are checked against the X12 elements their values become, with the partner's
 * own delimiters, before anything is stored; quantities and line numbers may come as JSON numbers.
 */

interface OrderBody {
  documents: { id: string; type: string; status: string; messageId: string | null }[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

const sscc = (n: number) => {
  const first17 = `0061414130${String(n).padStart(7, '0')}`;
  return `${first17}${ssccCheckDigit(first17)}`;
};

describe.each(gatewayModes())('shipment and invoice requests checked against X12 ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  let orderId: string;
  const post = (path: string, body: object) =>
    t.call(path, {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  const invoice = (id: string, body: object) => post(`/v1/orders/${id}/invoices`, body);
  const ship = (id: string, body: object) => post(`/v1/orders/${id}/shipments`, body);
  const encoded = (id: string, documentId: string) =>
    eventually(async () => {
      const found = (await t.json<OrderBody>(`/v1/orders/${id}`)).documents.find((d) => d.id === documentId);
      return found?.status === 'encoded' ? found : undefined;
    });

  beforeAll(async () => {
    t = await startTestGateway(mode);
    // the partner's guide: "|" between elements, "!" after segments, "^" between components
    key = await t.createPartner({
      id: 'bang-co',
      name: 'Bang',
      identifiers: [VALID_850_SENDER],
      settings: { x12Delimiters: { element: '|', segment: '!', component: '^' } },
    });
    orderId = (await t.deliver(withControl(VALID_850, 32001), key)).message.orders[0]!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  it("refuses an invoice number holding one of the partner's delimiters, naming it; the defaults are data", async () => {
    const res = await invoice(orderId, { invoiceNumber: 'INV!1', invoiceDate: '2026-03-12' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.details).toEqual([
      {
        path: 'invoiceNumber',
        message: expect.stringContaining(`holds "!", the partner's segment terminator`),
      },
    ]);
    // "*" and "~" are this partner's data, not its delimiters
    const star = await invoice(orderId, { invoiceNumber: 'INV*1~A', invoiceDate: '2026-03-12' });
    expect(star.status).toBe(202);
    const { documentId } = (await star.json()) as { documentId: string };
    const doc = await encoded(orderId, documentId);
    expect(await t.raw(doc.messageId!)).toContain('BIG|20260312|INV*1~A|20101127|PO-32001!');
    const docs = (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents.filter((d) => d.type === '810');
    expect(docs.map((d) => d.id)).toEqual([documentId]);
  });

  it('refuses values longer than their X12 element allows, listing each, and stores nothing', async () => {
    const longInvoice = await invoice(orderId, {
      invoiceNumber: 'I'.repeat(23),
      invoiceDate: '2026-03-12',
    });
    expect(longInvoice.status).toBe(400);
    expect(((await longInvoice.json()) as ErrorBody).error.details).toEqual([
      { path: 'invoiceNumber', message: '23 characters; X12 BIG02 (Invoice Number) allows at most 22' },
    ]);
    const res = await ship(orderId, {
      shipDate: '2026-03-14',
      carrier: { scac: 'UPSN1' },
      trackingNumber: '1'.repeat(5000),
      packs: [{ sscc: sscc(1), lines: [{ lineNumber: '1', quantity: '1' }] }],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.details).toEqual([
      { path: 'carrier.scac', message: '5 characters; X12 TD503 (SCAC) allows at most 4' },
      {
        path: 'trackingNumber',
        message: '5000 characters; X12 REF02 (Reference Identification) allows at most 30',
      },
    ]);
    const docs = (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents;
    expect(docs.filter((d) => d.type === '856')).toEqual([]);
  });

  it('takes line numbers, quantities and prices sent as JSON numbers, as the decimal strings they are', async () => {
    const orderId = (await t.deliver(withControl(VALID_850, 32003), key)).message.orders[0]!.id;
    const shipped = await ship(orderId, {
      shipDate: '2026-03-14',
      packs: [{ sscc: sscc(2), lines: [{ lineNumber: 1, quantity: 5 }] }],
    });
    expect(shipped.status).toBe(202);
    const shipment = await encoded(orderId, ((await shipped.json()) as { documentId: string }).documentId);
    expect(await t.raw(shipment.messageId!)).toContain('SN1|1|5|EA!');
    const billed = await invoice(orderId, {
      invoiceNumber: 'INV-NUM',
      invoiceDate: '2026-03-14',
      lines: [{ lineNumber: 1, quantity: 5, unitPrice: 9.1 }],
      allowancesCharges: [{ type: 'charge', code: 'D240', amount: 0.5 }],
      total: 46,
    });
    expect(billed.status).toBe(202);
    const { documentId, total } = (await billed.json()) as { documentId: string; total: string };
    expect(total).toBe('46.00');
    const x12 = await t.raw((await encoded(orderId, documentId)).messageId!);
    expect(x12).toMatch(/IT1\|1\|5\|EA\|9\.1[|!]/);
    expect(x12).toContain('TDS|4600!');

    // a number that cannot stand for one decimal exactly is refused, not rounded
    const imprecise = await ship(orderId, {
      shipDate: '2026-03-14',
      packs: [{ sscc: sscc(3), lines: [{ lineNumber: 1, quantity: 2 ** 53 + 2 }] }],
    });
    expect(imprecise.status).toBe(400);
    expect(((await imprecise.json()) as ErrorBody).error.details).toEqual([
      { path: 'packs.0.lines.0.quantity', message: expect.stringContaining('send it as a string') },
    ]);

    // and the published schema says both are accepted
    const doc = (await t.json<{ components: { schemas: Record<string, unknown> } }>('/openapi.json')) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const pack = doc.components.schemas.ShipmentRequest!.properties.packs as {
      items: {
        properties: { lines: { items: { properties: Record<string, { anyOf?: { type: string }[] }> } } };
      };
    };
    const line = pack.items.properties.lines.items.properties;
    for (const field of ['lineNumber', 'quantity'])
      expect(line[field]!.anyOf!.map((s) => s.type).sort()).toEqual(['number', 'string']);
  });
});
