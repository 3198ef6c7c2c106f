import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

/** Line 1 of the five-line example alone: 24 widgets at 4.50 where the list says 4.75 (a price.mismatch). */
const MISPRICED = [FIVE_LINES.lines[0]];

interface ExceptionBody {
  id: string;
  type: string;
  orderId: string;
  messageId: string;
  owner: string | null;
  status: string;
}

/** A form with repeated fields (the inbox's checkboxes), posted as the browser would. */
function postFields(t: TestGateway, client: ConsoleClient, path: string, fields: [string, string][]) {
  return fetch(`${t.gateway.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams([['_csrf', client.csrf], ...fields]),
    headers: { cookie: client.cookie },
    redirect: 'manual',
  });
}

/** The HTML of the table row with `id` (a line of the exception page). */
function rowOf(html: string, id: string): string {
  const start = html.indexOf(`<tr id="${id}">`);
  expect(start, `row ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</tr>', start));
}

describe.each(gatewayModes())('the exceptions inbox in the console ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  let operator: ConsoleClient;
  let viewer: ConsoleClient;

  /** Delivers a mispriced order and returns its open exception. */
  async function mispriced(po: string, control: number): Promise<ExceptionBody> {
    const { id, message } = await t.deliver(x12Order(po, MISPRICED, control), key);
    expect(message.orders[0]?.status).toBe('held');
    const { exceptions } = await t.json<{ exceptions: ExceptionBody[] }>(
      `/v1/exceptions?partnerId=${FIVE_LINES.partnerId}&status=open`,
    );
    const held = exceptions.find((e) => e.messageId === id);
    expect(held).toBeDefined();
    return held!;
  }

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await setUpFiveLinePartner(t, { responseDeadlineHours: 24 });
    operator = await signInAs(t, 'operator');
    viewer = await signInAs(t, 'viewer');
  }, 60_000);
  afterAll(() => t?.close());

  it("lists a mispriced order's exception, filters it, shows the finding on its line and resolves it by form: the 855 follows", async () => {
    const held = await mispriced('PO-PRICE-1', 701);
    const link = `/admin/exceptions/${held.id}`;

    // filters: by type and partner it is there; by another type, or overdue, it is not
    const byType = await operator.get(`/admin/exceptions?type=price&partner=${FIVE_LINES.partnerId}`);
    expect(byType.status).toBe(200);
    expect(await byType.text()).toContain(`href="${link}"`);
    expect(await (await operator.get('/admin/exceptions?type=credit')).text()).not.toContain(link);
    expect(await (await operator.get('/admin/exceptions?partner=nobody')).text()).not.toContain(link);
    expect(await (await operator.get('/admin/exceptions?overdue=1')).text()).not.toContain(link);

    // its page: line 1 carries the finding with what we expect and what the order has, beside its PO1
    const page = await operator.get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    const line = rowOf(html, 'line-1');
    expect(line).toContain('price.mismatch');
    expect(line).toMatch(/<dt>Expected<\/dt><dd>4\.75<\/dd>/);
    expect(line).toMatch(/<dt>Found<\/dt><dd>4\.50<\/dd>/);
    expect(line).toContain('PO1*1*24*EA*4.50');
    // the form proposes our price for the line
    expect(html).toMatch(/name="lines\.0\.unitPrice" value="4\.75"/);
    expect(html).toContain(`href="/admin/messages/${held.messageId}"`);

    // a price that is no number is refused beside its field, and nothing is decided
    const bad = await operator.post(`${link}/resolve`, {
      action: 'accept',
      'lines.0.lineNumber': '1',
      'lines.0.unitPrice': 'four',
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/id="f-lines-0-unitPrice-error"/);
    // a substitute that is none of our products: the service refuses it, shown beside the line's SKU field
    const unknownSku = await operator.post(`${link}/resolve`, {
      action: 'accept',
      'lines.0.lineNumber': '1',
      'lines.0.sku': 'NO-SUCH-SKU',
    });
    expect(unknownSku.status).toBe(422);
    expect(await unknownSku.text()).toMatch(/id="f-lines-0-sku-error">NO-SUCH-SKU is none of our products</);
    expect((await t.json<ExceptionBody>(`/v1/exceptions/${held.id}`)).status).toBe('open');

    // resolved by the operator at our price: the order goes on and its 855 is produced for the message
    const resolved = await operator.post(`${link}/resolve`, {
      action: 'accept',
      'lines.0.lineNumber': '1',
      'lines.0.unitPrice': '4.75',
    });
    expect(resolved.status).toBe(303);
    expect(resolved.headers.get('location')).toBe(link);
    const after = await (await operator.get(link)).text();
    expect(after).toContain(`Resolved by ${operator.email}`);
    expect(after).toContain('Decided: accepted; line 1: unit price 4.75');
    expect(after).toContain('the order is accepted');
    expect(after).not.toContain(`action="${link}/resolve"`);
    expect((await t.json<{ status: string }>(`/v1/orders/${held.orderId}`)).status).toBe('accepted');
    expect((await t.answers(held.messageId, 2)).sort()).toEqual(['855', '997']);

    // once resolved, deciding again is refused
    const again = await operator.post(`${link}/resolve`, { action: 'accept' });
    expect(again.status).toBe(409);
  }, 90_000);

  it('puts the overdue first and finds them with overdue=1', async () => {
    const later = await mispriced('PO-PRICE-2', 702);
    const late = await mispriced('PO-PRICE-3', 703);
    await t.query(`update exceptions set due_at = now() - interval '1 hour' where id = '${late.id}'`);
    const html = await (await operator.get(`/admin/exceptions?partner=${FIVE_LINES.partnerId}`)).text();
    expect(html.indexOf(late.id)).toBeGreaterThan(0);
    expect(html.indexOf(late.id)).toBeLessThan(html.indexOf(later.id));
    const overdue = await (await operator.get('/admin/exceptions?overdue=1')).text();
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(later.id);
  }, 60_000);

  it('refuses a viewer every change (403) and shows it no form', async () => {
    const held = await mispriced('PO-PRICE-4', 704);
    const link = `/admin/exceptions/${held.id}`;
    const page = await (await viewer.get(link)).text();
    expect(page).not.toContain(`action="${link}/resolve"`);
    const inbox = await viewer.get('/admin/exceptions');
    expect(inbox.status).toBe(200);
    const list = await inbox.text();
    expect(list).toContain(link);
    expect(list).not.toContain('action="/admin/exceptions/bulk"');
    expect(list).not.toContain('name="ids"');
    expect((await viewer.post(`${link}/resolve`, { action: 'accept' })).status).toBe(403);
    expect((await viewer.post(`${link}/assign`, { owner: 'me@supplier.example' })).status).toBe(403);
    const bulk = await postFields(t, viewer, '/admin/exceptions/bulk', [
      ['ids', held.id],
      ['bulk', 'reject'],
    ]);
    expect(bulk.status).toBe(403);
    expect((await t.json<ExceptionBody>(`/v1/exceptions/${held.id}`)).status).toBe('open');
  }, 60_000);

  it('assigns two exceptions at once, then accepts both as their findings propose', async () => {
    const a = await mispriced('PO-PRICE-5', 705);
    const b = await mispriced('PO-PRICE-6', 706);
    const assigned = await postFields(t, operator, '/admin/exceptions/bulk', [
      ['ids', a.id],
      ['ids', b.id],
      ['bulk', 'assign'],
      ['assignee', 'anna@supplier.example'],
      ['view.type', 'price'],
    ]);
    expect(assigned.status).toBe(200);
    expect(await assigned.text()).toContain('2 of 2 done');
    for (const e of [a, b])
      expect((await t.json<ExceptionBody>(`/v1/exceptions/${e.id}`)).owner).toBe('anna@supplier.example');
    // every open exception of a page can come chosen, without script
    const chosen = await (await operator.get('/admin/exceptions?type=price&pick=all')).text();
    expect(chosen).toMatch(new RegExp(`name="ids" value="${a.id}" checked=""`));
    expect(chosen).toContain('>Choose none</a>');
    const mine = await (await operator.get('/admin/exceptions?owner=anna%40supplier.example')).text();
    expect(mine).toContain(a.id);
    expect(mine).toContain(b.id);

    // no owner: refused beside the field
    const noOwner = await postFields(t, operator, '/admin/exceptions/bulk', [
      ['ids', a.id],
      ['bulk', 'assign'],
      ['assignee', ''],
    ]);
    expect(noOwner.status).toBe(422);
    expect(await noOwner.text()).toContain('id="f-assignee-error"');

    const accepted = await postFields(t, operator, '/admin/exceptions/bulk', [
      ['ids', a.id],
      ['ids', b.id],
      ['bulk', 'accept-proposed'],
    ]);
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toContain('2 of 2 done');
    for (const e of [a, b]) {
      expect((await t.json<{ status: string }>(`/v1/orders/${e.orderId}`)).status).toBe('accepted');
      expect((await t.answers(e.messageId, 2)).sort()).toEqual(['855', '997']);
    }
  }, 90_000);

  it('decides one type at a time in bulk, and leaves open what its findings propose nothing for', async () => {
    const priced = await mispriced('PO-PRICE-7', 707);
    // line 4 of the example alone: an item nobody knows (type item)
    const { id } = await t.deliver(x12Order('PO-UNKNOWN-1', [FIVE_LINES.lines[3]], 708), key);
    const { exceptions } = await t.json<{ exceptions: ExceptionBody[] }>(
      '/v1/exceptions?type=item&status=open',
    );
    const unknown = exceptions.find((e) => e.messageId === id)!;
    expect(unknown.type).toBe('item');

    const mixed = await postFields(t, operator, '/admin/exceptions/bulk', [
      ['ids', priced.id],
      ['ids', unknown.id],
      ['bulk', 'reject'],
    ]);
    expect(mixed.status).toBe(422);
    expect(await mixed.text()).toContain('choose exceptions of one type (filter the inbox by type)');
    for (const e of [priced, unknown])
      expect((await t.json<ExceptionBody>(`/v1/exceptions/${e.id}`)).status).toBe('open');

    const proposed = await postFields(t, operator, '/admin/exceptions/bulk', [
      ['ids', unknown.id],
      ['bulk', 'accept-proposed'],
    ]);
    expect(proposed.status).toBe(200);
    const text = await proposed.text();
    expect(text).toContain('0 of 1 done');
    expect(text).toContain('line 4 item.unknown proposes nothing');
    expect((await t.json<ExceptionBody>(`/v1/exceptions/${unknown.id}`)).status).toBe('open');
  }, 60_000);
});
