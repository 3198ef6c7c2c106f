import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import { listMessages, messageRaw, messageView, partnerMessageView } from '../db/message-view.ts';
import { MESSAGE_STATUSES } from '../db/schema.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { assignMessage } from '../services/assign-message.ts';
import { replayMessage } from '../services/replay.ts';
import { type ApiEnv, visible } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam, partnerSecurity } from './schemas.ts';

/** What every listing shows of a message. */
const summaryFields = {
  id: z.string(),
  direction: z.string(),
  channel: z.string(),
  type: z.string().nullable(),
  partnerId: z.string().nullable(),
  status: z.string(),
  size: z.number(),
  receivedAt: z.string(),
};

const MessageSummary = z.object(summaryFields).openapi('MessageSummary');

const MessageView = z
  .object({
    ...summaryFields,
    replayOf: z.string().nullable(),
    replays: z.array(z.string()),
    sha256: z.string(),
    diagnostics: z.array(z.unknown()),
    orders: z.array(z.object({ id: z.string(), poNumber: z.string(), status: z.string() })),
    outbound: z.array(
      z.object({ id: z.string(), documentId: z.string(), type: z.string(), status: z.string() }),
    ),
    /** `orders` and `outbound` list the first 1,000; these are the totals (GET /v1/orders?messageId= pages). */
    counts: z.object({ orders: z.number(), outbound: z.number() }),
    timeline: z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        action: z.string(),
        before: z.unknown(),
        after: z.unknown(),
      }),
    ),
    jobs: z.array(
      z.object({
        id: z.string(),
        stage: z.string(),
        status: z.string(),
        attempts: z.number(),
        lastError: z.unknown(),
        updatedAt: z.string(),
      }),
    ),
  })
  .openapi('Message');

const notFound = errorResponse('no such message');

