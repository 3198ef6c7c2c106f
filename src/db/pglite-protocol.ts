/**
 * The messages between the embedded database's thread (pglite-thread.ts) and its clients in other threads
 * (pglite-remote.ts). One request, one response with the same `id`; a transaction is opened with `begin`, its
 * queries carry the `tx` number it returned, and `end` commits or rolls it back.
 */
export type PgliteRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params?: unknown[]; rowMode?: 'array' | 'object' }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean };

export type PgliteResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };

/** An error as it crosses a thread boundary: structured clone keeps neither the class nor extra properties. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** PostgreSQL's error fields (SQLSTATE `code`, `detail`, `constraint` …), for classifying the failure. */
  fields: Record<string, string | number>;
}

/** The fields of a PostgreSQL error that callers branch on or log (pg-protocol's DatabaseError). */
const FIELDS = [
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'routine',
] as const;

export function serializeError(error: unknown): SerializedError {
  const e = (error instanceof Error ? error : new Error(String(error))) as Error & Record<string, unknown>;
  const fields: Record<string, string | number> = {};
  for (const key of FIELDS) {
    const value = e[key];
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}), fields };
}

/** An Error with the original's name, message and database fields, thrown where the request was made. */
export function deserializeError(serialized: SerializedError): Error {
  const error = new Error(serialized.message) as Error & Record<string, unknown>;
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  Object.assign(error, serialized.fields);
  return error;
}
