import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEnvelope as EnvelopeSchema, type EventEnvelope } from '../src/core/events.ts';
import { type NewEvent, publishEvents } from '../src/pipeline/events/publish.ts';
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

/** One POST as the receiver got it: the raw body and the headers, and what it answered. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
  at: number;
}

/**
 * The ERP's receiving end on loopback: `/flaky` answers 500 to the first two POSTs of each event, then 200;
 * `/picky` answers 400 until `fixed`, then 200. Every POST is kept.
 */
function erpReceiver() {
  const received: Received[] = [];
  const state = { fixed: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const eventId = String(req.headers['ordergate-event-id']);
      const path = req.url ?? '';
      const before = received.filter((r) => r.path === path && r.headers['ordergate-event-id'] === eventId);
      const answered = path === '/flaky' ? (before.length < 2 ? 500 : 200) : state.fixed ? 200 : 400;
      received.push({
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
        at: Date.now(),
      });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 400 ? 'unknown order' : '');
    });
  });
  return { server, received, state };
}

/** What a receiver does with a POST: checks the signature with its secret and the timestamp's age. */
function verify(secret: string, post: Received): { valid: boolean; ageSeconds: number } {
  const timestamp = String(post.headers['ordergate-timestamp']);
  const signature = String(post.headers['ordergate-signature']);
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${post.body}`).digest('hex')}`;
  const valid =
    signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  return { valid, ageSeconds: Math.abs(Date.now() / 1000 - Number(timestamp)) };
}

