import { capText } from '../core/cap-text.ts';
import { type GatewayErrorShape, toGatewayErrorShape } from '../core/errors.ts';

/** The longest message an error keeps in `jobs.last_error`, exceptions and logs. */
export const MAX_ERROR_MESSAGE = 500;
/** The largest `details` (as JSON) an error keeps; larger ones are dropped, not cut into invalid JSON. */
const MAX_ERROR_DETAILS = 4_096;

/**
 * SQLSTATE classes and codes a retry can cure (PostgreSQL Appendix A): connection exceptions (08, except a
 * protocol violation, which the same statement repeats), serialization failures and deadlocks, insufficient
 * resources, operator intervention (shutdown, cannot connect now), lock not available.
 */
function retryableSqlState(code: string): boolean {
  if (code === '08P01') return false;
  return (
    code.startsWith('08') ||
    code === '40001' ||
    code === '40P01' ||
    code.startsWith('53') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '55P03'
  );
}

/** Socket and driver failures (postgres.js, Node's errno) that mean the database could not be reached. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** Errors that are bugs in our code: running it again does the same thing. */
const PROGRAMMING_ERRORS = new Set(['RangeError', 'TypeError', 'ReferenceError', 'SyntaxError']);

interface Found {
  code?: string;
  message: string;
  name: string;
}

/** The error itself and its causes, innermost last. */
function chain(error: unknown): Found[] {
  const found: Found[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
    found.push({
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      message: typeof e.message === 'string' ? e.message : String(current),
      name: typeof e.name === 'string' ? e.name : 'Error',
    });
    current = e.cause;
  }
  return found;
}

/**
 * What a failure means for the job that hit it (DESIGN §6), and a message safe to store and show an admin: a
 * GatewayError keeps its kind and code; a database error is classified by SQLSTATE (connection loss, deadlocks
 * and serialization failures retryable; syntax, constraints, bad data and too many parameters permanent) and
 * described without its SQL text or parameter values (drizzle's "Failed query: … params: …" would otherwise
 * carry partners' data into logs and job records); a programming error (RangeError, TypeError …) is permanent,
 * because it fails the same way every time. Messages are capped at {@link MAX_ERROR_MESSAGE} characters.
 */
export function classifyError(error: unknown): GatewayErrorShape {
  const shape = toGatewayErrorShape(error);
  if (shape.code !== 'gateway.internal' || shape.kind !== 'retryable') return capped(shape);
  const causes = chain(error);
  const database = causes.find((c) => c.code !== undefined && /^[0-9A-Z]{5}$/.test(c.code));
  if (database?.code === '08P01' || causes.some((c) => c.code === 'MAX_PARAMETERS_EXCEEDED'))
    return capped({
      kind: 'permanent',
      code: 'database.too_many_parameters',
      message: 'a statement had more parameters than PostgreSQL takes (65,535)',
    });
  if (database?.code !== undefined) {
    const retry = retryableSqlState(database.code);
    return capped({
      kind: retry ? 'retryable' : 'permanent',
      code: retry ? 'database.unavailable' : 'database.rejected',
      message: `the database ${retry ? 'could not run' : 'refused'} a statement (SQLSTATE ${database.code}): ${database.message}`,
    });
  }
  const connection = causes.find((c) => c.code !== undefined && CONNECTION_CODES.has(c.code));
  if (connection || causes.some((c) => c.message.startsWith('the embedded database')))
    return capped({
      kind: 'retryable',
      code: 'database.unavailable',
      message: `the database could not be reached (${connection?.code ?? causes[causes.length - 1]!.message})`,
    });
  const bug = causes.find((c) => PROGRAMMING_ERRORS.has(c.name));
  if (bug)
    return capped({ kind: 'permanent', code: 'gateway.internal', message: `${bug.name}: ${bug.message}` });
  const first = causes[0];
  const message = first?.message.startsWith('Failed query:')
    ? `a database statement failed: ${causes[causes.length - 1]!.message}`
    : shape.message;
  return capped({ ...shape, message });
}

function capped(shape: GatewayErrorShape): GatewayErrorShape {
  const { details, ...rest } = shape;
  const json = details === undefined ? undefined : JSON.stringify(details);
  return {
    ...rest,
    message: capText(shape.message, MAX_ERROR_MESSAGE),
    ...(json === undefined
      ? {}
      : json.length <= MAX_ERROR_DETAILS
        ? { details }
        : { details: { truncated: json.length } }),
  };
}
