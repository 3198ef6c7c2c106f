import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { EventEnvelope, EventType } from '../core/events.ts';
import type { Database } from '../db/client.ts';
import { listEvents } from '../services/webhooks.ts';
import type { ApiEnv } from './auth.ts';
import { adminSecurity, errorResponses } from './schemas.ts';

/** The envelope of an event (core/events.ts), for the OpenAPI document. */
export const EventSchema = z.object(EventEnvelope.shape).openapi('Event');

/** A cursor: an event id (decimal, below 2^63). */
const Cursor = z.string().regex(/^(0|[1-9][0-9]{0,17})$/, 'an event id: a decimal number');

/** Polling the events for the ERP (admin): the same events webhooks post, by cursor. */
export function registerEventRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events',
      summary: 'Events for the ERP after a cursor, oldest first: ask again with `after` = `next`',
      description:
        'Order accepted, changed, cancelled or rejected, exception opened: the events webhooks post, each ' +
        'with its id as the cursor. Without `after`, from the first event. `next` is the last id listed ' +
        '(or `after` again when nothing is new); no event committed later gets an id below it.',
      security: adminSecurity,
      request: {
        query: z.object({
          after: Cursor.optional().openapi({ description: 'the `next` of the previous page' }),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          type: EventType.optional(),
        }),
      },
      responses: {
        200: {
          description: 'events',
          content: {
            'application/json': {
              schema: z.object({ events: z.array(EventSchema), next: Cursor }).openapi('EventPage'),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listEvents(deps.db, c.req.valid('query')), 200),
  );
}