const json = (body: unknown) => ({
  method: 'POST',
  token: ADMIN,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

describe.each(gatewayModes())('events and webhooks for the ERP ($name)', (mode) => {
  let t: TestGateway;
  const erp = erpReceiver();
  let base: string;

  const publish = (events: NewEvent[]) =>
    t.gateway.database.db.transaction((tx) => publishEvents(tx, events));
  const createWebhook = async (body: object) => {
    const res = await t.call('/v1/webhooks', json(body));
    expect(res.status).toBe(201);
    return (await res.json()) as { webhook: { id: string; url: string; types: string[] }; secret: string };
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => erp.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(erp.server.address() as AddressInfo).port}`;
    // the receiver is on loopback: this gateway may post inside its own network
    t = await startTestGateway(mode, { ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => erp.server.close(resolve));
  });

  it('posts a signed event through two 500s exactly once, to the endpoints that take its type', async () => {
    const { webhook, secret } = await createWebhook({ url: `${base}/flaky`, types: ['order.accepted'] });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(webhook).toEqual({
      id: expect.any(String),
      url: `${base}/flaky`,
      types: ['order.accepted'],
      enabled: true,
      createdAt: expect.any(String),
    });
    // the secret is shown once: stored sealed, never listed
    const listed = await t.call('/v1/webhooks', { token: ADMIN });
    expect(await listed.text()).not.toContain(secret);
    const [row] = await t.query<{ secret: string }>(
      `select secret from webhook_endpoints where id = '${webhook.id}'`,
    );
    expect(row!.secret).toMatch(/^enc:v1:/);

    const [accepted, opened] = await publish([
      { type: 'order.accepted', orderId: 'order-1', partnerId: 'acme', payload: { poNumber: 'PO-1' } },
      { type: 'exception.opened', orderId: 'order-1', partnerId: 'acme', payload: { exceptionId: 'x-1' } },
    ]);
    expect(Number(opened)).toBe(Number(accepted) + 1);

    const delivered = await eventually(
      async () => erp.received.find((r) => r.path === '/flaky' && r.answered === 200),
      30_000,
      'the event delivered',
    );
    const posts = erp.received.filter((r) => r.path === '/flaky');
    expect(posts.map((p) => p.answered)).toEqual([500, 500, 200]);
    expect(posts.every((p) => p.headers['ordergate-event-id'] === accepted)).toBe(true);
    // the receiver's own check: the HMAC with the secret it was given, a timestamp within its 5-minute window
    for (const post of posts) {
      const check = verify(secret, post);
      expect(check.valid).toBe(true);
      expect(check.ageSeconds).toBeLessThan(60);
    }
    expect(verify('another secret', delivered).valid).toBe(false);
    expect(delivered.headers['content-type']).toBe('application/json');
    const envelope = EnvelopeSchema.parse(JSON.parse(delivered.body));
    expect(envelope).toEqual<EventEnvelope>({
      id: accepted!,
      type: 'order.accepted',
      createdAt: expect.any(String),
      orderId: 'order-1',
      partnerId: 'acme',
      data: { poNumber: 'PO-1' },
    });

    // recorded once: the job is done after three attempts, the delivery audited; nothing more is posted
    // the 200 arrives before the outcome commits: wait for the job
    const jobs = await eventually(
      async () => {
        const rows = await t.query<{ status: string; attempts: number; entity_id: string }>(
          "select status, attempts, entity_id from jobs where stage = 'notify'",
        );
        return rows.every((r) => r.status === 'done') ? rows : undefined;
      },
      10_000,
      'the notify job done',
    );
    expect(jobs).toEqual([{ status: 'done', attempts: 3, entity_id: `${webhook.id}.${accepted}` }]);
    const audits = await t.query<{ entity_id: string; after: { endpointId: string; status: number } }>(
      "select entity_id, after from audit_events where action = 'notify'",
    );
    expect(audits).toEqual([
      {
        entity_id: accepted,
        after: expect.objectContaining({ endpointId: webhook.id, status: 200, attempt: 3 }),
      },
    ]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(erp.received.filter((r) => r.path === '/flaky')).toHaveLength(3);
  }, 60_000);

  it('lists a refused event as a dead letter, and delivers it when replayed after the receiver is fixed', async () => {
    const { webhook, secret } = await createWebhook({ url: `${base}/picky` });
    expect(webhook.types).toEqual([]);
    const [eventId] = await publish([
      { type: 'order.cancelled', orderId: 'order-2', partnerId: 'acme', payload: { reason: 'buyer' } },
    ]);

    type DeadLetters = {
      deadLetters: {
        jobId: string;
        status: string;
        attempts: number;
        lastError: { code: string; kind: string };
        endpoint: { id: string; url: string };
        event: EventEnvelope;
      }[];
    };
    const [dead] = await eventually(
      async () => {
        const listed = await t.json<DeadLetters>('/v1/webhooks/dead-letters');
        return listed.deadLetters.length > 0 ? listed.deadLetters : undefined;
      },
      20_000,
      'the dead letter',
    );
    // a 400 is not retried: one attempt, failed for an operator
    expect(dead).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { code: 'webhook.refused', kind: 'permanent' },
      endpoint: { id: webhook.id, url: `${base}/picky` },
      event: { id: eventId, type: 'order.cancelled', orderId: 'order-2', data: { reason: 'buyer' } },
    });
    expect(erp.received.filter((r) => r.path === '/picky').map((r) => r.answered)).toEqual([400]);
    // the event went to /picky only: /flaky takes order.accepted
    expect(erp.received.filter((r) => r.headers['ordergate-event-id'] === eventId)).toHaveLength(1);

    erp.state.fixed = true;
    const replay = await t.call(`/v1/webhooks/dead-letters/${dead!.jobId}/replay`, {
      method: 'POST',
      token: ADMIN,
    });
    expect(replay.status).toBe(202);
    const delivered = await eventually(
      async () => erp.received.find((r) => r.path === '/picky' && r.answered === 200),
      20_000,
      'the replayed event delivered',
    );
    expect(delivered.headers['ordergate-event-id']).toBe(eventId);
    expect(verify(secret, delivered).valid).toBe(true);
    await eventually(
      async () => {
        const listed = await t.json<DeadLetters>('/v1/webhooks/dead-letters');
        return listed.deadLetters.length === 0 ? true : undefined;
      },
      10_000,
      'the dead letter gone',
    );
    // a replay is one: the job is done, so replaying it again finds no dead letter
    const again = await t.call(`/v1/webhooks/dead-letters/${dead!.jobId}/replay`, {
      method: 'POST',
      token: ADMIN,
    });
    expect(again.status).toBe(404);

    // disabled: nothing more is posted to it
    const disabled = await t.call(`/v1/webhooks/${webhook.id}`, { method: 'DELETE', token: ADMIN });
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as { webhook: { enabled: boolean } }).webhook.enabled).toBe(false);
    const [later] = await publish([{ type: 'order.changed', orderId: 'order-2', payload: {} }]);
    const jobs = await t.query<{ n: number }>(
      `select count(*)::int as n from jobs where entity_id like '%.${later}'`,
    );
    expect(jobs).toEqual([{ n: 0 }]);
  }, 60_000);

  it('refuses a private address unless allowed, a URL with credentials, and callers without the admin token', async () => {
    const res = await t.call('/v1/webhooks', json({ url: 'https://user:pw@erp.example/hook' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('request.invalid');
    expect((await t.call('/v1/webhooks', { ...json({ url: `${base}/x` }), token: 'nope' })).status).toBe(401);
    expect((await t.call('/v1/events')).status).toBe(401);
    expect((await t.call('/v1/webhooks', json({ url: `${base}/x`, types: ['order.shipped'] }))).status).toBe(
      400,
    );
  });

  it('pages events by cursor, oldest first, of one type when asked', async () => {
    type Page = { events: EventEnvelope[]; next: string };
    const start = await t.json<Page>('/v1/events?limit=1000');
    expect(start.events.map((e) => Number(e.id))).toEqual(
      [...start.events.map((e) => Number(e.id))].sort((a, b) => a - b),
    );
    const ids = await publish(
      ['order.accepted', 'order.rejected', 'order.accepted', 'order.changed', 'order.accepted'].map(
        (type, i) => ({ type: type as NewEvent['type'], orderId: `paged-${i}`, payload: { n: i } }),
      ),
    );
    const seen: EventEnvelope[] = [];
    let cursor = start.next;
    const pageSizes: number[] = [];
    for (;;) {
      const page = await t.json<Page>(`/v1/events?after=${cursor}&limit=2`);
      pageSizes.push(page.events.length);
      if (page.events.length === 0) {
        expect(page.next).toBe(cursor);
        break;
      }
      seen.push(...page.events);
      cursor = page.next;
    }
    expect(pageSizes).toEqual([2, 2, 1, 0]);
    expect(seen.map((e) => e.id)).toEqual(ids);
    expect(seen.map((e) => e.data)).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
    for (const event of seen) EnvelopeSchema.parse(event);

    const accepted = await t.json<Page>(`/v1/events?after=${start.next}&type=order.accepted`);
    expect(accepted.events.map((e) => e.orderId)).toEqual(['paged-0', 'paged-2', 'paged-4']);
    expect(accepted.next).toBe(ids[4]);
    expect((await t.call('/v1/events?after=abc', { token: ADMIN })).status).toBe(400);
  });

  it("records the ERP's order number once: the same number again is 200, another or an order not accepted 409", async () => {
    // held for review whatever the wholesale rules find, so the test decides when the order is accepted
    const partnerKey = await t.createPartner({
      id: 'erp-buyer',
      name: 'ERP Buyer',
      identifiers: [VALID_850_SENDER],
      settings: { holdForReview: true },
    });
    const { id: messageId, message } = await t.deliver(withControl(VALID_850, 51001), partnerKey);
    const order = message.orders[0]!;
    expect(order.status).toBe('held');
    const erp = (id: string, erpOrderNumber: string, token = ADMIN) =>
      t.call(`/v1/orders/${id}/erp`, { ...json({ erpOrderNumber }), token });
    const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

    const early = await erp(order.id, 'SO-77001');
    expect(early.status).toBe(409);
    expect(await code(early)).toBe('order.not_awaiting_erp');

    // accepted as a person's decision leaves it (resolving its exception is another part of issue 14)
    await t.query(`update orders set status = 'accepted' where id = '${order.id}'`);
    const ackJob = () =>
      t.query<{ status: string; updated_at: string }>(
        `select status, updated_at::text from jobs where id = 'acknowledge.${messageId}'`,
      );
    const [ackBefore] = await ackJob();

    const first = await erp(order.id, 'SO-77001');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ orderId: order.id, erpOrderNumber: 'SO-77001', recorded: true });
    const same = await erp(order.id, 'SO-77001');
    expect(same.status).toBe(200);
    expect(await same.json()).toEqual({ orderId: order.id, erpOrderNumber: 'SO-77001', recorded: false });
    const other = await erp(order.id, 'SO-77002');
    expect(other.status).toBe(409);
    expect(await code(other)).toBe('order.not_awaiting_erp');

    const [stored] = await t.query<{ erp_order_number: string }>(
      `select erp_order_number from orders where id = '${order.id}'`,
    );
    expect(stored!.erp_order_number).toBe('SO-77001');
    const audits = await t.query<{ after: unknown }>(
      `select after from audit_events where action = 'erp_number' and entity_id = '${order.id}'`,
    );
    expect(audits).toEqual([{ after: { erpOrderNumber: 'SO-77001' } }]);
    // the acknowledge stage was asked again for the order's message, once (a held 855 goes out with the number)
    const [ackAfter] = await ackJob();
    expect(ackAfter).toBeDefined();
    if (ackBefore !== undefined) expect(ackAfter!.updated_at > ackBefore.updated_at).toBe(true);
    const retried = await t.query<{ n: number }>(
      `select count(*)::int as n from jobs where stage = 'acknowledge' and entity_id = '${messageId}'`,
    );
    expect(retried).toEqual([{ n: 1 }]);

    expect((await erp('no-such-order', 'SO-1')).status).toBe(404);
    expect((await erp(order.id, '')).status).toBe(400);
    // the ERP holds the admin token; a partner's key may not record the number
    expect((await erp(order.id, 'SO-77001', partnerKey)).status).toBe(403);
  }, 60_000);
});
