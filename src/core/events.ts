import { z } from 'zod';

/**
 * What the gateway tells the supplier's ERP (issue 14, hand-off to the ERP): an order was accepted, changed,
 * cancelled or rejected, or an exception was opened for a person. Each is an event row written in the
 * transaction of the change it tells of; the same events are polled (`GET /v1/events`) and posted to webhooks.
 */
export const EVENT_TYPES = [
  'order.accepted',
  'order.changed',
  'order.cancelled',
  'order.rejected',
  'exception.opened',
] as const;

/** One of {@link EVENT_TYPES}. */
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/**
 * An event as the ERP receives it: the body of a webhook POST, and each entry of `GET /v1/events`. `id` is the
 * polling cursor (a decimal string, increasing in commit order: a bigserial may pass 2^53, which JSON readers
 * that use doubles cannot hold); `data` is what the publisher said about the change (the order, the exception).
 */
export const EventEnvelope = z.strictObject({
  id: z.string().regex(/^[1-9][0-9]*$/, 'a positive decimal integer'),
  type: EventType,
  createdAt: z.iso.datetime({ offset: true }),
  orderId: z.string().optional(),
  partnerId: z.string().optional(),
  data: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** An event as stored (the `events` table's columns). */
export interface StoredEvent {
  id: number | string;
  type: string;
  orderId: string | null;
  partnerId: string | null;
  payload: unknown;
  createdAt: Date | string;
}

/**
 * The envelope of a stored event. Its type is checked, so a row written by anything but `publishEvents` (a
 * type this version does not know) fails loudly rather than reach the ERP.
 */
export function eventEnvelope(row: StoredEvent): EventEnvelope {
  return {
    id: String(row.id),
    type: EventType.parse(row.type),
    createdAt: new Date(row.createdAt).toISOString(),
    ...(row.orderId !== null ? { orderId: row.orderId } : {}),
    ...(row.partnerId !== null ? { partnerId: row.partnerId } : {}),
    data: row.payload,
  };
}

/**
 * Webhook signatures (documented for receivers in the README): every POST carries
 * `Ordergate-Event-Id` (the envelope's id: deduplicate on it, a delivery may come more than once),
 * `Ordergate-Timestamp` (Unix seconds when this attempt was signed) and
 * `Ordergate-Signature: v1=<hex HMAC-SHA256 keyed with the endpoint's secret over `${timestamp}.${body}`>`.
 * A receiver recomputes the HMAC over the raw body bytes, compares in constant time, and refuses a timestamp
 * more than {@link WEBHOOK_TOLERANCE_SECONDS} from its clock (a captured request replayed later).
 */
export const WEBHOOK_HEADERS = {
  eventId: 'Ordergate-Event-Id',
  timestamp: 'Ordergate-Timestamp',
  signature: 'Ordergate-Signature',
} as const;

/** The replay window a receiver should allow between `Ordergate-Timestamp` and its own clock: five minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
