import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import type { Metrics } from '../services/metrics.ts';
import type { ApiEnv } from './auth.ts';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Readiness = z
  .object({
    ready: z.boolean(),
    checks: z.object({ database: z.string(), queue: z.string() }),
  })
  .openapi('Readiness');

async function check(probe: () => Promise<void>, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return `error: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { pingDatabase(): Promise<void>; dispatcher: Dispatcher; metrics: Metrics },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the process answers',
      responses: { 200: { description: 'alive', content: { 'application/json': { schema: Health } } } },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the database and the queue answer',
      responses: {
        200: { description: 'ready', content: { 'application/json': { schema: Readiness } } },
        503: { description: 'not ready', content: { 'application/json': { schema: Readiness } } },
      },
    }),
    async (c) => {
      const [database, queue] = await Promise.all([
        check(deps.pingDatabase, 2000),
        check(() => deps.dispatcher.ping(), 2000),
      ]);
      const ready = database === 'ok' && queue === 'ok';
      if (!ready) c.header('Retry-After', '5');
      return c.json({ ready, checks: { database, queue } }, ready ? 200 : 503);
    },
  );

  app.get('/metrics', async (c) => {
    const body = await deps.metrics.registry.metrics();
    return c.body(body, 200, { 'Content-Type': deps.metrics.registry.contentType });
  });
}
