import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { type ErrorCode, errorCodeEntry } from '../core/error-codes.ts';
import type { GatewayErrorShape } from '../core/errors.ts';
import { type FieldProblem, zodProblems } from '../core/field-problem.ts';
import { classifyError } from '../db/classify-error.ts';
import type { Logger } from '../runtime/logger.ts';

/** The one error body every route answers with (DESIGN §5). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

const STATUS_BY_KIND: Record<GatewayErrorShape['kind'], ContentfulStatusCode> = {
  partner_rejectable: 422,
  permanent: 400,
  retryable: 503,
};

const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'auth.unauthorized',
  413: 'request.payload_too_large',
  415: 'request.unsupported_media_type',
};

/** The error body for a registered code. */
export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Each zod issue as one entry: where in the body, and what is wrong there. */
export const zodDetails: (error: ZodError) => FieldProblem[] = zodProblems;

export function validationFailed(c: Context, error: ZodError, target: string): Response {
  return c.json(errorBody('request.invalid', `the request ${target} is invalid`, zodDetails(error)), 400);
}

/**
 * Turns anything thrown in a route into the JSON error shape: hono's own HTTP exceptions (e.g. its plain-text
 * 400 for malformed JSON), our GatewayErrors by code and kind, and unknown failures as a logged 500 that
 * reveals nothing internal.
 */
export function handleError(error: unknown, c: Context, log: Logger): Response {
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = HTTP_EXCEPTION_CODES[status] ?? 'request.invalid';
    return c.json(errorBody(code, error.message || 'bad request'), status);
  }
  const shape = classifyError(error);
  if (shape.code === 'gateway.internal') {
    log.error({ error: shape, path: c.req.path }, 'unhandled error in route');
    return c.json(errorBody('gateway.internal', 'internal error'), 500);
  }
  if (shape.code.startsWith('database.')) {
    // the caller learns whether to retry, never what the database said
    log.error({ error: shape, path: c.req.path }, 'database error in route');
    const retry = shape.kind === 'retryable';
    if (retry) c.header('Retry-After', '5');
    return c.json(
      errorBody(
        retry ? 'gateway.unavailable' : 'gateway.internal',
        retry ? 'the database is unavailable; retry later' : 'internal error',
      ),
      retry ? 503 : 500,
    );
  }
  // the registry's status for the code (409 for a partner that exists …), else the one its kind has
  const status =
    (errorCodeEntry(shape.code).http as ContentfulStatusCode | undefined) ?? STATUS_BY_KIND[shape.kind];
  if (status === 503) c.header('Retry-After', '5');
  return c.json(errorBody(shape.code, shape.message, shape.details), status);
}
