import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './errors.ts';

/** The largest JSON body a route takes: a shipment of a few thousand packs fits many times over. */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * 413 for a body over `maxBytes`, known from Content-Length before anything is read or counted while it
 * streams; the connection is closed, so the rest of an oversized upload is not read either.
 */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header('Connection', 'close');
      return c.json(errorBody('request.payload_too_large', `the body is larger than ${maxBytes} bytes`), 413);
    },
  });
}

/** {@link limitBody} at {@link MAX_JSON_BYTES}, for every JSON route. */
export const jsonBodyLimit = limitBody(MAX_JSON_BYTES);
