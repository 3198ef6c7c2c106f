import type { AddressInfo } from 'node:net';
// First: it gives zod's schemas `.openapi()`, which the API (loaded later, see `loadHttpModules`) calls on
// schemas the services below build as they load; a schema built before it has no such method.
import '@hono/zod-openapi';
import { type ServerType, serve } from '@hono/node-server';
import { type DatabaseHandle, openConfiguredDatabase } from './db/client.ts';
import { syncMappingsDir } from './partners/mapping-store.ts';
import type { Dispatcher, DispatcherOptions } from './pipeline/dispatch/dispatcher.ts';
import { ThreadedDispatcher } from './pipeline/dispatch/threaded-dispatcher.ts';
import { type Config, deliveryContext, mailContext } from './runtime/config.ts';
import type { Logger } from './runtime/logger.ts';
import { siblingModule } from './runtime/package-root.ts';
import { createSecretBox } from './runtime/secret-box.ts';
import { loadSecretsKey } from './runtime/secrets-key.ts';
import { VERSION } from './runtime/version.ts';
import { setUpAdminAuth } from './services/admin-token.ts';
import { syncDropDirInstance } from './services/connector-instances.ts';
import { createMetrics } from './services/metrics.ts';
import { systemMailer } from './services/portal/system-mail.ts';
import { startReceivers } from './services/receivers.ts';

export interface Gateway {
  database: DatabaseHandle;
  dispatcher: Dispatcher;
  /** The bound HTTP address when started with `http: true` (port 0 picks a free one). */
  url?: string;
  close(): Promise<void>;
}

export interface GatewayOptions {
  http: boolean;
  /** Runs the pipeline stages, in a worker thread of their own; without, this process only hands jobs out. */
  workers: boolean;
  /** Where the generated first-start admin token is shown (stdout by default). */
  announceAdminToken?: (token: string) => void;
}

/** The pipeline thread's module: every stage and its dispatcher, run off the main thread. */
const PIPELINE_THREAD = siblingModule(import.meta.url, './pipeline/pipeline-thread');
/**
 * Starts what `serve` (HTTP + workers) or `worker` (workers only) needs: database (PostgreSQL, or PGlite in a
 * thread of its own; migrated), the secrets key, the pipeline (its stages and dispatcher, BullMQ or in-process,
 * in a worker thread so no stage holds the HTTP server up), metrics, admin auth and the HTTP server.
 */