export function registerMessageRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/messages',
      summary: 'Messages newest first; a partner sees its own (e.g. the 997s and 855s to pull)',
      security: partnerSecurity,
      request: {
        query: z.object({
          direction: z.enum(['inbound', 'outbound']).optional(),
          type: z
            .string()
            .regex(/^[A-Z0-9]{2,6}$/, 'a document type such as 850, 997, TA1')
            .optional(),
          orderId: z.string().min(1).optional(),
          status: z.enum(MESSAGE_STATUSES).optional(),
          partnerId: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .openapi({ description: "an admin's filter; a partner always sees its own" }),
          channel: z.string().min(1).max(40).optional(),
          poNumber: z.string().min(1).max(100).optional().openapi({
            description:
              'the message that carried the order with this PO number, and the documents sent about it',
          }),
          control: z.string().min(1).max(30).optional().openapi({
            description:
              "an inbound interchange's ISA13, or the ISA13, GS06 or ST02 of a document sent (leading zeros ignored)",
          }),
          since: z.iso.datetime({ offset: true }).optional(),
          until: z.iso.datetime({ offset: true }).optional(),
          before: z.iso.datetime({ offset: true }).optional(),
          after: z.string().min(1).max(100).optional().openapi({
            description: 'the last id of the previous page: the messages listed after it',
          }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: 'messages',
          content: { 'application/json': { schema: z.object({ messages: z.array(MessageSummary) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const principal = c.get('principal');
      const date = (text: string | undefined) => (text ? new Date(text) : undefined);
      const list = await listMessages(deps.db, {
        ...query,
        before: date(query.before),
        since: date(query.since),
        until: date(query.until),
        partnerId: principal.kind === 'partner' ? principal.partnerId : query.partnerId,
      });
      return c.json({ messages: list }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/messages/{id}/replay',
      summary: 'Re-run an inbound message from its raw bytes with the current mappings (admin)',
      description:
        'A new message linked to this one (`replayOf`) goes through the pipeline again; once it yields orders, ' +
        "the earlier run's orders are superseded and its open exceptions resolved.",
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        202: {
          description: 'the replay was stored; decoding follows',
          content: {
            'application/json': { schema: z.object({ messageId: z.string(), replayOf: z.string() }) },
          },
        },
        ...errorResponses,
        403: errorResponse('admins only'),
        404: notFound,
      },
    }),
    async (c) => {
      if (c.get('principal').kind !== 'admin')
        return c.json(errorBody('auth.forbidden', 'only an admin may replay a message'), 403);
      const { id } = c.req.valid('param');
      const { messageId } = await replayMessage(deps.db, id, 'admin');
      deps.dispatcher.notify();
      return c.json({ messageId, replayOf: id }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/messages/{id}/assign',
      summary: "Say whose a held mail is: it becomes that partner's and is decoded again (admin)",
      description:
        'For a mail held because its sender is unknown or not proved (`email.sender_unknown`, ' +
        "`email.sender_unauthenticated`). With `remember`, the sender's address becomes an `email` identifier " +
        "of the partner, so its next mail is recognised (and still proved by the partner's `emailAuth`).",
      security: adminSecurity,
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                partnerId: z.string().min(1).max(100),
                remember: z.boolean().default(false),
              }),
            },
          },
        },
      },
      responses: {
        202: {
          description: 'assigned; decoding follows',
          content: {
            'application/json': {
              schema: z.object({
                messageId: z.string(),
                partnerId: z.string(),
                remembered: z.string().optional(),
              }),
            },
          },
        },
        ...errorResponses,
        403: errorResponse('admins only'),
        404: errorResponse('no such mail, or no such partner'),
        409: errorResponse('the mail is not held for its sender, or the address belongs to another partner'),
      },
    }),
    async (c) => {
      if (c.get('principal').kind !== 'admin')
        return c.json(errorBody('auth.forbidden', 'only an admin may assign a message'), 403);
      const { id } = c.req.valid('param');
      const { partnerId, remember } = c.req.valid('json');
      const result = await assignMessage(deps.db, { messageId: id, partnerId, remember, actor: 'admin' });
      switch (result.outcome) {
        case 'not_found':
          return c.json(errorBody('request.not_found', `no inbound mail ${id}`), 404);
        case 'partner_not_found':
          return c.json(errorBody('request.not_found', `no partner ${partnerId}`), 404);
        case 'not_held':
          return c.json(
            errorBody(
              'message.not_held',
              `mail ${id} is ${result.status}, not held for its sender: nothing to assign`,
            ),
            409,
          );
        case 'identifier_taken':
          return c.json(errorBody('partner.identifier_taken', result.message), 409);
        case 'assigned':
          deps.dispatcher.notify();
          return c.json(
            {
              messageId: result.messageId,
              partnerId: result.partnerId,
              ...(result.remembered ? { remembered: result.remembered } : {}),
            },
            202,
          );
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/messages/{id}',
      summary: 'A message: status, diagnostics, its orders, its answers (997/999/TA1 …) and its timeline',
      security: partnerSecurity,
      request: { params: IdParam },
      responses: {
        200: { description: 'the message', content: { 'application/json': { schema: MessageView } } },
        401: errorResponses[401],
        404: notFound,
      },
    }),
    async (c) => {
      const view = await messageView(deps.db, c.req.valid('param').id);
      if (view === undefined || !visible(c, view.partnerId))
        return c.json(errorBody('request.not_found', 'no such message'), 404);
      return c.json(c.get('principal').kind === 'admin' ? view : partnerMessageView(view), 200);
    },
  );

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/messages/{id}/raw',
    summary: 'The exact bytes of a message (inbound as received, outbound as sent)',
    security: partnerSecurity,
    request: { params: IdParam },
    responses: {
      200: {
        description:
          'the bytes, as an attachment: application/edi-x12 for X12, else application/octet-stream (never the type the sender claimed)',
        content: {
          'application/edi-x12': { schema: z.string() },
          'application/octet-stream': { schema: z.string() },
        },
      },
      401: errorResponses[401],
      404: notFound,
    },
  });
  app.get('/v1/messages/:id/raw', async (c) => {
    const row = await messageRaw(deps.db, c.req.param('id'));
    if (row === undefined || !visible(c, row.partnerId))
      return c.json(errorBody('request.not_found', 'no such message'), 404);
    // a partner's bytes, never rendered: a type of our choosing by channel (never the Content-Type the
    // sender claimed, which could be text/html), no sniffing, a download, and a policy that runs nothing
    const download = rawDownload(row.channel);
    return c.body(new Uint8Array(row.raw), 200, {
      'Content-Type': download.contentType,
      'Content-Disposition': `attachment; filename="${c.req.param('id').replace(/[^A-Za-z0-9-]/g, '_')}${download.extension}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  });
}

/** How stored bytes are served: X12 as EDI, everything else as opaque bytes until its connector says more. */
function rawDownload(channel: string): { contentType: string; extension: string } {
  return channel === 'x12'
    ? { contentType: 'application/edi-x12', extension: '.edi' }
    : { contentType: 'application/octet-stream', extension: '.bin' };
}
