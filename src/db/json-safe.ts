/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a partner's bytes or a driver's error message may carry
 * one. Returns `value` with every NUL in its strings replaced by U+FFFD (the replacement character), or
 * `value` itself when it holds none (one JSON.stringify to find out).
 */
export function withoutNul<T>(value: T): T {
  const json = JSON.stringify(value);
  if (json === undefined || !json.includes('\\u0000')) return value;
  return JSON.parse(json.replaceAll('\\u0000', '\\ufffd')) as T;
}
