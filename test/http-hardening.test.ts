import http from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/runtime/logger.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';

/** What a hostile or careless client can do to the HTTP server itself (issue 11, findings 3, 4, 9, 10, 13). */
describe.each(gatewayModes())('HTTP hardening ($name)', (mode) => {
  let t: TestGateway;
  let partnerKey: string;
  const logged: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logged.push(JSON.parse(line));
      done();
    },
  });

  beforeAll(async () => {
    t = await startTestGateway(
      mode,
      { ORDERGATE_HEADERS_TIMEOUT_MS: '1000', ORDERGATE_AUTH_FAILURE_LIMIT: '8' },
      createLogger('warn', sink),
    );
    partnerKey = await t.createPartner({
      id: 'hardening',
      name: 'Hardening',
      identifiers: [VALID_850_SENDER],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const origin = () => new URL(t.gateway.url!);

  it('closes a connection whose headers do not arrive within the headers timeout', async () => {
    const socket = net.connect(Number(origin().port), origin().hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: slow\r\n'); // and never the blank line
    let answer = '';
    socket.on('data', (data) => {
      answer += data.toString('latin1');
    });
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const timer = setTimeout(() => reject(new Error('the server kept a half-sent request open')), 10_000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(Date.now() - started);
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfter).toBeLessThan(5_000);
  });

  it('refuses a JSON body over 1 MB with 413, whatever the route', async () => {
    const res = await t.call('/v1/partners', {
      method: 'POST',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'big', name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'request.payload_too_large' } });
  });

  /** Streams a 100 MB body to `path` without credentials; the status answered and how much was sent. */
  const uploadWithoutCredentials = (path: string, type: string) =>
    new Promise<{ status: number; written: number }>((resolve, reject) => {
      const total = 100 * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let written = 0;
      let status = 0;
      const request = http.request(`${t.gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': type, 'content-length': String(total) },
      });
      request.on('response', (response) => {
        status = response.statusCode ?? 0;
        response.resume();
      });
      // the server closes the connection after its answer: the upload ends long before 100 MB
      request.on('close', () => resolve({ status, written }));
      request.on('error', () => {});
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
      setTimeout(() => reject(new Error('the upload was neither refused nor closed')), 60_000).unref();
    });

  it('answers an unauthenticated upload with 401 and stops reading it, on the X12 door and JSON routes', async () => {
    for (const [path, type] of [
      ['/v1/inbound/x12', 'application/edi-x12'],
      ['/v1/partners', 'application/json'],
      ['/v1/orders/some-order/shipments', 'application/json'],
    ]) {
      const outcome = await uploadWithoutCredentials(path!, type!);
      expect(outcome.status, path).toBe(401);
      expect(outcome.written, path).toBeLessThan(25 * 1024 * 1024);
    }
  });

  it('serves a message raw as an attachment of our type, whatever type the partner sent', async () => {
    const posted = await t.post(VALID_850, partnerKey, 'text/html');
    const { messageId } = (await posted.json()) as { messageId: string };
    const raw = await t.call(`/v1/messages/${messageId}/raw`, { token: partnerKey });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/edi-x12');
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="${messageId}.edi"`);
    expect(raw.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(await raw.text()).toBe(VALID_850);
  });

  it('sends the security headers on every answer', async () => {
    const answers = [
      await t.call('/healthz'),
      await t.call('/no/such/route'),
      await t.call('/v1/orders'),
      await t.call('/v1/orders', { token: ADMIN }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 200]);
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
    }
  });

  it('answers text PostgreSQL cannot store with 400 request.invalid_text naming the place, on every kind of input', async () => {
    const json = (body: string) => ({
      method: 'POST',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body,
    });
    const cases: [string, RequestInit & { token?: string }, string][] = [
      ['/v1/partners', json('{"id":"nul","name":"a\\u0000b"}'), 'name'],
      ['/v1/partners', json('{"id":"sur","name":"x\\ud800y"}'), 'name'],
      ['/v1/partners', json('{"id":"key","name":"k","settings":{"a\\u0000":1}}'), 'settings.a\u0000'],
      [
        '/v1/orders/some-order/invoices',
        json('{"invoiceNumber":"\\u0000","invoiceDate":"2026-12-03"}'),
        'invoiceNumber',
      ],
      ['/v1/orders/%00', { token: ADMIN }, '(path) %00'],
      ['/v1/messages/a%00b/raw', { token: ADMIN }, '(path) a%00b'],
      ['/v1/messages?orderId=%00', { token: ADMIN }, '(query) orderId'],
      ['/v1/orders?poNumber=x%00', { token: partnerKey }, '(query) poNumber'],
    ];
    for (const [path, init, where] of cases) {
      const res = await t.call(path, init);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { path: string }[] } };
      expect(body.error.code, path).toBe('request.invalid_text');
      expect(
        body.error.details.map((d) => d.path),
        path,
      ).toContain(where);
    }
  });

  it("answers a partner key on an admin route 403 and does not count it against the partner's address", async () => {
    // more calls than the limit (8 here): were they refusals, the partner's own X12 door would answer 429
    for (let i = 0; i < 10; i++) {
      const res = await t.call('/v1/partners', { token: partnerKey });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'auth.forbidden' } });
    }
    expect((await t.post(withControl(VALID_850, 71_001), partnerKey)).status).toBe(202);
  });

  // last: it locks the test client's address out
  it('answers 429 with Retry-After after repeated wrong credentials, and logs no token', async () => {
    const wrong = 'og_key_this-is-not-a-key-0123456789';
    // earlier tests were refused a few times too: the eighth refusal within the minute locks the address
    const statuses: number[] = [];
    for (let i = 0; i < 9 && !statuses.includes(429); i++)
      statuses.push((await t.call('/v1/orders', { token: `${wrong}${i}` })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    const locked = await t.call('/v1/orders', { token: ADMIN });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ error: { code: 'auth.too_many_attempts' } });
    const refusals = logged.filter((l) => l.msg === 'refused a request without valid credentials');
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    expect(refusals).toContainEqual(
      expect.objectContaining({ address: expect.any(String), path: '/v1/orders', presented: true }),
    );
    expect(JSON.stringify(logged)).not.toContain(wrong);
  });
});
