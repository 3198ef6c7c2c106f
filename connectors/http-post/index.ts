import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryPayload, OutboundConnector } from '../../src/core/connector.ts';
import { type GatewayError, permanent, retryable } from '../../src/core/errors.ts';
import { redactUrl } from '../../src/core/partner.ts';
import { deliveryAddresses, literalHostProblem } from '../delivery-address.ts';
import { type Answer, postOnce, unansweredPost } from './post-once.ts';

export const HttpPostConfig = z.strictObject({
  /** The partner's receiving endpoint. */
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  /** HMAC-SHA256 key shared with the partner; never logged nor put in an error. */
  secret: z.string().min(16, 'must be at least 16 characters'),
  timeoutMs: z.number().int().min(1).max(600_000).default(15_000),
  /** Extra headers (a partner's API key, say). They cannot replace the headers this transport sets. */
  headers: z.record(z.string(), z.string()).optional(),
});
export type HttpPostConfig = z.infer<typeof HttpPostConfig>;
export type HttpPostConfigInput = z.input<typeof HttpPostConfig>;

/**
 * The signature a receiver checks: `sha256=` + hex HMAC-SHA256, keyed with the shared secret, of the string
 * `${timestamp}.${body}`, where `timestamp` is the `X-Ordergate-Timestamp` header (Unix seconds) and `body`
 * the raw request bytes. Signing the timestamp lets a receiver refuse replays older than its tolerance.
 */
export function signatureFor(secret: string, timestamp: string, body: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/**
 * HTTP POST delivery: the document is the request body; `Idempotency-Key` lets the receiver dedupe the retries
 * and replays of one document. Any 2xx is a delivery. Redirects are not followed (a POST turned into a GET
 * would lose the body, and the new place is not checked): a 3xx is permanent, so an operator updates the URL.
 * The host must resolve to public addresses only, unless the context allows private ones (see
 * `deliveryAddresses`); the request goes to the addresses that were checked.
 */
export const httpPostTransport: OutboundConnector<HttpPostConfig> = {
  id: 'http-post',
  configSchema: HttpPostConfig,
  check(config, context) {
    const problem = literalHostProblem(new URL(config.url).hostname, context);
    return problem === undefined ? [] : [{ path: 'url', message: problem }];
  },
  async send(payload, config, context) {
    // userinfo and query are credentials (sealed at rest): never in a message or a log
    const where = redactUrl(config.url);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = new Headers(config.headers);
    const target = new URL(config.url);
    // A partner's `https://user:pass@host/…` means Basic auth: sent as a header, not in the request line.
    if (target.username || target.password) {
      if (!headers.has('authorization')) {
        const userPass = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
        headers.set('Authorization', `Basic ${Buffer.from(userPass).toString('base64')}`);
      }
      target.username = '';
      target.password = '';
    }
    // Set after the configured extras, so those cannot override what the signature and dedupe rely on.
    headers.set('Content-Type', payload.contentType);
    headers.set('Idempotency-Key', payload.idempotencyKey);
    headers.set('X-Ordergate-Timestamp', timestamp);
    headers.set('X-Ordergate-Signature', signatureFor(config.secret, timestamp, payload.bytes));
    headers.set('X-Ordergate-Document-Type', payload.documentType);

    let answer: Answer;
    try {
      const addresses = await deliveryAddresses(target.hostname, context);
      answer = await postOnce(
        target,
        Object.fromEntries(headers),
        payload.bytes,
        addresses,
        config.timeoutMs,
      );
    } catch (error) {
      throw unansweredPost(
        error,
        where,
        config.timeoutMs,
        { timeout: 'http-post.timeout', network: 'http-post.network' },
        { url: where, idempotencyKey: payload.idempotencyKey },
      );
    }
    const { status } = answer;
    if (status >= 200 && status < 300) return { deliveredAt: new Date(), remoteId: remoteIdOf(answer) };
    throw statusError(status, answer.bodyStart, where, header(answer, 'retry-after'), payload);
  },
};

function header(answer: Answer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function remoteIdOf(answer: Answer): string | undefined {
  return header(answer, 'x-request-id') ?? header(answer, 'location');
}

function statusError(
  status: number,
  body: string,
  where: string,
  retryAfter: string | undefined,
  payload: DeliveryPayload,
): GatewayError {
  // The receiver's words go to the details, for an operator: a job's message may be shown to the partner.
  const excerpt = body.trim().slice(0, 300);
  const details = {
    status,
    url: where,
    idempotencyKey: payload.idempotencyKey,
    ...(excerpt ? { body: excerpt } : {}),
    ...(retryAfter ? { retryAfter } : {}),
  };
  const said = `${where} answered ${status}`;
  // RFC 9110 §15.5.9 408 and RFC 6585 §4 429 invite a later retry, like any 5xx.
  if (status >= 500 || status === 408 || status === 429)
    return retryable('http-post.unavailable', `${said} (will retry)`, { details });
  if (status === 401 || status === 403)
    return permanent(
      'http-post.unauthorized',
      `${said}: the partner refused our credentials or signature; check the shared secret and headers`,
      { details },
    );
  if (status >= 300 && status < 400)
    return permanent('http-post.redirected', `${said}: the endpoint moved; update the configured URL`, {
      details,
    });
  return permanent('http-post.refused', `${said}: the partner refused the document`, { details });
}
