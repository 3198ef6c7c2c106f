import { openConfiguredDatabase } from '../db/client.ts';
import { loadConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';

/** `ordergate migrate`: applies pending migrations to the configured database, then closes it. */
export async function runMigrate(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openConfiguredDatabase(config, log);
  try {
    await database.migrate();
    log.info({ database: database.kind }, 'migrations applied');
  } finally {
    await database.close();
  }
  return 0;
}
