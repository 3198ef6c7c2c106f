import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { retryable } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { storeInbound } from '../pipeline/intake/intake.ts';
import type { Logger } from '../runtime/logger.ts';
import type { ApiEnv } from './auth.ts';
import { limitBody } from './body-limits.ts';
import { errorBody } from './errors.ts';
import { errorResponse, errorResponses, partnerSecurity } from './schemas.ts';

const Accepted = z.object({ messageId: z.string() }).openapi('Accepted');
const X12_CONTENT_TYPES = ['application/edi-x12', 'text/plain', 'application/octet-stream'];

/** How far into the body an ISA may start: a BOM and some blank lines are tolerated, a letter is not. */
const ISA_SEARCH_BYTES = 1024;

/** Whether the body can be an X12 interchange: its first non-blank characters (after a BOM) are "ISA". */
function looksLikeX12(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < Math.min(bytes.length, ISA_SEARCH_BYTES) &&
    (bytes[i] === 0x20 || (bytes[i]! >= 0x09 && bytes[i]! <= 0x0d))
  )
    i++;
  return bytes[i] === 0x49 && bytes[i + 1] === 0x53 && bytes[i + 2] === 0x41;
}

export function registerInboundRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher; log: Logger; maxInboundBytes: number },
): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/inbound/x12',
    summary: 'Receive an X12 interchange (raw body); 202 once its bytes are stored',
    description:
      'Any content type (application/edi-x12, text/plain, application/octet-stream). The 997/999/TA1 answer ' +
      'is listed under `outbound` by GET /v1/messages/{id} once decoded.',
    security: partnerSecurity,
    request: {
      body: {
        required: true,
        content: Object.fromEntries(X12_CONTENT_TYPES.map((t) => [t, { schema: z.string() }])),
      },
    },
    responses: {
      202: { description: 'stored; decoding follows', content: { 'application/json': { schema: Accepted } } },
      ...errorResponses,
      413: errorResponse('larger than the inbound limit'),
      422: errorResponse('not an X12 interchange'),
      503: errorResponse('storage unavailable; nothing was kept'),
    },
  });

  app.post('/v1/inbound/x12', limitBody(deps.maxInboundBytes), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) return c.json(errorBody('request.invalid', 'the body is empty'), 400);
    if (!looksLikeX12(bytes)) {
      return c.json(
        errorBody('request.not_x12', 'the body is not an X12 interchange: it must start with an ISA segment'),
        422,
      );
    }
    const principal = c.get('principal');
    let stored: { messageId: string };
    try {
      // the door is a source that pushes: stored and the decode woken as every door's message is
      stored = await storeInbound(
        { db: deps.db, log: deps.log, notify: () => deps.dispatcher.notify() },
        {
          channel: 'x12',
          bytes,
          ...(principal.kind === 'partner' ? { partnerId: principal.partnerId } : {}),
          sender: principal.kind === 'partner' ? `api-key:${principal.partnerId}` : 'admin',
          contentType: c.req.header('content-type') ?? 'application/octet-stream',
        },
        principal.kind === 'partner' ? `partner:${principal.partnerId}` : 'admin',
      );
    } catch (error) {
      // Nothing was committed, so nothing is acknowledged: the sender retries later (back-pressure).
      throw retryable('gateway.unavailable', 'the message could not be stored; retry later', {
        cause: error,
      });
    }
    return c.json({ messageId: stored.messageId }, 202);
  });
}
