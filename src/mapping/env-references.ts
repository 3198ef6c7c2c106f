/** A whole value `${NAME}`: partial references (`Bearer ${TOKEN}`) are not references and stay as written. */
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** A `${NAME}` the environment does not set (or sets empty), at `key` (a dotted path inside the config). */
export interface MissingVariable {
  key: string;
  variable: string;
}

/**
 * A delivery config with every whole-value `${NAME}` string replaced by that environment variable, in nested
 * objects and lists too, so that a committed partner.yaml names its credentials instead of holding them.
 * Values read from the environment are strings. References the environment lacks are listed, not replaced.
 */
export function resolveEnvReferences(
  config: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): { config: Record<string, unknown>; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const resolve = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      const variable = REFERENCE.exec(value)?.[1];
      if (variable === undefined) return value;
      const found = env[variable];
      if (found === undefined || found === '') {
        missing.push({ key, variable });
        return value;
      }
      return found;
    }
    if (Array.isArray(value)) return value.map((item, i) => resolve(item, `${key}.${i}`));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, `${key}.${k}`)]));
    return value;
  };
  const resolved = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, resolve(value, key)]),
  );
  return { config: resolved, missing };
}
