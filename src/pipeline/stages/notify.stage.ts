import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { deliveryAddresses } from '../../../connectors/delivery-address.ts';
import { type Answer, postOnce } from '../../../connectors/http-post/post-once.ts';
import type { DeliveryContext } from '../../core/connector.ts';
import { type GatewayError, permanent, retryable } from '../../core/errors.ts';
import { eventEnvelope, WEBHOOK_HEADERS } from '../../core/events.ts';
import { redactUrl } from '../../core/partner.ts';
import { audit } from '../../db/audit.ts';
import { events, webhookEndpoints } from '../../db/schema.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import type { ExternalStage } from '../dispatch/stage.ts';
import { parseNotifyEntityId } from '../events/publish.ts';

/** How long one POST may take (connect, send, the answer's head): an ERP that takes longer is retried. */
export const NOTIFY_TIMEOUT_MS = 10_000;

/**
 * Attempts before a webhook's notify job is dead-lettered. The job runner backs off 1 s, 2 s, 4 s … up to five
 * minutes between attempts, so 20 attempts ride out about an hour of an ERP being down (deliver's 10 give up
 * after some 8 minutes: a partner's endpoint is retried by the partner's own means, an ERP's outage is ours).
 * After that the event waits in the webhook dead letters for a replay, and `GET /v1/events` has it meanwhile.
 */
export const NOTIFY_MAX_ATTEMPTS = 20;

/**
 * `v1=` + hex HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 text), of `${timestamp}.` followed by
 * the body's bytes: what a receiver recomputes to check `Ordergate-Signature`. Signing the timestamp lets it
 * refuse a request replayed after its window (five minutes).
 */
export function webhookSignature(secret: string, timestamp: string, body: Uint8Array | string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** One event to post to one endpoint, read in `plan`; the secret is opened, held only in memory. */
export interface Notification {
  endpointId: string;
  eventId: string;
  url: string;
  secret: string;
  /** The envelope as JSON: the same bytes on every attempt, so a receiver may dedupe by id or by body. */
  body: string;
}

/** What a 2xx answer recorded. */
export interface Notified {
  status: number;
  deliveredAt: Date;
}

/**
 * notify: posts one event to one webhook endpoint (the job's entity id names both, see `notifyEntityId`).
 * `plan` reads the event and the endpoint and opens its secret; `act` POSTs the envelope as JSON, signed
 * (`Ordergate-Signature`, over `Ordergate-Timestamp` and the body) with `Ordergate-Event-Id` to dedupe on;
 * `record` writes an audit event (entity `event`, action `notify`, the endpoint, status and attempt): with the
 * job done, that is the delivery's record. Where a POST may go is the http-post transport's rule: the host's
 * addresses are checked against the process's DeliveryContext (no private addresses unless allowed) and the
 * connection goes to those addresses only; redirects are not followed. A 2xx is delivered; 408, 429, 5xx, a
 * timeout or a network failure are retried with backoff (`webhook.unavailable|timeout|network`), then
 * dead-lettered; any other answer fails the job at once (`webhook.refused|redirected`). A dead or failed
 * notify job is the webhook's dead letter: listed by `GET /v1/webhooks/dead-letters`, replayed by
 * `POST /v1/webhooks/dead-letters/:jobId/replay`. An endpoint disabled since the event leaves the job done
 * with nothing sent.
 */
export const notifyStage = (
  secrets: SecretBox,
  context: DeliveryContext,
): ExternalStage<Notification, Notified, 'notify', never> => ({
  name: 'notify',
  input: 'a webhook endpoint and an event (`<endpointId>.<eventId>`)',
  next: [],
  maxAttempts: NOTIFY_MAX_ATTEMPTS,
  async plan({ tx, job }) {
    const ids = parseNotifyEntityId(job.entityId);
    if (ids === undefined)
      throw permanent('webhook.event_missing', `"${job.entityId}" names no endpoint and event`);
    const [endpoint] = await tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, ids.endpointId));
    const [event] = await tx
      .select()
      .from(events)
      .where(eq(events.id, Number(ids.eventId)));
    if (endpoint === undefined || event === undefined)
      throw permanent(
        'webhook.event_missing',
        `no ${endpoint === undefined ? `webhook endpoint ${ids.endpointId}` : `event ${ids.eventId}`}`,
      );
    if (!endpoint.enabled) return undefined;
    return {
      endpointId: endpoint.id,
      eventId: ids.eventId,
      url: endpoint.url,
      secret: secrets.open(endpoint.secret),
      body: JSON.stringify(eventEnvelope(event)),
    };
  },
  async act(notification) {
    const where = redactUrl(notification.url);
    const target = new URL(notification.url);
    const body = Buffer.from(notification.body, 'utf8');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'ordergate-webhook',
      [WEBHOOK_HEADERS.eventId]: notification.eventId,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: webhookSignature(notification.secret, timestamp, body),
    };
    let answer: Answer;
    try {
      const addresses = await deliveryAddresses(target.hostname, context);
      answer = await postOnce(target, headers, body, addresses, NOTIFY_TIMEOUT_MS);
    } catch (error) {
      throw networkError(error, where, notification);
    }
    if (answer.status >= 200 && answer.status < 300)
      return { status: answer.status, deliveredAt: new Date() };
    throw statusError(answer, where, notification);
  },
  async record({ tx, job }, notification, notified) {
    await audit(tx, {
      actor: 'pipeline',
      entityType: 'event',
      entityId: notification.eventId,
      action: 'notify',
      after: {
        endpointId: notification.endpointId,
        status: notified.status,
        deliveredAt: notified.deliveredAt.toISOString(),
        attempt: job.attempts,
      },
    });
  },
});

function statusError(answer: Answer, where: string, notification: Notification): GatewayError {
  const { status } = answer;
  // the receiver's words go to the details, for an operator
  const excerpt = answer.bodyStart.trim().slice(0, 300);
  const details = {
    status,
    url: where,
    endpointId: notification.endpointId,
    eventId: notification.eventId,
    ...(excerpt ? { body: excerpt } : {}),
  };
  const said = `${where} answered ${status}`;
  // RFC 9110 §15.5.9 408 and RFC 6585 §4 429 invite a later retry, like any 5xx
  if (status >= 500 || status === 408 || status === 429)
    return retryable('webhook.unavailable', `${said} (will retry)`, { details });
  if (status >= 300 && status < 400)
    return permanent('webhook.redirected', `${said}: redirects are not followed; change the endpoint`, {
      details,
    });
  return permanent('webhook.refused', `${said}: the endpoint refused the event`, { details });
}

function networkError(error: unknown, where: string, notification: Notification): GatewayError {
  // a refused address (delivery.private_address) is already classified, and permanent
  if (typeof (error as GatewayError).kind === 'string') return error as GatewayError;
  const details = { url: where, endpointId: notification.endpointId, eventId: notification.eventId };
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return retryable('webhook.timeout', `${where} did not answer within ${NOTIFY_TIMEOUT_MS} ms`, {
      details,
    });
  // the socket's or the resolver's errno (ECONNREFUSED, ENOTFOUND, ECONNRESET …)
  const errno = (error as { code?: unknown } | null)?.code;
  const code = typeof errno === 'string' ? errno : undefined;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return retryable('webhook.network', `could not reach ${where} (${reason})`, {
    details: { ...details, ...(code ? { errno: code } : {}) },
  });
}
