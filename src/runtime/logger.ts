import { type Logger, pino } from 'pino';
import { capText } from '../core/cap-text.ts';

export type { Logger };

/** Paths pino blanks out wherever they appear, so keys, tokens and passwords never reach a log. */
export const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'adminToken',
  '*.adminToken',
];

/**
 * drizzle-orm's failed-query error reads "Failed query: <sql>\nparams: <values>" and keeps the values in
 * `params`: a statement's values are a partner's documents, settings and credentials, so no log line shows them.
 */
const PARAMS = '\nparams: ';

/** The longest message or stack an error keeps in a log line. */
const MAX_LOGGED = 2_000;

/** Drops the values of every failed query in the error's cause chain from its serialised message and stack. */
function errWithoutQueryParams(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  if (serialized === error || typeof serialized !== 'object' || serialized === null) return serialized;
  let { message, stack } = serialized;
  const { params: _values, ...rest } = serialized as typeof serialized & { params?: unknown };
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 10; depth++) {
    const values = (e as { params?: unknown }).params;
    if (values !== undefined && typeof (e as { query?: unknown }).query === 'string') {
      // the exact text drizzle wrote (`${params}`), so values spanning lines are cut whole
      message = message.replace(`${PARAMS}${String(values)}`, '');
      stack = stack.replace(`${PARAMS}${String(values)}`, '');
    }
    e = (e as { cause?: unknown }).cause;
  }
  // a failed statement's SQL text (in the message and in `query`) can be megabytes, one placeholder per value:
  // every text of the error is cut, so a log line stays readable
  return Object.fromEntries(
    Object.entries({ ...rest, message, stack }).map(([key, value]) => [
      key,
      typeof value === 'string' ? capText(value, MAX_LOGGED) : value,
    ]),
  );
}

/** A logged GatewayErrorShape (the job runner's `error`): a failed query's message ends with its values. */
function shapeWithoutQueryParams(shape: unknown): unknown {
  const message = (shape as { message?: unknown } | null)?.message;
  if (typeof message !== 'string' || !message.startsWith('Failed query: ')) return shape;
  const at = message.indexOf(PARAMS);
  return at < 0 ? shape : { ...(shape as object), message: message.slice(0, at) };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: errWithoutQueryParams, error: shapeWithoutQueryParams },
      base: { service: 'ordergate' },
    },
    destination,
  );
}
