import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { type PortalClient, signInAsPartnerUser } from './support/portal-client.ts';
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
  documents: { id: string; type: string; status: string; messageId: string | null }[];
}

describe.each(gatewayModes())('orders and documents in the portal ($name)', (mode) => {
  let t: TestGateway;
  let buyer: PortalClient;
  let orderId: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await setUpFiveLinePartner(t, {
      priceMismatch: 'accept-ours',
      quantityRule: 'round-up',
      unknownItem: 'reject-line',
    });
    buyer = await signInAsPartnerUser(t, FIVE_LINES.partnerId);
    const { id, message } = await t.deliver(x12Order('PO-PORTAL-1', FIVE_LINES.lines, 7001), key);
    orderId = message.orders[0]!.id;
    await t.answers(id, 2);
    const shipped = await t.call(`/v1/orders/${orderId}/shipments`, {
      method: 'POST',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        shipDate: '2026-03-14',
        carrier: { scac: 'UPSN' },
        trackingNumber: '1Z999AA10123456784',
        packs: [{ sscc: sscc(71), lines: [{ lineNumber: '5', quantity: '100' }] }],
      }),
    });
    expect(shipped.status, await shipped.clone().text()).toBe(202);
    await eventually(async () => {
      const order = await t.json<OrderBody>(`/v1/orders/${orderId}`);
      return order.documents.some((d) => d.type === '856' && d.messageId) ? true : undefined;
    });
  }, 180_000);
  afterAll(() => t?.close());

  it('lists the partner’s orders and shows each line as decided, shipped with carrier and tracking', async () => {
    const list = await buyer.get('/portal/orders');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`href="/portal/orders/${orderId}"`);
    const page = await buyer.get(`/portal/orders/${orderId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(rowOf(html, 'line-1')).toContain('>changed<');
    expect(rowOf(html, 'line-2')).toContain('>changed<');
    expect(rowOf(html, 'line-3')).toContain('>backordered<');
    expect(rowOf(html, 'line-4')).toContain('>rejected<');
    expect(rowOf(html, 'line-5')).toContain('>shipped<');
    expect(html).toContain('UPSN');
    expect(html).toContain('1Z999AA10123456784');
    expect(html).toContain('Order confirmation');
    expect(html).toContain('Ship notice');
  });

  it('downloads the confirmation, ship notice and invoice as PDF', async () => {
    const order = await t.json<OrderBody>(`/v1/orders/${orderId}`);
    for (const type of ['855', '856']) {
      const doc = order.documents.find((d) => d.type === type)!;
      const res = await buyer.get(`/portal/documents/${doc.id}/pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
      // the same bytes the admin API serves (document-files.ts)
      const admin = await t.call(`/v1/documents/${doc.id}/pdf`, { token: ADMIN });
      expect(new Uint8Array(await admin.arrayBuffer())).toEqual(bytes);
    }
  });

  it('downloads the confirmation and the ship notice as CSV', async () => {
    const order = await t.json<OrderBody>(`/v1/orders/${orderId}`);
    for (const type of ['855', '856']) {
      const doc = order.documents.find((d) => d.type === type)!;
      const res = await buyer.get(`/portal/documents/${doc.id}/csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="${type}-`));
      const text = await res.text();
      expect(text).toContain(type === '855' ? 'PO-PORTAL-1' : '1Z999AA10123456784');
    }
  });

  it('shows open invoices with due dates and the balance after a payment', async () => {
    const invoiced = await t.call(`/v1/orders/${orderId}/invoices`, {
      method: 'POST',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invoiceNumber: 'INV-PORTAL-1', invoiceDate: '2026-03-15' }),
    });
    expect(invoiced.status, await invoiced.clone().text()).toBe(202);
    const balance = await eventually(async () => {
      const b = await t.json<{ invoices: { invoiceNumber: string; total: string; dueDate: string }[] }>(
        `/v1/partners/${FIVE_LINES.partnerId}/balance`,
      );
      return b.invoices.length > 0 ? b : undefined;
    });
    const invoice = balance.invoices[0]!;
    const paid = await t.call(`/v1/partners/${FIVE_LINES.partnerId}/payments`, {
      method: 'POST',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: '10.00',
        currency: 'USD',
        reference: 'REM-1',
        receivedAt: '2026-03-20',
      }),
    });
    expect(paid.status, await paid.clone().text()).toBe(201);
    const html = await (await buyer.get('/portal/invoices')).text();
    const row = rowOf(html, 'invoice-INV-PORTAL-1');
    expect(row).toContain(invoice.dueDate);
    expect(row).toContain('days overdue');
    expect(row).toContain(invoice.total);
    expect(row).toMatch(/class="num">10<\/td><td class="num">15</);
    expect(html).toContain('REM-1');
    expect(row).toMatch(/href="\/portal\/documents\/[^"]+\/pdf"/);
    const csv = /href="(\/portal\/documents\/[^"]+\/csv)"/.exec(row)![1]!;
    const file = await buyer.get(csv);
    expect(file.status).toBe(200);
    expect(await file.text()).toContain('INV-PORTAL-1');
  });

  it('refuses a change once shipped; changes and cancels an unshipped order as an 860 would', async () => {
    const shipped = await buyer.get(`/portal/orders/${orderId}/change`);
    expect(shipped.status).toBe(409);
    expect(await shipped.text()).toContain('part of the order is shipped');
    expect((await buyer.post(`/portal/orders/${orderId}/change`, { cancel: 'yes' })).status).toBe(409);

    const { id, message } = await t.deliver(x12Order('PO-PORTAL-2', [FIVE_LINES.lines[4]!], 7002), key);
    const second = message.orders[0]!.id;
    await t.answers(id, 2);
    const page = await (await buyer.get(`/portal/orders/${second}`)).text();
    expect(page).toContain(`href="/portal/orders/${second}/change"`);
    const bad = await buyer.post(`/portal/orders/${second}/change`, { 'lines.5.quantity': 'lots' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/id="f-lines-5-quantity-error">must be a quantity/);
    const changed = await buyer.post(`/portal/orders/${second}/change`, { 'lines.5.quantity': '60' });
    expect(changed.status).toBe(303);
    // stored raw as a portal message, applied to the order by the route stage
    const [stored] = await t.query<{ id: string }>(
      "select id from messages where channel = 'portal' order by received_at desc limit 1",
    );
    await t.settled(stored!.id);
    await eventually(async () => {
      const order = await t.json<{ order: { lines: { quantity: string }[] } }>(`/v1/orders/${second}`);
      return order.order.lines[0]?.quantity === '60' ? true : undefined;
    });
    expect(rowOf(await (await buyer.get(`/portal/orders/${second}`)).text(), 'line-5')).toContain('60 EA');
    expect((await buyer.post(`/portal/orders/${second}/change`, { cancel: 'yes' })).status).toBe(303);
    await eventually(async () => {
      const order = await t.json<{ status: string }>(`/v1/orders/${second}`);
      return order.status === 'cancelled' ? true : undefined;
    });
  });
});
