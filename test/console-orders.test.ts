import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';
import { setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

const sscc = (n: number) => {
  const first17 = `0061414110${String(n).padStart(7, '0')}`;
  return `${first17}${ssccCheckDigit(first17)}`;
};

/** The HTML of the table row with `id`. */
function rowOf(html: string, id: string): string {
  const start = html.indexOf(`<tr id="${id}">`);
  expect(start, `row ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</tr>', start));
}

interface OrderBody {
  documents: { type: string; status: string; messageId: string | null }[];
}

describe.each(gatewayModes())('orders in the console ($name)', (mode) => {
  let t: TestGateway;
  let operator: ConsoleClient;
  let viewer: ConsoleClient;
  let orderId: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    // every finding of the five-line example settled by a policy: the price ours, the quantity rounded up to
    // the MOQ, the shortage backordered, the unknown item's line rejected; the order is accepted with changes
    key = await setUpFiveLinePartner(t, {
      priceMismatch: 'accept-ours',
      quantityRule: 'round-up',
      unknownItem: 'reject-line',
    });
    operator = await signInAs(t, 'operator');
    viewer = await signInAs(t, 'viewer');
    const { id, message } = await t.deliver(x12Order('PO-CONSOLE-ORD', FIVE_LINES.lines, 5001), key);
    expect(message.orders[0]?.status).toBe('accepted');
    orderId = message.orders[0]!.id;
    await t.answers(id, 2);
  }, 180_000);
  afterAll(() => t?.close());

  it('lists the order with filters and shows each line as decided', async () => {
    const link = `href="/admin/orders/${orderId}"`;
    const all = await viewer.get('/admin/orders');
    expect(all.status).toBe(200);
    expect(await all.text()).toContain(link);
    const today = new Date().toISOString().slice(0, 10);
    const found = await viewer.get(
      `/admin/orders?partner=${FIVE_LINES.partnerId}&status=accepted&channel=x12&since=${today}`,
    );
    expect(await found.text()).toContain(link);
    for (const other of ['status=held', 'channel=email', 'partner=nobody', 'since=2999-01-01'])
      expect(await (await viewer.get(`/admin/orders?${other}`)).text()).not.toContain(link);

    const page = await viewer.get(`/admin/orders/${orderId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(rowOf(html, 'line-1')).toContain('>changed<'); // price changed to the list's
    expect(rowOf(html, 'line-2')).toContain('>changed<'); // rounded up to the MOQ
    expect(rowOf(html, 'line-3')).toContain('>backordered<');
    expect(rowOf(html, 'line-4')).toContain('>rejected<');
    expect(rowOf(html, 'line-5')).toContain('>accepted<');
    // the 855 sent, and the way back to the message it came in
    expect(html).toMatch(/<td>855<\/td>/);
    expect(html).toContain('href="/admin/messages/');
    // a viewer gets no shipment form, and the server refuses it one
    expect(html).not.toContain(`/admin/orders/${orderId}/ship"`);
    expect((await viewer.get(`/admin/orders/${orderId}/ship`)).status).toBe(403);
    expect((await viewer.post(`/admin/orders/${orderId}/shipments`, {})).status).toBe(403);
  });

  it('pages newest first by keyset: the page after the newest order holds the one before it', async () => {
    const { message } = await t.deliver(x12Order('PO-CONSOLE-ORD-2', [FIVE_LINES.lines[4]], 5002), key);
    const newest = message.orders[0]!.id;
    const first = await t.json<{ orders: { id: string }[] }>('/v1/orders?limit=1');
    expect(first.orders.map((o) => o.id)).toEqual([newest]);
    const next = await t.json<{ orders: { id: string }[] }>(`/v1/orders?limit=1&after=${newest}`);
    expect(next.orders.map((o) => o.id)).toEqual([orderId]);
    const page = await (await viewer.get(`/admin/orders?after=${newest}`)).text();
    expect(page).toContain(`href="/admin/orders/${orderId}"`);
    expect(page).not.toContain(`href="/admin/orders/${newest}"`);
  });

  it('shows form errors beside their fields, then records a shipment by form: the 856 is requested and the lines shipped', async () => {
    const form = await operator.get(`/admin/orders/${orderId}/ship`);
    expect(form.status).toBe(200);
    const html = await form.text();
    // lines numbered in the form as on the order, each with what is left to ship (line 5: 100)
    expect(html).toMatch(/name="packs\.0\.lines\.4\.quantity"[^>]*value="100"/);

    const fields = {
      shipDate: '2026-03-14',
      'carrier.scac': 'UPSN',
      trackingNumber: '1Z999',
      'packs.0.sscc': '123',
      'packs.0.lines.0.lineNumber': '1',
      'packs.0.lines.0.quantity': '24',
      'packs.0.lines.4.lineNumber': '5',
      'packs.0.lines.4.quantity': 'many',
    };
    const refused = await operator.post(`/admin/orders/${orderId}/shipments`, fields);
    expect(refused.status).toBe(422);
    const errors = await refused.text();
    expect(errors).toMatch(/id="f-packs-0-sscc-error">must be an 18-digit SSCC/);
    // line 5's quantity is the second line sent, shown beside the fifth field where it was typed
    expect(errors).toMatch(/id="f-packs-0-lines-4-quantity-error">must be a non-negative decimal/);
    expect(errors).toContain('value="many"');

    // more than was ordered: the service's refusal is said on top of the form
    const over = await operator.post(`/admin/orders/${orderId}/shipments`, {
      ...fields,
      'packs.0.sscc': sscc(5),
      'packs.0.lines.4.quantity': '101',
    });
    expect(over.status).toBe(422);
    expect(await over.text()).toMatch(/role="alert"[\s\S]*more shipped than ordered/);

    const done = await operator.post(`/admin/orders/${orderId}/shipments`, {
      ...fields,
      'packs.0.sscc': sscc(6),
      'packs.0.lines.4.quantity': '100',
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/admin/orders/${orderId}?done=shipment`);
    await eventually(async () => {
      const order = await t.json<OrderBody>(`/v1/orders/${orderId}`);
      return order.documents.some((d) => d.type === '856' && d.messageId) ? true : undefined;
    });
    const after = await (await operator.get(`/admin/orders/${orderId}`)).text();
    expect(rowOf(after, 'line-1')).toContain('>shipped<');
    expect(rowOf(after, 'line-5')).toContain('>shipped<');
    expect(rowOf(after, 'line-3')).toContain('>backordered<');
    expect(after).toMatch(/<td>856<\/td>/);
  });

  it('records an invoice by form; a missing number is said beside its field', async () => {
    const fields = { invoiceNumber: 'INV-CONSOLE-1', invoiceDate: '2026-03-15' };
    const done = await operator.post(`/admin/orders/${orderId}/invoices`, fields);
    expect(done.status).toBe(303);
    await eventually(async () => {
      const order = await t.json<OrderBody>(`/v1/orders/${orderId}`);
      return order.documents.some((d) => d.type === '810' && d.messageId) ? true : undefined;
    });
    const page = await (await operator.get(`/admin/orders/${orderId}`)).text();
    expect(rowOf(page, 'line-5')).toContain('>invoiced<');
    const missing = await operator.post(`/admin/orders/${orderId}/invoices`, { invoiceDate: '2026-03-15' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toMatch(/id="f-invoiceNumber-error">/);
  });
});
