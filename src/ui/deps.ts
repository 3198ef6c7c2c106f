import type { Context, Hono } from 'hono';
import type { DeliveryContext } from '../core/connector.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import type { Metrics } from '../services/metrics.ts';
import type { SessionPolicy, SessionUser } from '../services/users/sessions.ts';

/** What the console's pages need: the same handles the API gets, so both call the same services with them. */
export interface ConsoleDeps {
  db: Database;
  dispatcher: Dispatcher;
  metrics: Metrics;
  secrets: SecretBox;
  delivery: DeliveryContext;
  log: Logger;
  version: string;
  /** Where the gateway is reached (ORDERGATE_PUBLIC_URL): sign-in links, and `Secure` cookies when https. */
  publicUrl: string;
  sessionPolicy: SessionPolicy;
  /** The partners' mapping folder (ORDERGATE_MAPPINGS_DIR): the golden fixtures an activation must pass. */
  mappingsDir: string;
  /** Called after a connector instance is saved: this process starts, restarts or stops its receivers. */
  connectorsChanged(): Promise<void>;
}

/** The console's hono environment: every page behind sign-in knows its user. */
export type ConsoleEnv = { Variables: { user: SessionUser } };

/** The app pages register on (paths relative to /admin). */
export type ConsoleApp = Hono<ConsoleEnv>;

/** A signed-in page's request context. */
export type ConsoleContext = Context<ConsoleEnv>;
