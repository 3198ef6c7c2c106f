import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { GatewayError, retryable } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import type { As2HttpAnswer, As2HttpRequest } from '../services/as2/as2-request.ts';
import { receiveAs2 } from '../services/as2/receive-as2.ts';
import { receiveAsyncMdn } from '../services/as2/receive-mdn.ts';
import type { ApiEnv } from './auth.ts';
import { limitBody } from './body-limits.ts';

/**
 * The AS2 doors (RFC 4130): `POST /as2/:partnerId` and the shared `POST /as2` (the partner found by AS2-From)
 * take messages, answering with the MDN when it is synchronous; `POST /as2/mdn` takes the asynchronous MDNs of
 * what we sent. No bearer token: an AS2 peer proves itself by its signature, checked against its certificates.
 */
export function registerAs2Routes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher; secrets: SecretBox; log: Logger; maxInboundBytes: number },
): void {
  const door = { db: deps.db, secrets: deps.secrets, log: deps.log, notify: () => deps.dispatcher.notify() };
  const take =
    (receive: (request: As2HttpRequest) => Promise<As2HttpAnswer>) => async (c: Context<ApiEnv>) => {
      const request: As2HttpRequest = {
        method: c.req.method,
        path: c.req.path,
        headers: c.req.header(),
        body: new Uint8Array(await c.req.arrayBuffer()),
        ...(c.req.param('partnerId') ? { partnerId: c.req.param('partnerId') } : {}),
      };
      let answer: As2HttpAnswer;
      try {
        answer = await receive(request);
      } catch (error) {
        if (error instanceof GatewayError && error.kind !== 'retryable') throw error;
        // nothing was acknowledged: the peer sends again later, with the same Message-ID
        throw retryable('gateway.unavailable', 'the message could not be stored; retry later', {
          cause: error,
        });
      }
      return c.body(new Uint8Array(answer.body), answer.status as 200, answer.headers);
    };
  const limit = limitBody(deps.maxInboundBytes);
  app.post(
    '/as2/mdn',
    limit,
    take((request) => receiveAsyncMdn(door, request)),
  );
  app.post(
    '/as2',
    limit,
    take((request) => receiveAs2(door, request)),
  );
  app.post(
    '/as2/:partnerId',
    limit,
    take((request) => receiveAs2(door, request)),
  );
}
