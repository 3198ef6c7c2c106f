import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { listJobs, retryJobs } from '../services/dead-letters.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses } from './schemas.ts';

const Job = z
  .object({
    id: z.string(),
    stage: z.string(),
    entityId: z.string(),
    status: z.string(),
    attempts: z.number(),
    lastError: z.unknown(),
    updatedAt: z.string(),
  })
  .openapi('Job');

const Stopped = z.enum(['dead', 'failed']);
const Retried = z.object({ retried: z.array(z.string()) }).openapi('Retried');

/** Dead letters and failed jobs, for operators: list them, retry one, retry many. */
export function registerJobRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs',
      summary:
        'Pipeline jobs by status: dead letters (retries used up) by default, or failed (permanent errors)',
      security: adminSecurity,
      request: {
        query: z.object({
          status: z.enum(['dead', 'failed', 'pending', 'done']).default('dead'),
          stage: z.string().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: {
        200: {
          description: 'jobs',
          content: { 'application/json': { schema: z.object({ jobs: z.array(Job) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ jobs: await listJobs(deps.db, c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/{id}/retry',
      summary: 'Retry one dead-lettered or failed job with a fresh attempt count',
      security: adminSecurity,
      request: { params: z.object({ id: z.string().min(1) }) },
      responses: {
        202: { description: 'queued again', content: { 'application/json': { schema: Retried } } },
        ...errorResponses,
        404: errorResponse('no dead or failed job with this id'),
      },
    }),
    async (c) => {
      const retried = await retryJobs(deps.db, { ids: [c.req.valid('param').id] }, 'admin');
      if (retried.length === 0)
        return c.json(errorBody('request.not_found', 'no dead or failed job with this id'), 404);
      deps.dispatcher.notify();
      return c.json({ retried }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/retry',
      summary: 'Retry dead-lettered jobs in bulk (failed ones only when asked), optionally of one stage',
      description:
        'Without a body, with an empty one or with `{}`, only dead letters (retries used up) are retried. ' +
        'Failed jobs (permanent errors, held for an operator) are retried only with `{"status":"failed"}`.',
      security: adminSecurity,
      request: {
        body: {
          required: false,
          content: {
            'application/json': {
              schema: z.object({
                status: Stopped.optional().openapi({
                  description: 'which stopped jobs to retry: `dead` (the default) or `failed`',
                }),
                stage: z.string().min(1).optional(),
              }),
            },
          },
        },
      },
      responses: {
        202: { description: 'queued again', content: { 'application/json': { schema: Retried } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      // no default in the schema: without a JSON body the validator hands over `{}` and applies none
      const { status = 'dead', stage } = c.req.valid('json');
      const retried = await retryJobs(deps.db, { status, stage }, 'admin');
      if (retried.length > 0) deps.dispatcher.notify();
      return c.json({ retried }, 202);
    },
  );
}
