import { loadConfig } from '../../runtime/config.ts';

/**
 * The folder the golden fixtures are read from before an activation: the caller's mappings folder when it has
 * one, else the gateway's configured one (ORDERGATE_MAPPINGS_DIR, the folder `serve` synced at its start).
 */
export function fixturesDir(mappingsDir: string | undefined): string {
  return mappingsDir ?? loadConfig().mappingsDir;
}
