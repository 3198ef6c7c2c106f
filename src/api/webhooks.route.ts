import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { DeliveryContext } from '../core/connector.ts';
import { EVENT_TYPES } from '../core/events.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import {
  createWebhook,
  disableWebhook,
  listWebhookDeadLetters,
  listWebhooks,
  replayWebhookDeadLetter,
} from '../services/webhooks.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { EventSchema } from './events.route.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const EventTypeSchema = z.enum(EVENT_TYPES);

const Webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    types: z.array(EventTypeSchema).openapi({ description: 'the event types posted; empty: every type' }),
    enabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Webhook');

const WebhookRequest = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2000),
    types: z.array(EventTypeSchema).max(EVENT_TYPES.length).optional().openapi({
      description: 'the event types to post; left out or empty: every type',
    }),
  })
  .openapi('WebhookRequest');

const DeadLetter = z
  .object({
    jobId: z.string(),
    status: z
      .string()
      .openapi({ description: '`dead` (retries used up) or `failed` (refused: not retried)' }),
    attempts: z.number(),
    lastError: z.unknown(),
    updatedAt: z.string(),
    endpoint: z.object({ id: z.string(), url: z.string(), enabled: z.boolean() }).nullable(),
    event: EventSchema.nullable(),
  })
  .openapi('WebhookDeadLetter');

/** Webhook endpoints for the ERP (admin): add one (its secret shown once), list, disable; dead letters. */
export function registerWebhookRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher; secrets: SecretBox; delivery: DeliveryContext },
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks',
      summary: 'Add a webhook endpoint events are posted to, signed with a new secret (shown this once)',
      security: adminSecurity,
      request: { body: { required: true, content: { 'application/json': { schema: WebhookRequest } } } },
      responses: {
        201: {
          description: 'added; `secret` keys the HMAC-SHA256 of `Ordergate-Signature` and is not shown again',
          content: { 'application/json': { schema: z.object({ webhook: Webhook, secret: z.string() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await createWebhook(deps.db, deps, c.req.valid('json'), 'admin'), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks',
      summary: 'Webhook endpoints, disabled ones included (never their secrets)',
      security: adminSecurity,
      responses: {
        200: {
          description: 'endpoints',
          content: { 'application/json': { schema: z.object({ webhooks: z.array(Webhook) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ webhooks: await listWebhooks(deps.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhooks/{id}',
      summary: 'Disable a webhook endpoint: nothing more is posted to it (its waiting posts are dropped)',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: {
          description: 'disabled',
          content: { 'application/json': { schema: z.object({ webhook: Webhook }) } },
        },
        ...errorResponses,
        404: errorResponse('no such webhook endpoint'),
      },
    }),
    async (c) => {
      const webhook = await disableWebhook(deps.db, c.req.valid('param').id, 'admin');
      if (webhook === undefined)
        return c.json(errorBody('request.not_found', 'no such webhook endpoint'), 404);
      return c.json({ webhook }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks/dead-letters',
      summary:
        'Events a webhook endpoint did not take: retries used up (dead) or refused (failed), newest first',
      security: adminSecurity,
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
      responses: {
        200: {
          description: 'dead letters',
          content: { 'application/json': { schema: z.object({ deadLetters: z.array(DeadLetter) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ deadLetters: await listWebhookDeadLetters(deps.db, c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/dead-letters/{jobId}/replay',
      summary: 'Post a dead-lettered event again, with a fresh attempt count',
      security: adminSecurity,
      request: { params: z.object({ jobId: z.string().min(1).max(200) }) },
      responses: {
        202: {
          description: 'queued again',
          content: { 'application/json': { schema: z.object({ replayed: z.string() }) } },
        },
        ...errorResponses,
        404: errorResponse('no webhook dead letter with this job id'),
      },
    }),
    async (c) => {
      const { jobId } = c.req.valid('param');
      if (!(await replayWebhookDeadLetter(deps.db, jobId, 'admin')))
        return c.json(errorBody('request.not_found', 'no webhook dead letter with this job id'), 404);
      deps.dispatcher.notify();
      return c.json({ replayed: jobId }, 202);
    },
  );
}
