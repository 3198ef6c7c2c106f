import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryPayload } from '../../src/core/connector.ts';
import { sendFailure as failure, samplePayload, testContext } from '../../test/support/delivery-payload.ts';
import { HttpPostConfig, type HttpPostConfigInput, httpPostTransport } from './index.ts';

const SECRET = 'correct-horse-battery-staple-42';
const BODY = new TextEncoder().encode(
  'ISA*00*          *00*          *ZZ*SUPPLIER~GS*PR*SUPPLIER*HARBORPINE~\n',
);

const payload = (over: Partial<DeliveryPayload> = {}) => samplePayload(BODY, over);

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}
type Handler = (req: Received, res: ServerResponse) => void;

const servers: Server[] = [];

/** A real HTTP receiver on loopback; each request is read whole, then handed to `handler`. */
async function receiver(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler({ headers: req.headers, body: Buffer.concat(chunks) }, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/edi/inbound`, server };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const config = (input: HttpPostConfigInput) => HttpPostConfig.parse(input);
/** The receivers are on loopback: allowed here, refused by default. */
const LOOPBACK = testContext();
const DEFAULT = testContext({ allowPrivateAddresses: false });

/** What a partner would do: recompute the HMAC over `${timestamp}.${body}` and compare in constant time. */
function verifies(req: Received, secret: string): boolean {
  const timestamp = String(req.headers['x-ordergate-timestamp']);
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`), req.body]);
  const expected = `sha256=${createHmac('sha256', secret).update(signed).digest('hex')}`;
  const got = Buffer.from(String(req.headers['x-ordergate-signature']));
  return got.length === expected.length && timingSafeEqual(got, Buffer.from(expected));
}

