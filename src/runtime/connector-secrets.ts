import { isSealed, type SecretBox } from '../runtime/secret-box.ts';

/** Shown in place of a stored credential; sent back unchanged, it keeps the stored one. */
export const SEALED = '(sealed)';

type Config = Record<string, unknown>;

const mapKeys = (
  config: Config,
  keys: readonly string[],
  f: (value: unknown, key: string) => unknown,
): Config =>
  Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, keys.includes(key) ? f(value, key) : value]),
  );

/** `config` as the API shows it: each credential under `keys` replaced by {@link SEALED}. */
export function redactConnectorSecrets(config: Config, keys: readonly string[]): Config {
  return mapKeys(config, keys, () => SEALED);
}

/**
 * `config` as sent, with each {@link SEALED} placeholder replaced by the credential `stored` holds under that
 * key (still sealed); the keys whose placeholder has nothing stored to stand for are returned as `missing`.
 */
export function keepStoredSecrets(
  config: Config,
  stored: Config | undefined,
  keys: readonly string[],
): { config: Config; missing: string[] } {
  const missing: string[] = [];
  const kept = mapKeys(config, keys, (value, key) => {
    if (value !== SEALED) return value;
    if (!isSealed(stored?.[key])) missing.push(key);
    return stored?.[key] ?? value;
  });
  return { config: kept, missing };
}

/** `config` with each credential under `keys` sealed (as JSON, so an object credential comes back the same). */
export function sealConnectorSecrets(config: Config, keys: readonly string[], box: SecretBox): Config {
  return mapKeys(config, keys, (value) => (isSealed(value) ? value : box.seal(JSON.stringify(value))));
}

/** `config` with each sealed credential under `keys` opened; values in clear are left as they are. */
export function openConnectorSecrets(config: Config, keys: readonly string[], box: SecretBox): Config {
  return mapKeys(config, keys, (value) => (isSealed(value) ? JSON.parse(box.open(value)) : value));
}
