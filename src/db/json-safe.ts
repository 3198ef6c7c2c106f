/** `\u0000` escapes in JSON text, not preceded by an escaping backslash (`\\u0000` is the six characters). */
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a partner's bytes or a driver's error message may carry
 * one. `value` as JSON text with every NUL in its strings replaced by U+FFFD (the replacement character).
 */
export function jsonWithoutNul(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(NUL_ESCAPE, '$1\\ufffd') : json;
}

/** `value` with every NUL in its strings replaced by U+FFFD, or `value` itself when it holds none. */
export function withoutNul<T>(value: T): T {
  const json = JSON.stringify(value);
  if (json === undefined || !json.includes('\\u0000')) return value;
  return JSON.parse(json.replace(NUL_ESCAPE, '$1\\ufffd')) as T;
}
