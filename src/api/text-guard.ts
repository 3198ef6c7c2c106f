import { createMiddleware } from 'hono/factory';
import { append } from '../core/append.ts';
import { errorBody } from './errors.ts';

/** Places an answer lists: a body with a NUL in each of 100,000 strings is answered, not echoed. */
const LISTED = 100;

/** A lone UTF-16 surrogate: JSON can spell one (`"\ud800"`), UTF-8 and PostgreSQL cannot hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored as PostgreSQL text, or undefined when it can. */
export function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'holds a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'holds a lone UTF-16 surrogate, which is no character';
  return undefined;
}

/** Every string (and key) of a parsed JSON value that cannot be stored, by path. */
export function unstorableStrings(value: unknown, path = ''): { path: string; message: string }[] {
  if (typeof value === 'string') {
    const why = unstorable(value);
    return why ? [{ path: path || '(body)', message: why }] : [];
  }
  if (Array.isArray(value))
    return value.flatMap((item, i) => unstorableStrings(item, path ? `${path}.${i}` : String(i)));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => {
      const where = path ? `${path}.${key}` : key;
      const why = unstorable(key);
      return [
        ...(why ? [{ path: where, message: `the key ${why}` }] : []),
        ...unstorableStrings(item, where),
      ];
    });
  }
  return [];
}

/** A path segment or query value as the router decodes it (a malformed escape stays as it is). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/**
 * 400 `request.invalid_text` for a request whose path, query or JSON body holds text PostgreSQL cannot store (NUL, a
 * lone surrogate), naming each place, rather than a 500 from the database further in. Runs after the
 * credentials are checked, so nobody's body is parsed before that.
 */
export const textGuard = createMiddleware(async (c, next) => {
  const url = new URL(c.req.url);
  const problems: { path: string; message: string }[] = [];
  for (const segment of url.pathname.split('/')) {
    const why = unstorable(decoded(segment));
    if (why) problems.push({ path: `(path) ${segment}`, message: why });
  }
  for (const [name, value] of url.searchParams) {
    const why = unstorable(name) ?? unstorable(value);
    if (why) problems.push({ path: `(query) ${name}`, message: why });
  }
  if (problems.length === 0 && /^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    // parsed once: hono keeps the parsed body for the route's validator; malformed JSON is the validator's
    const body = await c.req.json().catch(() => undefined);
    append(problems, unstorableStrings(body));
  }
  if (problems.length > 0)
    return c.json(
      errorBody(
        'request.invalid_text',
        `the request holds text that cannot be stored (${problems.length} places${problems.length > LISTED ? `, the first ${LISTED} listed` : ''})`,
        problems.slice(0, LISTED),
      ),
      400,
    );
  await next();
});
