import { startGateway } from '../gateway.ts';
import { loadConfig } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';

/** `ordergate serve` (HTTP and workers) or `ordergate worker` (workers only), until SIGINT or SIGTERM. */
export async function runServe(command: 'serve' | 'worker'): Promise<number> {
  const config = loadConfig();
  if (command === 'worker' && !(config.databaseUrl && config.redisUrl)) {
    process.stderr.write(
      'ordergate worker: set DATABASE_URL and REDIS_URL. Without them the gateway runs embedded, and `ordergate serve` runs the workers itself.\n',
    );
    return 2;
  }
  const log = createLogger(config.logLevel);
  const gateway = await startGateway(config, log, {
    http: command === 'serve',
    workers: true,
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await gateway.close();
  return 0;
}
