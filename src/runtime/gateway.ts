import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { type ServerType, serve } from '@hono/node-server';
import { startFileDrop } from '../../connectors/file-drop/poller.ts';
import type { DeliveryContext } from '../../connectors/transport.ts';
import { createApi } from '../api/app.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { syncMappingsDir } from '../mapping/mapping-store.ts';
import { BullmqDispatcher } from '../pipeline/bullmq-dispatcher.ts';
import type { Dispatcher, DispatcherOptions } from '../pipeline/dispatcher.ts';
import { InProcessDispatcher } from '../pipeline/in-process-dispatcher.ts';
import { type Stage, stageRegistry } from '../pipeline/stage.ts';
import type { PipelineDeps } from '../pipeline/stages.ts';
import { setUpAdminAuth } from './admin-token.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { setUpSecretBox } from './secrets-key.ts';
import { VERSION } from './version.ts';

export interface Gateway {
  database: DatabaseHandle;
  dispatcher: Dispatcher;
  /** The bound HTTP address when started with `http: true` (port 0 picks a free one). */
  url?: string;
  close(): Promise<void>;
}

export interface GatewayOptions {
  http: boolean;
  workers: boolean;
  /** The stages this process runs, built with what they need (`pipelineStages` for the real pipeline). */
  stages: (deps: PipelineDeps) => readonly Stage[];
  /** Where the generated first-start admin token is shown (stdout by default). */
  announceAdminToken?: (token: string) => void;
}

/**
 * Starts what `serve` (HTTP + workers) or `worker` (workers only) needs: database (PostgreSQL or PGlite,
 * migrated), the secrets key, dispatcher (BullMQ or in-process), metrics, admin auth and the HTTP server.
 */
export async function startGateway(config: Config, log: Logger, options: GatewayOptions): Promise<Gateway> {
  const started = performance.now();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  const closers: (() => Promise<void>)[] = [() => database.close()];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await close().catch((error: unknown) => log.warn({ err: error }, 'close failed'));
  };
  try {
    await database.migrate();
    // after the database: an embedded data directory is locked by now, so only this process may create the key
    const secrets = await setUpSecretBox(config, log);
    const delivery: DeliveryContext = {
      allowPrivateAddresses: config.allowPrivateDelivery,
      outboxDir: config.outboxDir,
    };
    // every process syncs: the store refuses a changed active version, so a stale checkout fails loudly
    await syncMappingsDir(database.db, config.mappingsDir, 'startup', log, { secrets, delivery });
    const metrics = createMetrics(database.db);
    const dispatcherOptions: DispatcherOptions = {
      db: database.db,
      stages: stageRegistry(options.stages({ secrets, delivery })),
      log,
      workerId: `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
      concurrency: config.workerConcurrency,
      leaseMs: config.jobLeaseMs,
      onFinished: (stage, outcome, seconds) => {
        metrics.jobs.inc({ stage, outcome });
        metrics.jobDuration.observe({ stage }, seconds);
      },
    };
    const dispatcher: Dispatcher = config.redisUrl
      ? new BullmqDispatcher({ ...dispatcherOptions, redisUrl: config.redisUrl, prefix: config.queuePrefix })
      : new InProcessDispatcher(dispatcherOptions);
    closers.push(() => dispatcher.close());
    await dispatcher.start({ workers: options.workers });
    if (options.http) {
      // the folder is watched by the serving process only: `worker` processes take work from the queue
      const drop = await startFileDrop({ db: database.db, config, log, notify: () => dispatcher.notify() });
      closers.push(() => drop.close());
    }

    let url: string | undefined;
    if (options.http) {
      const announce =
        options.announceAdminToken ??
        ((token: string) =>
          process.stdout.write(
            `\nordergate: generated the admin token (shown only this once; set ORDERGATE_ADMIN_TOKEN to choose your own):\n  ${token}\n\n`,
          ));
      const admin = await setUpAdminAuth(database.db, config.adminToken, announce);
      const app = createApi({
        db: database.db,
        pingDatabase: () => database.ping(),
        dispatcher,
        metrics,
        admin,
        secrets,
        delivery,
        log,
        version: VERSION,
        maxInboundBytes: config.maxInboundBytes,
      });
      const server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      });
      const address = server.address() as AddressInfo;
      url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    }
    log.info(
      {
        database: database.kind,
        queue: dispatcher.kind,
        url,
        workers: options.workers,
        startupMs: Math.round(performance.now() - started),
      },
      'ordergate started',
    );
    return { database, dispatcher, url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
