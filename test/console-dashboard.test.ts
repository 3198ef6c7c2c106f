import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../src/pipeline/dispatch/outbox.ts';
import { receiveMessage } from '../src/pipeline/intake/receive.ts';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { dashboardFigures, startOfDay } from '../src/services/dashboard/figures.ts';
import { type ConsoleClient, signInAs } from './support/console-client.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';
import { setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

/** Line 5 of the five-line example: everything right, so the order is accepted. */
const GOOD = [FIVE_LINES.lines[4]];
/** Line 1 alone: 4.50 where the list says 4.75, so the order is held with a price exception. */
const MISPRICED = [FIVE_LINES.lines[0]];
const PARTNER = FIVE_LINES.partnerId;

/** A URL as it stands in an HTML attribute. */
const attr = (url: string) => url.replaceAll('&', '&amp;');

/** The dashboard's link to orders since the day of `since` with `query`. */
const ordersLink = (query: Record<string, string>, since: Date) =>
  `/admin/orders?${new URLSearchParams({ ...query, since: since.toISOString().slice(0, 10) })}`;

/** The row of the jobs table with this job. */
function jobRow(html: string, id: string): string {
  const at = html.indexOf(`<code>${id}</code>`);
  expect(at, `row of ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(html.lastIndexOf('<tr>', at), html.indexOf('</tr>', at));
}

describe.each(gatewayModes())('the console dashboard and dead letters ($name)', (mode) => {
  let t: TestGateway;
  let operator: ConsoleClient;
  let viewer: ConsoleClient;
  /** The message no decoder takes: its decode job failed, and a later stage of it is parked dead. */
  let stranded: string;
  let heldOrder: string;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    const key = await setUpFiveLinePartner(t);
    operator = await signInAs(t, 'operator');
    viewer = await signInAs(t, 'viewer');

    // real traffic: two orders accepted (each answered with a 997 and an 855), one held for its price
    for (const [po, control] of [
      ['PO-DASH-1', 801],
      ['PO-DASH-2', 802],
    ] as const) {
      const { id, message } = await t.deliver(x12Order(po, GOOD, control), key);
      expect(message.orders[0]?.status).toBe('accepted');
      expect((await t.answers(id, 2)).sort()).toEqual(['855', '997']);
    }
    const held = await t.deliver(x12Order('PO-DASH-3', MISPRICED, 803), key);
    expect(held.message.orders[0]?.status).toBe('held');
    heldOrder = held.message.orders[0]!.id;

    // a day later: the partner never acknowledged the first 855, and the price exception passed its deadline
    await t.query(`update outbound_documents set created_at = now() - interval '25 hours'
                    where type = '855' and order_id = (select id from orders where po_number = 'PO-DASH-1')`);
    await t.query(`update exceptions set due_at = now() - interval '1 hour' where order_id = '${heldOrder}'`);

    // a message no decoder takes (no cXML connector): its decode job fails for good
    const db = t.gateway.database.db;
    ({ messageId: stranded } = await receiveMessage(db, {
      channel: 'cxml',
      bytes: new TextEncoder().encode('<cXML><Request><OrderRequest/></Request></cXML>'),
      partnerId: PARTNER,
      actor: `partner:${PARTNER}`,
    }));
    t.gateway.dispatcher.notify();
    await eventually(async () => {
      const [job] = await t.query<{ status: string }>(
        `select status from jobs where id = 'decode.${stranded}'`,
      );
      return job?.status === 'failed' ? true : undefined;
    });
    // a dead letter (retries used up, as test/dispatch.test.ts makes them), parked out of the dispatcher's
    // reach first; and a job waiting for its retry in an hour, the queue's depth
    const later = new Date(Date.now() + 3_600_000);
    await db.transaction(async (tx) => {
      await enqueueJob(tx, 'validate', stranded, { runAfter: later });
      await enqueueJob(tx, 'notify', 'dashboard-waiting', { runAfter: later });
    });
    await db.execute(
      sql`update jobs set status = 'dead', attempts = 8, last_error = '{"kind":"transient","code":"gateway.internal","message":"the database went away"}'
           where id = ${`validate.${stranded}`}`,
    );
  }, 120_000);
  afterAll(() => t?.close());

  it("counts today's orders, decisions, exceptions, overdue acknowledgments, dead letters and queues", async () => {
    const f = await dashboardFigures(t.gateway.database.db);
    expect(f.orders.today).toBe(3);
    expect(f.orders.week).toBe(3);
    expect(f.orders.days.map((d) => d.count)).toEqual([0, 0, 0, 0, 0, 0, 3]);
    expect(f.orders.todayByChannel).toEqual([{ key: 'x12', label: 'x12', count: 3 }]);
    expect(f.orders.weekByPartner).toEqual({
      top: [{ key: PARTNER, label: 'Harbor & Pine', count: 3 }],
      others: 0,
    });
    expect(f.acceptance).toEqual({ accepted: 2, rejected: 0, held: 1, rate: 1 });
    // the held order's price exception, past its deadline, and the one the failed decode job raised
    expect(f.exceptions).toEqual({
      open: 2,
      overdue: 1,
      byType: [
        { key: 'other', label: 'other', count: 1, overdue: 0 },
        { key: 'price', label: 'price', count: 1, overdue: 1 },
      ],
    });
    expect(f.overdueAcks).toEqual({
      total: 1,
      byPartner: [{ key: PARTNER, label: 'Harbor & Pine', count: 1 }],
    });
    expect(f.stopped.dead).toBe(1);
    expect(f.stopped.deadByStage).toEqual([{ key: 'validate', label: 'validate', count: 1 }]);
    expect(f.stopped.failedByStage).toEqual([{ key: 'decode', label: 'decode', count: 1 }]);
    expect(f.queues).toContainEqual({ key: 'notify', label: 'notify', count: 1, later: 1 });
  });

  it('draws them as charts for every role, each bar and figure linking to the list it counts', async () => {
    const today = startOfDay(new Date());
    const res = await viewer.get('/admin');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Dashboard</h1>');
    expect(html).toContain('aria-current="page">Dashboard</a>');

    // orders: the figure, the channel and partner bars, the day's column, the decisions
    expect(html).toContain(`<a href="${attr(ordersLink({}, today))}">3 orders</a>`);
    expect(html).toContain(
      `<a href="${attr(ordersLink({ channel: 'x12' }, today))}" aria-label="x12: 3 orders today">`,
    );
    expect(html).toContain(
      `<a href="${attr(ordersLink({ partner: PARTNER }, today))}" aria-label="Harbor &amp; Pine: 3 orders today">`,
    );
    // today's column: the orders of that one day (until is a day, included, as the messages list takes it)
    const day = today.toISOString().slice(0, 10);
    expect(html).toContain(`<a href="${attr(`/admin/orders?since=${day}&until=${day}`)}" aria-label="`);
    expect(html).toMatch(/aria-label="Orders per day, this week: [^"]*, \w+ \d+ 3"/);
    const weekStart = new Date(today.getTime() - 6 * 86_400_000);
    expect(html).toContain(
      `<a href="${attr(ordersLink({ status: 'held' }, weekStart))}" aria-label="Held for a person: 1 order this week">`,
    );
    expect(html).toContain('100% (2 of 2 decided)');

    // what waits for people and partners
    expect(html).toContain('<a href="/admin/exceptions?overdue=1">1 exception</a>');
    expect(html).toContain('<a href="/admin/exceptions?type=price" aria-label="price: 1 open exception">');
    expect(html).toContain(
      `<a href="${attr('/admin/exceptions?type=price&overdue=1')}" aria-label="price: 1 overdue exception">`,
    );
    expect(html).toContain(
      `<a href="/admin/overdue-acks?partner=${PARTNER}" aria-label="Harbor &amp; Pine: 1 unacknowledged document">`,
    );

    // the pipeline: dead letters and failed jobs by stage, the queue
    expect(html).toContain(
      `<a href="${attr('/admin/jobs?status=dead&stage=validate')}" aria-label="validate: 1 dead letter">`,
    );
    expect(html).toContain(
      `<a href="${attr('/admin/jobs?status=failed&stage=decode')}" aria-label="decode: 1 failed job">`,
    );
    expect(html).toContain(
      `<a href="${attr('/admin/jobs?status=pending&stage=notify')}" aria-label="notify (1 scheduled later): 1 waiting job">`,
    );
    // each chart is a named group with a title; no inline style for the CSP to refuse
    expect(html).toMatch(/<svg class="chart" role="group" aria-label="Orders today by channel: x12 3"/);
    expect(html).not.toMatch(/style=/);
    expect((await operator.get('/admin')).status).toBe(200);

    // the lists behind the bars show what they count
    const orders = await (await viewer.get(ordersLink({ partner: PARTNER }, today))).text();
    for (const po of ['PO-DASH-1', 'PO-DASH-2', 'PO-DASH-3']) expect(orders).toContain(po);
    const [overdue] = await t.query<{ id: string }>(
      `select id from exceptions where order_id = '${heldOrder}'`,
    );
    const inbox = await (await viewer.get('/admin/exceptions?type=price&overdue=1')).text();
    expect(inbox).toContain(`href="/admin/exceptions/${overdue!.id}"`);
  });

  it('lists the overdue acknowledgment behind its bar, with its order', async () => {
    const html = await (await viewer.get(`/admin/overdue-acks?partner=${PARTNER}`)).text();
    const [order] = await t.query<{ id: string; message_id: string }>(
      "select id, message_id from orders where po_number = 'PO-DASH-1'",
    );
    expect(html).toContain(`<a href="/admin/orders/${order!.id}">PO PO-DASH-1</a>`);
    expect(html).toContain(`href="/admin/messages/${order!.message_id}"`);
    expect(html).not.toContain('PO-DASH-2');
    expect(await (await viewer.get('/admin/overdue-acks?partner=nobody')).text()).toContain(
      'No document is waiting',
    );
  });

  it('lists dead letters and failed jobs with their messages; an operator retries, a viewer may not', async () => {
    const deadId = `validate.${stranded}`;
    const viewed = await (await viewer.get('/admin/jobs')).text();
    const row = jobRow(viewed, deadId);
    expect(row).toContain('gateway.internal');
    expect(row).toContain('the database went away');
    expect(row).toContain(`href="/admin/messages/${stranded}"`);
    expect(viewed).not.toContain('action="/admin/jobs/retry"');
    expect(row).not.toContain('/retry');

    // refused to a viewer before anything happens
    expect((await viewer.post(`/admin/jobs/${deadId}/retry`, { status: 'dead' })).status).toBe(403);
    expect((await viewer.post('/admin/jobs/retry', { status: 'failed' })).status).toBe(403);
    expect(
      (await t.query<{ status: string }>(`select status from jobs where id = '${deadId}'`))[0]?.status,
    ).toBe('dead');

    // the operator sees the buttons and retries the dead letter: back in line, audited with the user
    const operatorView = await (await operator.get('/admin/jobs?status=dead&stage=validate')).text();
    expect(jobRow(operatorView, deadId)).toContain(`action="/admin/jobs/${deadId}/retry"`);
    const one = await operator.post(`/admin/jobs/${deadId}/retry`, { status: 'dead', stage: 'validate' });
    expect(one.status).toBe(303);
    expect(one.headers.get('location')).toBe('/admin/jobs?status=dead&stage=validate&retried=1');
    expect(await (await operator.get(one.headers.get('location')!)).text()).toContain(
      '1 job put back in line',
    );
    const [audit] = await t.query<{ actor: string }>(
      `select actor from audit_events where entity_type = 'job' and entity_id = '${deadId}' and action = 'retry'`,
    );
    expect(audit?.actor).toMatch(/^user:/);
    expect(
      (await t.query<{ status: string }>(`select status from jobs where id = '${deadId}'`))[0]?.status,
    ).not.toBe('dead');

    // every failed job of the filter at once
    const failedView = await (await operator.get('/admin/jobs?status=failed')).text();
    expect(jobRow(failedView, `decode.${stranded}`)).toContain(`href="/admin/messages/${stranded}"`);
    const all = await operator.post('/admin/jobs/retry', { status: 'failed' });
    expect(all.status).toBe(303);
    expect(all.headers.get('location')).toBe('/admin/jobs?status=failed&retried=1');
    // retrying what is no longer stopped does nothing, and says so
    const again = await operator.post(`/admin/jobs/${deadId}/retry`, { status: 'dead' });
    expect(again.headers.get('location')).toBe('/admin/jobs?status=dead&retried=0');
  });

  it('pages the dead letters by keyset, every job once', async () => {
    const db = t.gateway.database.db;
    const later = new Date(Date.now() + 3_600_000);
    await db.transaction(async (tx) => {
      for (let n = 0; n < 55; n++)
        await enqueueJob(tx, 'deliver', `dashboard-page-${n}`, { runAfter: later });
    });
    await db.execute(
      sql`update jobs set status = 'dead', attempts = 8 where id like 'deliver.dashboard-page-%'`,
    );
    const ids = (html: string) =>
      [...html.matchAll(/<code>(deliver\.dashboard-page-\d+)<\/code>/g)].map((m) => m[1]);
    const first = await (await viewer.get('/admin/jobs?status=dead&stage=deliver')).text();
    expect(ids(first)).toHaveLength(50);
    const next = /<a href="([^"]+)">Older →<\/a>/.exec(first)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/admin\/jobs\?status=dead&stage=deliver&after=/);
    const second = await (await viewer.get(next!)).text();
    expect(ids(second)).toHaveLength(5);
    expect(second).not.toContain('Older →');
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(55);
    await db.execute(sql`delete from jobs where id like 'deliver.dashboard-page-%'`);
  });
});
