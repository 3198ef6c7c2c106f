/**
 * The HTTP-only gateway process the benchmarks start (./gateway-process.ts, kind `api`): the doors and the API
 * with no pipeline workers, configured from the environment, stopped by SIGTERM.
 */
import { startGateway } from '../src/gateway.ts';
import { loadConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';

const config = loadConfig(process.env);
const gateway = await startGateway(config, createLogger(config.logLevel), {
  http: true,
  workers: false,
  announceAdminToken: () => {},
});
process.once('SIGTERM', () => void gateway.close().then(() => process.exit(0)));
