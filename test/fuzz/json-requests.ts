import fc from 'fast-check';

/**
 * Random requests to the gateway's JSON routes, generated from its own OpenAPI document so that a route added
 * later is fuzzed without anyone remembering to: valid bodies damaged field by field, arbitrary JSON, text that
 * is not JSON, hostile path segments and query values, every kind of credential.
 */

/** One operation of the OpenAPI document. */
export interface Operation {
  method: string;
  /** As the document writes it: `/v1/orders/{id}/shipments`. */
  path: string;
  query: { name: string; values: string[] }[];
  hasBody: boolean;
}

/** A request ready for fetch: the path already encoded, the body as bytes. */
export interface FuzzRequest {
  method: string;
  path: string;
  token: 'admin' | 'partner' | 'none' | 'wrong';
  contentType?: string;
  body?: Uint8Array;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema?: { enum?: string[]; default?: unknown } }[];
        requestBody?: unknown;
      }
    >
  >;
}

/** The operations a document lists (the raw route, /metrics and the X12 door are fuzzed on their own too). */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({
          name: p.name,
          values: [...(p.schema?.enum ?? []), String(p.schema?.default ?? '1')],
        })),
      hasBody: op.requestBody !== undefined,
    })),
  );
}

/** Text a field, a path segment or a query value should never trip over. */
export const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff x',
  '\ufeff',
  '\u202e',
  '𝄞',
  'é',
  '..',
  '../../etc/passwd',
  '%00',
  '%zz',
  '%',
  '<script>alert(1)</script>',
  "'; drop table orders; --",
  '*~>',
  '|',
  'ISA*00*',
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '__proto__',
  'constructor',
  '9'.repeat(40),
  'x'.repeat(5_000),
  '2026-02-30',
  '2026-12-03T25:61:00Z',
];

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Values a JSON field can be swapped for. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      true,
      0,
      -1,
      1.5,
      1e21,
      -0,
      Number.MAX_SAFE_INTEGER + 2,
      [],
      {},
      [[[[]]]],
      { __proto__: { admin: true } },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

type Json = unknown;

/** Every path into a JSON value (object keys and array indexes). */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) paths.push(...pathsOf(v, [...prefix, i]));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  return paths;
}

type Edit = { op: 'set'; value: unknown } | { op: 'delete' } | { op: 'add'; key: string; value: unknown };

function edited(value: Json, path: (string | number)[], edit: Edit): Json {
  if (path.length === 0) {
    if (edit.op === 'set') return edit.value;
    if (edit.op === 'add' && value !== null && typeof value === 'object' && !Array.isArray(value))
      return { ...value, [edit.key]: edit.value };
    return edit.op === 'delete' ? undefined : value;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    const next = edited(copy[head as number], rest, edit);
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  const next = edited(copy[head as string], rest, edit);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

/** A valid body with one to three of its fields replaced, deleted or joined by an unknown one. */
export function damagedJson(valid: Json): fc.Arbitrary<Json> {
  const paths = pathsOf(valid);
  const edit: fc.Arbitrary<[(string | number)[], Edit]> = fc.tuple(
    fc.constantFrom(...paths),
    fc.oneof(
      fc.record({ op: fc.constant('set' as const), value: hostileValue }),
      fc.record({ op: fc.constant('delete' as const) }),
      fc.record({ op: fc.constant('add' as const), key: hostileString, value: hostileValue }),
    ),
  );
  return fc
    .array(edit, { minLength: 1, maxLength: 3 })
    .map((edits) => edits.reduce((body, [path, e]) => edited(body, path, e) ?? null, valid));
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** encodeURIComponent, except that a lone surrogate (which it refuses) is sent as U+FFFD's bytes. */
const percentEncoded = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...utf8(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
};

/** A body as bytes: damaged valid JSON mostly, else arbitrary JSON, broken JSON or bytes that are not UTF-8. */
function bodyFor(valid: Json): fc.Arbitrary<Uint8Array> {
  const text = JSON.stringify(valid);
  return fc.oneof(
    { weight: 6, arbitrary: damagedJson(valid).map((v) => utf8(JSON.stringify(v) ?? 'null')) },
    { weight: 2, arbitrary: fc.constant(utf8(text)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => utf8(JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.nat({ max: text.length }).map((n) => utf8(text.slice(0, n))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat({ max: text.length }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
        .map(([at, junk]) => new Uint8Array([...utf8(text.slice(0, at)), ...junk, ...utf8(text.slice(at))])),
    },
    { weight: 1, arbitrary: fc.constantFrom(utf8(`[${'['.repeat(5000)}`), utf8('{"a":'.repeat(3000))) },
  );
}

/**
 * Requests to `operations`: ids for path parameters from `ids` (what exists, so handlers get past their
 * lookups) or hostile text; query values from the document's enums and defaults or hostile text; bodies from
 * `examples` (keyed `METHOD /path`, default `{}`).
 */
export function fuzzRequests(
  operations: Operation[],
  ids: () => string[],
  examples: Record<string, Json>,
): fc.Arbitrary<FuzzRequest> {
  const segment = fc.oneof(
    { weight: 3, arbitrary: fc.nat().map((n) => ids()[n % Math.max(ids().length, 1)] ?? 'none') },
    { weight: 2, arbitrary: hostileString.map(percentEncoded) },
    // some as they are, unencoded: %00, %zz, '..'
    { weight: 1, arbitrary: fc.constantFrom('%00', '%zz', '%', '..', '%2e%2e', '%2F', 'a%00b', '%ED%A0%80') },
  );
  const query = (op: Operation) =>
    fc.array(
      fc.tuple(
        fc.oneof(
          {
            weight: 4,
            arbitrary: fc.constantFrom(...(op.query.length ? op.query : [{ name: 'x', values: [] }])),
          },
          { weight: 1, arbitrary: hostileString.map((name) => ({ name, values: [] as string[] })) },
        ),
        fc.oneof(
          { weight: 1, arbitrary: fc.nat().map((n) => ids()[n % Math.max(ids().length, 1)] ?? '1') },
          { weight: 2, arbitrary: hostileString },
          { weight: 2, arbitrary: fc.constant(undefined) },
        ),
      ),
      { maxLength: 3 },
    );
  const request = (op: Operation) =>
    fc
      .record({
        segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
        query: query(op),
        token: fc.constantFrom(
          'admin',
          'admin',
          'admin',
          'partner',
          'partner',
          'none',
          'wrong',
        ) as fc.Arbitrary<FuzzRequest['token']>,
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          undefined,
        ),
        body: op.hasBody
          ? fc.option(bodyFor(examples[`${op.method} ${op.path}`] ?? {}), { freq: 8 })
          : fc.constant(null),
      })
      .map(({ segments, query: pairs, token, contentType, body }): FuzzRequest => {
        let i = 0;
        const path = op.path.replace(/\{[^}]+\}/g, () => segments[i++]!);
        const search = pairs
          .map(([param, value]) => {
            const v = value ?? param.values[0] ?? '';
            return `${percentEncoded(param.name)}=${percentEncoded(v)}`;
          })
          .join('&');
        return {
          method: op.method,
          path: search ? `${path}?${search}` : path,
          token,
          ...(body !== null && { body, ...(contentType && { contentType }) }),
        };
      });
  return fc.constantFrom(...operations).chain(request);
}