describe('http-post transport', () => {
  it('posts the bytes with a verifiable signature, the idempotency key and the document type', async () => {
    const seen: Received[] = [];
    const { url } = await receiver((req, res) => {
      seen.push(req);
      res.writeHead(verifies(req, SECRET) ? 202 : 401, { 'X-Request-Id': 'rcv-1' }).end();
    });
    const before = Math.floor(Date.now() / 1000);
    const receipt = await httpPostTransport.send(
      payload(),
      config({ url, secret: SECRET, headers: { 'X-Api-Key': 'k', 'idempotency-key': 'not-this' } }),
      LOOPBACK,
    );
    expect(receipt.remoteId).toBe('rcv-1');
    expect(receipt.deliveredAt).toBeInstanceOf(Date);
    const req = seen[0]!;
    expect(seen).toHaveLength(1);
    expect(Buffer.compare(req.body, Buffer.from(BODY))).toBe(0);
    expect(req.headers['content-type']).toBe('application/edi-x12');
    expect(req.headers['idempotency-key']).toBe('out-855-7f3a');
    expect(req.headers['x-ordergate-document-type']).toBe('855');
    expect(req.headers['x-api-key']).toBe('k');
    expect(Number(req.headers['x-ordergate-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(verifies(req, SECRET)).toBe(true);
    expect(verifies(req, 'another-secret-of-16+')).toBe(false);
  });

  it('fails twice on 503 (retryable), then delivers once even when the same document is sent again', async () => {
    let requests = 0;
    const stored = new Map<string, Buffer>();
    const { url } = await receiver((req, res) => {
      requests += 1;
      if (requests <= 2) return void res.writeHead(503, { 'Retry-After': '1' }).end('busy');
      if (!verifies(req, SECRET)) return void res.writeHead(401).end();
      const key = String(req.headers['idempotency-key']);
      if (!stored.has(key)) stored.set(key, req.body); // the receiver dedupes by Idempotency-Key
      res.writeHead(200).end();
    });
    const cfg = config({ url, secret: SECRET });
    for (const attempt of [1, 2]) {
      const error = await failure(httpPostTransport.send(payload(), cfg, LOOPBACK));
      expect(error, `attempt ${attempt}`).toMatchObject({ kind: 'retryable', code: 'http-post.unavailable' });
      expect(error.message).toContain('503');
    }
    await expect(httpPostTransport.send(payload(), cfg, LOOPBACK)).resolves.toMatchObject({
      deliveredAt: expect.any(Date),
    });
    await httpPostTransport.send(payload(), cfg, LOOPBACK); // a replay of the same document
    expect(requests).toBe(4);
    expect([...stored.values()]).toEqual([Buffer.from(BODY)]);
  });

  it.each([
    [400, 'permanent', 'http-post.refused'],
    [401, 'permanent', 'http-post.unauthorized'],
    [403, 'permanent', 'http-post.unauthorized'],
    [404, 'permanent', 'http-post.refused'],
    [422, 'permanent', 'http-post.refused'],
    [301, 'permanent', 'http-post.redirected'],
    [408, 'retryable', 'http-post.unavailable'],
    [429, 'retryable', 'http-post.unavailable'],
    [500, 'retryable', 'http-post.unavailable'],
    [502, 'retryable', 'http-post.unavailable'],
  ] as const)('classifies %i as %s', async (status, kind, code) => {
    const { url } = await receiver((_req, res) =>
      res.writeHead(status, status === 301 ? { Location: '/elsewhere' } : {}).end('no thanks'),
    );
    const error = await failure(httpPostTransport.send(payload(), config({ url, secret: SECRET }), LOOPBACK));
    expect(error).toMatchObject({ kind, code });
    expect(error.message).toContain(String(status));
  });

  it('explains a 400 with the status, keeps the receiver’s answer to the details, and never shows a secret', async () => {
    let authorization: string | undefined;
    let target: string | undefined;
    const { url, server } = await receiver((req, res) => {
      authorization = req.headers.authorization;
      res.writeHead(400).end('ISA06 unknown sender');
    });
    server.on('request', (req: IncomingMessage) => {
      target = req.url;
    });
    const error = await failure(
      httpPostTransport.send(
        payload(),
        config({
          url: `${url.replace('http://', `http://user:${SECRET}@`)}?token=${SECRET}`,
          secret: SECRET,
        }),
        LOOPBACK,
      ),
    );
    expect(error).toMatchObject({ kind: 'permanent', code: 'http-post.refused' });
    expect(error.message).toContain('400');
    // the remote answer is the partner's text: for an operator (details), not in the message a job shows
    expect(error.message).not.toContain('ISA06 unknown sender');
    expect(error.details).toMatchObject({
      url: `${url.replace('http://', 'http://[redacted]@')}?[redacted]`,
      body: 'ISA06 unknown sender',
    });
    expect(JSON.stringify(error)).not.toContain(SECRET);
    // Credentials in the URL travel as Basic auth, the query as it was written.
    expect(authorization).toBe(`Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`);
    expect(target).toBe(`/edi/inbound?token=${SECRET}`);
  });

  it('keeps at most 300 characters of a long answer', async () => {
    const { url } = await receiver((_req, res) => res.writeHead(500).end('x'.repeat(100_000)));
    const error = await failure(httpPostTransport.send(payload(), config({ url, secret: SECRET }), LOOPBACK));
    expect(error).toMatchObject({ code: 'http-post.unavailable', details: { body: 'x'.repeat(300) } });
    expect(error.message).not.toContain('xxx');
  });

  it('does not follow a redirect: the 3xx is permanent and the place it points to gets nothing', async () => {
    let redirected = 0;
    const elsewhere = await receiver((_req, res) => {
      redirected += 1;
      res.writeHead(200).end();
    });
    for (const status of [301, 302, 303, 307, 308]) {
      const { url } = await receiver((_req, res) => res.writeHead(status, { Location: elsewhere.url }).end());
      const error = await failure(
        httpPostTransport.send(payload(), config({ url, secret: SECRET }), LOOPBACK),
      );
      expect(error, String(status)).toMatchObject({ kind: 'permanent', code: 'http-post.redirected' });
    }
    expect(redirected).toBe(0);
  });

  it('refuses loopback, link-local, private and unspecified targets by default, before connecting', async () => {
    let requests = 0;
    const { url } = await receiver((_req, res) => {
      requests += 1;
      res.writeHead(200).end();
    });
    const { port } = new URL(url);
    for (const target of [
      url,
      `http://[::1]:${port}/edi`,
      `http://localhost:${port}/edi`,
      `http://0.0.0.0:${port}/edi`,
      `http://[::ffff:127.0.0.1]:${port}/edi`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/edi',
    ]) {
      const withSecret = target.replace('http://', 'http://edi:pw-in-url@');
      const error = await failure(
        httpPostTransport.send(payload(), config({ url: withSecret, secret: SECRET }), DEFAULT),
      );
      expect(error, target).toMatchObject({ kind: 'permanent', code: 'delivery.private_address' });
      expect(error.message, target).toContain(new URL(target).hostname);
      expect(JSON.stringify(error), target).not.toContain('pw-in-url');
    }
    expect(requests).toBe(0);
    // allowed, the same name reaches the receiver through the addresses that were checked
    await httpPostTransport.send(
      payload(),
      config({ url: `http://localhost:${port}/edi`, secret: SECRET }),
      LOOPBACK,
    );
    expect(requests).toBe(1);
  });

  it('treats a refused connection as retryable', async () => {
    const { url, server } = await receiver((_req, res) => res.end());
    await new Promise((resolve) => server.close(resolve)); // the port is now closed
    const error = await failure(httpPostTransport.send(payload(), config({ url, secret: SECRET }), LOOPBACK));
    expect(error).toMatchObject({ kind: 'retryable', code: 'http-post.network' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('treats a receiver that never answers as retryable after timeoutMs', async () => {
    const { url } = await receiver(() => {}); // reads the request, never answers
    const started = Date.now();
    const error = await failure(
      httpPostTransport.send(payload(), config({ url, secret: SECRET, timeoutMs: 200 }), LOOPBACK),
    );
    expect(error).toMatchObject({ kind: 'retryable', code: 'http-post.timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('validates its configuration', () => {
    const ok = HttpPostConfig.parse({ url: 'https://partner.example/edi', secret: SECRET });
    expect(ok.timeoutMs).toBe(15_000);
    expect(HttpPostConfig.safeParse({ url: 'ftp://partner.example/edi', secret: SECRET }).success).toBe(
      false,
    );
    expect(HttpPostConfig.safeParse({ url: 'https://partner.example/edi', secret: 'short' }).success).toBe(
      false,
    );
  });
});
