import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { errorBody } from './errors.ts';

/** The largest JSON body a route takes: a shipment of a few thousand packs fits many times over. */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * 413 for a body over `maxBytes`, known from Content-Length before anything is read or counted while it
 * streams; the connection is closed, so the rest of an oversized upload is not read either.
 */
export function limitBody(maxBytes: number) {
  const tooLarge = (c: Context) => {
    c.header('Connection', 'close');
    return c.json(errorBody('request.payload_too_large', `the body is larger than ${maxBytes} bytes`), 413);
  };
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return createMiddleware(async (c, next) => {
    // With a Content-Length the header alone decides (Node's parser never reads past it). hono's bodyLimit
    // would first build the full web Request and its body stream (~0.15 ms of CPU a request in a profile of
    // the X12 door), where the route's own read of the body takes the Node server's fast path without them.
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined)
      return Number(length) > maxBytes ? tooLarge(c) : next();
    return counted(c, next);
  });
}

/** {@link limitBody} at {@link MAX_JSON_BYTES}, for every JSON route. */
export const jsonBodyLimit = limitBody(MAX_JSON_BYTES);
