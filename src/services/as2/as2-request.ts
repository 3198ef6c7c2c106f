import { unquoteAs2Name } from '../../../connectors/as2/transport-request.ts';
import { permanent } from '../../core/errors.ts';

/** An AS2 request as the door took it: the HTTP headers (names lower-cased) and the raw body. */
export interface As2HttpRequest {
  /** The partner the URL names (`POST /as2/:partnerId`); the shared door `POST /as2` has none. */
  partnerId?: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** What the door answers: an MDN (synchronous), or an empty 200. */
export interface As2HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The AS2 headers of a request (RFC 4130 §6, §7.1). */
export interface As2Headers {
  as2From: string;
  as2To: string;
  /** As sent, with its angle brackets. */
  messageId: string;
  contentType: string;
  /** Set when an MDN is asked for. */
  dispositionNotificationTo?: string;
  dispositionNotificationOptions?: string;
  /** Set when the MDN is to be posted there later (asynchronous). */
  receiptDeliveryOption?: string;
}

/** The AS2 headers, or a permanent `as2.headers_missing` naming each one missing. */
export function readAs2Headers(headers: Record<string, string>): As2Headers {
  const missing = ['as2-from', 'as2-to', 'message-id', 'content-type'].filter(
    (name) => !headers[name]?.trim(),
  );
  if (missing.length > 0)
    throw permanent('as2.headers_missing', `the request lacks ${missing.join(', ')}`, {
      details: { missing },
    });
  const optional = (name: string) => headers[name]?.trim() || undefined;
  const dnt = optional('disposition-notification-to');
  const options = optional('disposition-notification-options');
  const receipt = optional('receipt-delivery-option');
  return {
    as2From: unquoteAs2Name(headers['as2-from']!),
    as2To: unquoteAs2Name(headers['as2-to']!),
    messageId: headers['message-id']!.trim(),
    contentType: headers['content-type']!.trim(),
    ...(dnt ? { dispositionNotificationTo: dnt } : {}),
    ...(options ? { dispositionNotificationOptions: options } : {}),
    ...(receipt ? { receiptDeliveryOption: receipt } : {}),
  };
}

/** Headers never kept with a stored request: credentials of the HTTP hop, not of the AS2 message. */
const NOT_KEPT = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The request as it is stored, before anything else is done with it: its request line, its headers and its
 * body, as an HTTP/1.1 message (`application/http`), so that what was received can be read again whole.
 */
export function storedRequestBytes(request: As2HttpRequest): Uint8Array {
  const lines = [`${request.method} ${request.path} HTTP/1.1`];
  for (const [name, value] of Object.entries(request.headers))
    if (!NOT_KEPT.has(name)) lines.push(`${name}: ${value.replace(/[\r\n]+/g, ' ')}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return Buffer.concat([head, request.body]);
}

/** The door's empty 200: the answer when the MDN travels separately (asynchronous) or was not asked for. */
export function emptyAnswer(): As2HttpAnswer {
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: new Uint8Array() };
}
