import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { DecimalString, orJsonNumber, QuantityString, Text } from '../core/primitives.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { exceptionView, listExceptions } from '../services/exceptions/exception-inbox.ts';
import { assignException, resolveException } from '../services/exceptions/resolve-exception.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const Exception = z
  .object({
    id: z.string(),
    type: z.string(),
    code: z.string(),
    status: z.string(),
    message: z.string(),
    orderId: z.string().nullable(),
    messageId: z.string().nullable(),
    partnerId: z.string().nullable(),
    owner: z.string().nullable(),
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    createdAt: z.string(),
    diagnostics: z.array(z.unknown()),
    source: z.object({
      channel: z.string().nullable(),
      filename: z.string().nullable(),
      rawUrl: z.string().nullable(),
      rows: z.array(z.number()),
    }),
  })
  .openapi('Exception');

const ResolveRequest = z
  .object({
    action: z.enum(['accept', 'reject']),
    lines: z
      .array(
        z.object({
          lineNumber: orJsonNumber(Text),
          quantity: orJsonNumber(QuantityString).optional(),
          unitPrice: orJsonNumber(DecimalString).optional(),
          sku: Text.optional(),
          status: z.enum(['backorder', 'reject']).optional(),
        }),
      )
      .optional(),
    remember: z.boolean().optional(),
    comment: z.string().max(2000).optional(),
  })
  .openapi('ExceptionResolution');

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The exceptions inbox: list, look at one, assign it, decide it. Admin only. */
export function registerExceptionRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/exceptions',
      summary: 'The exceptions inbox: earliest deadline first',
      security: adminSecurity,
      request: {
        query: z.object({
          status: z.enum(['open', 'resolved']).optional(),
          type: z.string().min(1).max(40).optional(),
          owner: z.string().min(1).max(254).optional(),
          partnerId: z.string().min(1).max(100).optional(),
          overdue: booleanQuery.optional(),
          after: z.string().min(1).max(100).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: {
        200: {
          description: 'the exceptions, earliest deadline first (overdue ones lead)',
          content: { 'application/json': { schema: z.object({ exceptions: z.array(Exception) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ exceptions: await listExceptions(deps.db, c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/exceptions/{id}',
      summary: 'One exception with its order, its source document and the audit trail',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: {
          description: 'the exception',
          content: {
            'application/json': {
              schema: Exception.extend({
                resolution: z.unknown(),
                resolvedBy: z.string().nullable(),
                resolvedAt: z.string().nullable(),
                order: z.unknown(),
                audit: z.array(z.unknown()),
              }),
            },
          },
        },
        ...errorResponses,
        404: errorResponse('no such exception'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const view = await exceptionView(deps.db, id);
      if (!view) return c.json(errorBody('request.not_found', `no exception ${id}`), 404);
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/exceptions/{id}/assign',
      summary: 'Give an open exception to someone',
      security: adminSecurity,
      request: {
        params: IdParam,
        body: {
          content: { 'application/json': { schema: z.object({ owner: z.string().trim().min(1).max(254) }) } },
        },
      },
      responses: {
        200: {
          description: 'assigned',
          content: { 'application/json': { schema: z.object({ id: z.string(), owner: z.string() }) } },
        },
        ...errorResponses,
        404: errorResponse('no such exception'),
        409: errorResponse('the exception is resolved already'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { owner } = c.req.valid('json');
      const result = await assignException(deps.db, id, owner, 'admin');
      if (result === 'not_found') return c.json(errorBody('request.not_found', `no exception ${id}`), 404);
      if (result === 'not_open')
        return c.json(errorBody('exception.not_open', `exception ${id} is resolved already`), 409);
      return c.json({ id, owner }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/exceptions/{id}/resolve',
      summary: 'Decide an exception: accept (lines changed as given) or reject; the 855 follows',
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: ResolveRequest } } },
      },
      responses: {
        200: {
          description: 'resolved; the order is routed and its answer asked for',
          content: {
            'application/json': {
              schema: z.object({
                id: z.string(),
                orderId: z.string().optional(),
                orderStatus: z.string().optional(),
                lines: z.array(z.unknown()).optional(),
                remembered: z.array(z.string()),
              }),
            },
          },
        },
        ...errorResponses,
        404: errorResponse('no such exception'),
        409: errorResponse('the exception is resolved already, or a line is not a line of the order'),
        422: errorResponse('a SKU named is none of our products'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await resolveException(deps.db, id, c.req.valid('json'), 'admin');
      switch (result.outcome) {
        case 'not_found':
          return c.json(errorBody('request.not_found', `no exception ${id}`), 404);
        case 'not_open':
          return c.json(errorBody('exception.not_open', `exception ${id} is resolved already`), 409);
        case 'line_unknown':
          return c.json(errorBody('exception.line_unknown', result.message), 409);
        case 'unknown_sku':
          return c.json(
            errorBody(
              'product.unknown_sku',
              `no product with SKU ${result.skus.join(', ')}`,
              result.skus.map((sku) => ({ sku })),
            ),
            422,
          );
        case 'resolved':
          deps.dispatcher.notify();
          return c.json(
            {
              id,
              remembered: result.remembered,
              ...(result.orderId
                ? { orderId: result.orderId, orderStatus: result.orderStatus, lines: result.lines }
                : {}),
            },
            200,
          );
      }
    },
  );
}
