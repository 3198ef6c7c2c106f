import { X12Parser } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface OrderBody {
  id: string;
  status: string;
  poNumber: string;
  order: { lines: unknown[] };
  documents: { id: string; type: string; status: string; messageId: string | null }[];
}

/** Orders over HTTP and the 810 an admin asks for: requested, encoded by the pipeline, pulled by the partner. */
describe.each(gatewayModes())('orders and invoices over HTTP ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  let orderId: string;
  const invoice = (id: string, body: object, token = ADMIN) =>
    t.call(`/v1/orders/${id}/invoices`, {
      method: 'POST',
      token,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await t.createPartner({ id: 'abc-co', name: 'ABC', identifiers: [VALID_850_SENDER] });
    const { message } = await t.deliver(withControl(VALID_850, 31001), key);
    orderId = message.orders[0]!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists and shows orders; a partner sees only its own', async () => {
    const mine = await t.json<{ orders: { id: string }[] }>('/v1/orders', { token: key });
    expect(mine.orders.map((o) => o.id)).toEqual([orderId]);
    const other = await t.createPartner({ id: 'other', name: 'Other', identifiers: [] });
    expect((await t.json<{ orders: unknown[] }>('/v1/orders', { token: other })).orders).toEqual([]);
    expect((await t.call(`/v1/orders/${orderId}`, { token: other })).status).toBe(404);
    const view = await t.json<OrderBody>(`/v1/orders/${orderId}`, { token: key });
    expect(view).toMatchObject({ id: orderId, status: 'accepted', poNumber: 'PO-31001' });
    expect(view.order.lines).toHaveLength(6);
  });

  it('invoices an accepted order from its number and date alone, as an 810 the partner can pull', async () => {
    const res = await invoice(orderId, { invoiceNumber: 'INV-1', invoiceDate: '2026-03-12' });
    expect(res.status).toBe(202);
    const { documentId, total } = (await res.json()) as { documentId: string; total: string };
    // the fixture's lines: 120 × 9.25 + 220 × 13.79 + … = its AMT*1 13045.94
    expect(total).toBe('13045.94');
    const doc = await eventually(async () => {
      const view = await t.json<OrderBody>(`/v1/orders/${orderId}`);
      const found = view.documents.find((d) => d.id === documentId);
      return found?.status === 'encoded' ? found : undefined;
    });
    const x12 = await (await t.call(`/v1/messages/${doc.messageId}/raw`, { token: key })).text();
    expect(() => new X12Parser(true).parse(x12)).not.toThrow();
    expect(x12).toMatch(/GS\*IN\*999999999\*4405197800\*/);
    expect(x12).toMatch(/BIG\*20260312\*INV-1\*20101127\*PO-31001~/);
    expect(x12).toMatch(/TDS\*1304594~/);
    const pulled = await t.json<{ messages: { id: string }[] }>('/v1/messages?direction=outbound&type=810', {
      token: key,
    });
    expect(pulled.messages.map((m) => m.id)).toEqual([doc.messageId]);
  });

  it('refuses invoices that do not fit, with the reason, and stores nothing', async () => {
    const before = (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents.length;
    const wrongTotal = await invoice(orderId, {
      invoiceNumber: 'INV-2',
      invoiceDate: '2026-03-12',
      total: '10.00',
    });
    expect(wrongTotal.status).toBe(422);
    expect(await wrongTotal.json()).toMatchObject({
      error: { code: 'invoice.total_mismatch', details: { expected: '13045.94' } },
    });
    const unknownLine = await invoice(orderId, {
      invoiceNumber: 'INV-3',
      invoiceDate: '2026-03-12',
      lines: [{ lineNumber: '99', quantity: '1' }],
    });
    expect(unknownLine.status).toBe(422);
    expect((await invoice(orderId, { invoiceNumber: 'INV-4' })).status).toBe(400);
    expect((await invoice(orderId, { invoiceNumber: 'INV-5', invoiceDate: '2026-03-12' }, key)).status).toBe(
      403,
    );
    expect(
      (await invoice('no-such-order', { invoiceNumber: 'INV-6', invoiceDate: '2026-03-12' })).status,
    ).toBe(404);
    expect((await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents).toHaveLength(before);
  });

  it('invoices only accepted orders', async () => {
    // the same PO again is held as a duplicate
    const { message } = await t.deliver(
      withControl(VALID_850, 31002).replace('*PO-31002*', '*PO-31001*'),
      key,
    );
    const held = message.orders[0]!;
    expect(held.status).toBe('held');
    const res = await invoice(held.id, { invoiceNumber: 'INV-7', invoiceDate: '2026-03-12' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'order_not_accepted' } });
  });
});
