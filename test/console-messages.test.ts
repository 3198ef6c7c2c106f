import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';
import { setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

/** Lines 1 and 5 of the five-line example at the list's prices: an order accepted as it is. */
const CLEAN = [{ ...FIVE_LINES.lines[0], unitPrice: '4.75' }, FIVE_LINES.lines[4]];

const sscc = (n: number) => {
  const first17 = `0061414110${String(n).padStart(7, '0')}`;
  return `${first17}${ssccCheckDigit(first17)}`;
};

/** The text of the `<pre class="x12">` block of a raw page. */
function x12Block(html: string): string {
  const start = html.indexOf('<pre class="x12">');
  expect(start, 'the X12 block').toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</pre>', start));
}

describe.each(gatewayModes())('messages in the console ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  let operator: ConsoleClient;
  let viewer: ConsoleClient;
  let messageId: string;
  let orderId: string;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await setUpFiveLinePartner(t);
    operator = await signInAs(t, 'operator');
    viewer = await signInAs(t, 'viewer');
    const delivered = await t.deliver(x12Order('PO-CONSOLE-MSG', CLEAN, 4321), key);
    messageId = delivered.id;
    orderId = delivered.message.orders[0]!.id;
    expect(delivered.message.orders[0]?.status).toBe('accepted');
    expect((await t.answers(messageId, 2)).sort()).toEqual(['855', '997']);
  }, 180_000);
  afterAll(() => t?.close());

  const list = async (query: string) => {
    const res = await viewer.get(`/admin/messages${query}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('lists the 850 and finds it by PO number, control number, partner, channel, status and day, and by nothing else', async () => {
    const link = `href="/admin/messages/${messageId}"`;
    expect(await list('')).toContain(link);
    expect(await list('?po=PO-CONSOLE-MSG')).toContain(link);
    expect(await list('?po=PO-NOBODY')).not.toContain(link);
    // ISA13 000004321, found with or without its leading zeros
    expect(await list('?control=4321')).toContain(link);
    expect(await list('?control=000004321')).toContain(link);
    expect(await list('?control=4322')).not.toContain(link);
    expect(await list(`?partner=${FIVE_LINES.partnerId}&channel=x12&status=done`)).toContain(link);
    expect(await list('?channel=email')).not.toContain(link);
    expect(await list('?status=failed')).not.toContain(link);
    const today = new Date().toISOString().slice(0, 10);
    expect(await list(`?since=${today}&until=${today}`)).toContain(link);
    expect(await list('?until=2020-01-01')).not.toContain(link);
    // a day that is none is said beside its field
    const bad = await viewer.get('/admin/messages?since=yesterday');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/id="f-since-error"[^>]*>a day as YYYY-MM-DD/);
  });

  it('pages by keyset: the next page starts after the last message shown', async () => {
    // the 850, its 997 and its 855 at least: one per page with the API's page size of one
    const first = await t.json<{ messages: { id: string }[] }>('/v1/messages?limit=2');
    const next = await t.json<{ messages: { id: string }[] }>(
      `/v1/messages?limit=2&after=${first.messages[1]!.id}`,
    );
    expect(next.messages.length).toBeGreaterThan(0);
    expect(next.messages.map((m) => m.id)).not.toContain(first.messages[0]!.id);
    expect(next.messages.map((m) => m.id)).not.toContain(first.messages[1]!.id);
    const byPo = await t.json<{ messages: { id: string }[] }>(
      '/v1/messages?poNumber=PO-CONSOLE-MSG&direction=inbound',
    );
    expect(byPo.messages.map((m) => m.id)).toEqual([messageId]);
  });

  it("shows the message's stages, its order, the 997 it got and the 855 sent about its order", async () => {
    const res = await viewer.get(`/admin/messages/${messageId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const stage of ['decode', 'validate', 'route']) expect(html).toContain(`<td>${stage}</td>`);
    expect(html).toContain(`href="/admin/orders/${orderId}"`);
    expect(html).toMatch(/<td>997<\/td>/);
    expect(html).toMatch(/<td>855 <span class="hint">requested/);
    // a viewer sees no replay or retry
    expect(html).not.toContain('/replay"');
  });

  it('shows the raw X12 one segment per line, each element named on hover', async () => {
    const res = await viewer.get(`/admin/messages/${messageId}/raw`);
    expect(res.status).toBe(200);
    const block = x12Block(await res.text());
    const lines = block.split('\n').filter((l) => l.includes('class="segment"'));
    // ISA GS ST BEG N1 PO1 PO1 CTT SE GE IEA
    expect(lines).toHaveLength(11);
    expect(block).toContain('<span title="BEG03 Purchase Order Number">PO-CONSOLE-MSG</span>');
    expect(block).toContain('<span title="ISA13 Interchange Control Number">000004321</span>');
    expect(block).toContain('<span title="PO102 Quantity Ordered">24</span>');
  });

  it("escapes a partner's markup in raw X12 and in a spreadsheet's cells, and marks the cell a finding names", async () => {
    const hostile = x12Order('PO-HOSTILE', CLEAN, 4400).replace(
      'N1*ST*STORE',
      'N1*ST*<script>alert(1)</script>',
    );
    const { id } = await t.deliver(hostile, key);
    const raw = await (await viewer.get(`/admin/messages/${id}/raw`)).text();
    expect(raw).not.toContain('<script>alert(1)</script>');
    expect(raw).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const form = new FormData();
    const csv =
      'SKU,Description,Qty,Unit price\nA-1,Widget,5,1.00\nA-2,Gadget,<img src=x onerror=alert(1)>,2.00\n';
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'hostile.csv');
    form.set('partnerId', FIVE_LINES.partnerId);
    const uploaded = await t.call('/v1/inbound/upload', { method: 'POST', token: ADMIN, body: form });
    expect(uploaded.status).toBe(202);
    const { messageId: sheetId } = (await uploaded.json()) as { messageId: string };
    await t.settled(sheetId);
    const page = await (await viewer.get(`/admin/messages/${sheetId}/raw`)).text();
    expect(page).not.toContain('<img src=x');
    // row 3, column Qty: the problem cell is marked by a word, not colour alone
    expect(page).toContain(
      '<td class="problem"><mark>&lt;img src=x onerror=alert(1)&gt;</mark> <span class="marker">(problem)</span></td>',
    );
  });

  it('shows an 856 as its HL tree', async () => {
    const shipped = await t.call(`/v1/orders/${orderId}/shipments`, {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({
        shipDate: '2026-03-14',
        carrier: { scac: 'UPSN' },
        packs: [{ sscc: sscc(77), lines: [{ lineNumber: '1', quantity: '24' }] }],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(shipped.status).toBe(202);
    const notice = await eventually(async () => {
      const order = await t.json<{ documents: { type: string; messageId: string | null }[] }>(
        `/v1/orders/${orderId}`,
      );
      return order.documents.find((d) => d.type === '856' && d.messageId)?.messageId ?? undefined;
    });
    const html = await (await viewer.get(`/admin/messages/${notice}/raw`)).text();
    const tree = html.slice(html.indexOf('<ul class="hl-tree">'));
    // S-O-P-I: shipment › order › pack › item, each nested in its parent's list
    expect(tree).toMatch(
      /^<ul class="hl-tree"><li>HL 1: shipment.*?<ul class="hl-tree"><li>HL 2: order.*?<ul class="hl-tree"><li>HL 3: pack.*?<ul class="hl-tree"><li>HL 4: item/s,
    );
    expect(tree).toContain('<span title="HL02 Hierarchical Parent ID Number">1</span>');
  });

  it('replays for an operator, refuses a viewer (403)', async () => {
    expect((await viewer.post(`/admin/messages/${messageId}/replay`)).status).toBe(403);
    expect((await viewer.post(`/admin/messages/${messageId}/retry`)).status).toBe(403);
    const page = await (await operator.get(`/admin/messages/${messageId}`)).text();
    expect(page).toContain(`action="/admin/messages/${messageId}/replay"`);
    const res = await operator.post(`/admin/messages/${messageId}/replay`);
    expect(res.status).toBe(303);
    const replay = res.headers.get('location')!.split('/').at(-1)!;
    expect(replay).not.toBe(messageId);
    const view = await t.settled(replay);
    expect(view.replayOf).toBe(messageId);
    const timeline = await (await operator.get(`/admin/messages/${messageId}`)).text();
    expect(timeline).toContain(`href="/admin/messages/${replay}"`);
  });
});