export async function startGateway(config: Config, log: Logger, options: GatewayOptions): Promise<Gateway> {
  const started = performance.now();
  // The HTTP side's modules (the API, the console: most of this thread's code) load while the database opens
  // in its own thread; awaited below, a failure to load surfaces there.
  const httpModules = options.http ? loadHttpModules() : undefined;
  httpModules?.catch(() => {});
  const database = await openConfiguredDatabase(config, log);
  const closers: (() => Promise<void>)[] = [() => database.close()];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await close().catch((error: unknown) => log.warn({ err: error }, 'close failed'));
  };
  try {
    await database.migrate();
    // after the database: an embedded data directory is locked by now, so only this process may create the key
    const secretsKey = await loadSecretsKey(config, log);
    const secrets = createSecretBox(secretsKey);
    const delivery = deliveryContext(config);
    // every process syncs: the store refuses a changed active version, so a stale checkout fails loudly
    await syncMappingsDir(database.db, config.mappingsDir, 'startup', log, { secrets, delivery });
    const metrics = createMetrics(
      database.db,
      database.kind === 'pglite' ? () => database.memoryBytes() : undefined,
    );
    const onFinished: DispatcherOptions['onFinished'] = (stage, outcome, seconds) => {
      metrics.jobs.inc({ stage, outcome });
      metrics.jobDuration.observe({ stage }, seconds);
    };
    const dispatcher: Dispatcher = options.workers
      ? new ThreadedDispatcher({
          entry: PIPELINE_THREAD,
          config,
          database,
          secretsKey,
          heapMb: config.pipelineHeapMb,
          log,
          onFinished,
        })
      : await handOutOnly(config, database, { secrets, delivery, mail: mailContext(config) }, log);
    closers.push(() => dispatcher.close());
    /**
     * Receivers, admin auth and the HTTP server, listening once `pipelineStarted` has: a gateway that answers
     * has started whole. Returns the address listened on.
     */
    async function startHttp(pipelineStarted: Promise<void>): Promise<string> {
      const { createApi, createConsole, createPortal } = await httpModules!;
      // the doors (drop folders, mailboxes) are watched by serving processes only: `worker` processes take
      // work from the queue
      await syncDropDirInstance(database.db, secrets, config);
      const receivers = await startReceivers({
        db: database.db,
        secrets,
        log,
        notify: () => dispatcher.notify(),
      });
      closers.push(() => receivers.close());
      const announce =
        options.announceAdminToken ??
        ((token: string) =>
          process.stdout.write(
            `\nordergate: generated the admin token (shown only this once; set ORDERGATE_ADMIN_TOKEN to choose your own):\n  ${token}\n\n`,
          ));
      const admin = await setUpAdminAuth(database.db, config.adminToken, announce);
      await pipelineStarted;
      // the app is made once the port is known (PORT=0 picks one): sign-in links name the address listened on.
      // No request is served before it exists: nothing awaits between the listen callback and its creation.
      let app: ReturnType<typeof createApi> | undefined;
      const server = await listen((request) => app!.fetch(request), config);
      const address = server.address() as AddressInfo;
      const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      const shared = {
        db: database.db,
        dispatcher,
        metrics,
        secrets,
        delivery,
        log,
        version: VERSION,
        publicUrl: config.publicUrl ?? `http://localhost:${address.port}`,
        mappingsDir: config.mappingsDir,
        connectorsChanged: () => receivers.refresh(),
      };
      app = createApi({
        ...shared,
        pingDatabase: () => database.ping(),
        admin,
        maxInboundBytes: config.maxInboundBytes,
        authFailureLimit: config.authFailureLimit,
        metricsToken: config.metricsToken,
        pages: createConsole({ ...shared, sessionPolicy: config.session }),
        portal: createPortal({
          ...shared,
          sessionPolicy: config.session,
          ...(config.systemMail ? { sendPortalMail: systemMailer(config.systemMail) } : {}),
        }),
      });
      closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
      return url;
    }

    // The pipeline thread starts (loads its stages, opens its connection) while this thread prepares the HTTP
    // side: a message a receiver stores meanwhile is found by the dispatcher as it starts.
    const pipelineStarted = dispatcher.start({ workers: options.workers });
    const [pipeline, http] = await Promise.allSettled([
      pipelineStarted,
      options.http ? startHttp(pipelineStarted) : Promise.resolve(undefined),
    ]);
    for (const result of [pipeline, http]) if (result.status === 'rejected') throw result.reason;
    const url = http.status === 'fulfilled' ? http.value : undefined;

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

/**
 * The HTTP server, with limits on slow clients: headers within `headersTimeoutMs`, the whole request within
 * `requestTimeoutMs` (Node checks both every second here instead of every 30 s), idle keep-alive connections
 * closed after 5 s.
 */
async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  config: Pick<Config, 'port' | 'host' | 'requestTimeoutMs' | 'headersTimeoutMs'>,
): Promise<ServerType> {
  return new Promise<ServerType>((resolve) => {
    const server = serve(
      {
        fetch,
        port: config.port,
        hostname: config.host,
        serverOptions: {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
          keepAliveTimeout: 5_000,
          connectionsCheckingInterval: 1_000,
        },
      },
      () => resolve(server),
    );
  });
}

/** The modules only the HTTP side uses: the API, the console and the partner portal. */
async function loadHttpModules() {
  const [{ createApi }, { createConsole }, { createPortal }] = await Promise.all([
    import('./api/app.ts'),
    import('./ui/console.tsx'),
    import('./ui/portal/portal.tsx'),
  ]);
  return { createApi, createConsole, createPortal };
}

/**
 * A dispatcher that hands jobs out only (`serve` beside `worker` processes): the stages are listed for their
 * queues' names, never run here, so their modules are loaded for this case alone.
 */
async function handOutOnly(
  config: Config,
  database: DatabaseHandle,
  context: Parameters<typeof import('./pipeline/stages/stages.ts').pipelineStages>[0],
  log: Logger,
): Promise<Dispatcher> {
  const [{ pipelineDispatcher }, { pipelineStages }] = await Promise.all([
    import('./pipeline/dispatch/pipeline-dispatcher.ts'),
    import('./pipeline/stages/stages.ts'),
  ]);
  return pipelineDispatcher(config, database.db, pipelineStages(context), log);
}
