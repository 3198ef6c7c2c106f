import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { DeliveryContext } from '../core/connector.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { FailedAuthLimiter } from '../runtime/failed-auth-limiter.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import type { AdminAuth } from '../services/admin-token.ts';
import type { Metrics } from '../services/metrics.ts';
import { registerAs2Routes } from './as2.route.ts';
import { registerAs2CertificateRoutes } from './as2-certificates.route.ts';
import { type ApiEnv, requireAdmin, requireMetricsToken, requirePartnerOrAdmin } from './auth.ts';
import { jsonBodyLimit } from './body-limits.ts';
import { registerConnectorRoutes } from './connectors.route.ts';
import { registerDocumentRoutes } from './documents.route.ts';
import { registerErpRoutes } from './erp.route.ts';
import { errorBody, handleError, validationFailed } from './errors.ts';
import { registerEventRoutes } from './events.route.ts';
import { registerExceptionRoutes } from './exceptions.route.ts';
import { registerHealthRoutes } from './health.route.ts';
import { takesImport } from './import-body.ts';
import { registerInboundRoutes } from './inbound.route.ts';
import { registerInventoryRoutes } from './inventory.route.ts';
import { registerJobRoutes } from './jobs.route.ts';
import { registerMappingRoutes } from './mappings.route.ts';
import { registerMessageRoutes } from './messages.route.ts';
import { registerOrderRoutes } from './orders.route.ts';
import { registerPartnerMasterDataRoutes } from './partner-master-data.route.ts';
import { registerPartnerUpdateRoute } from './partner-update.route.ts';
import { registerPartnerUserRoutes } from './partner-users.route.ts';
import { registerPartnerRoutes } from './partners.route.ts';
import { registerPriceListRoutes } from './price-lists.route.ts';
import { registerProductRoutes } from './products.route.ts';
import { securityHeaders } from './security-headers.ts';
import { registerShipmentRoutes } from './shipments.route.ts';
import { textGuard } from './text-guard.ts';
import { registerUploadRoutes } from './upload.route.ts';
import { registerUserRoutes } from './users.route.ts';
import { registerWebhookRoutes } from './webhooks.route.ts';

export interface ApiDeps {
  db: Database;
  pingDatabase(): Promise<void>;
  dispatcher: Dispatcher;
  metrics: Metrics;
  admin: AdminAuth;
  /** Seals the delivery credentials of partners saved over HTTP. */
  secrets: SecretBox;
  /** The limits a partner's delivery setting is checked against when saved (private addresses, outbox folder). */
  delivery: DeliveryContext;
  log: Logger;
  version: string;
  /** Largest inbound body accepted (413 above it). */
  maxInboundBytes: number;
  /** Refused credentials from one address within a minute before it is answered 429. */
  authFailureLimit: number;
  /** The bearer token /metrics asks for (ORDERGATE_METRICS_TOKEN); unset → /metrics is open. */
  metricsToken?: string;
  /** Called after a connector instance is saved: this process starts, restarts or stops its receivers. */
  connectorsChanged(): Promise<void>;
  /** The partners' mapping folder (ORDERGATE_MAPPINGS_DIR): the golden fixtures an activation must pass. */
  mappingsDir: string;
  /** Where people reach the gateway: the base of sign-in links. */
  publicUrl: string;
  /** The console's pages (`/` and `/admin/*`), served behind the same request metrics, headers and guards. */
  pages?: Hono;
  /** The partner portal's pages (`/portal/*`, src/ui/portal/portal.tsx), served as the console's are. */
  portal?: Hono;
}

export function createApi(deps: ApiDeps): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    // Every validation failure answers with the JSON error shape, listing each problem.
    defaultHook: (result, c) => {
      if (!result.success) return validationFailed(c, result.error, result.target);
    },
  });

  app.use('*', async (c, next) => {
    await next();
    const route = c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
    deps.metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
  });
  app.use('*', securityHeaders);
  app.onError((error, c) => handleError(error, c, deps.log));
  app.notFound((c) =>
    c.json(errorBody('request.not_found', `no route for ${c.req.method} ${c.req.path}`), 404),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The admin token (ORDERGATE_ADMIN_TOKEN, or the one printed on first start)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'partnerApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: "A partner's API key, returned once by POST /v1/partners",
  });

  // Credentials first, then the body's size, then its text: nobody's body is read or parsed before the
  // caller is known, and a refusal closes the connection rather than read what is still coming.
  const auth = {
    admin: deps.admin,
    db: deps.db,
    log: deps.log,
    limiter: new FailedAuthLimiter(deps.authFailureLimit),
  };
  if (deps.metricsToken) app.use('/metrics', requireMetricsToken(auth, deps.metricsToken));
  registerHealthRoutes(app, deps);
  const admin = requireAdmin(auth);
  const partnerOrAdmin = requirePartnerOrAdmin(auth);
  // master data; a partner's own (/v1/partners/:id/items …) is under /v1/partners
  for (const path of ['/v1/products', '/v1/price-lists', '/v1/inventory'])
    app.use(path, admin).use(`${path}/*`, admin);
  for (const path of ['/v1/partners', '/v1/jobs', '/v1/documents', '/v1/connectors', '/v1/exceptions'])
    app.use(path, admin).use(`${path}/*`, admin);
  for (const path of ['/v1/webhooks', '/v1/events', '/v1/users', '/v1/as2'])
    app.use(path, admin).use(`${path}/*`, admin);
  for (const path of ['/v1/inbound', '/v1/orders', '/v1/messages'])
    app.use(path, partnerOrAdmin).use(`${path}/*`, partnerOrAdmin);
  app.use('/v1/*', async (c, next) =>
    // the inbound doors take their own, larger limit (ORDERGATE_MAX_INBOUND_BYTES); master-data imports theirs
    c.req.path.startsWith('/v1/inbound/') || takesImport(c) ? next() : jsonBodyLimit(c, next),
  );
  app.use('*', textGuard);
  registerPartnerRoutes(app, deps);
  registerPartnerUpdateRoute(app, deps);
  registerPartnerUserRoutes(app, deps);
  registerInboundRoutes(app, deps);
  registerAs2Routes(app, deps);
  registerUploadRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerMessageRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerShipmentRoutes(app, deps);
  registerDocumentRoutes(app, deps);
  registerConnectorRoutes(app, deps);
  registerProductRoutes(app, deps);
  registerPriceListRoutes(app, deps);
  registerInventoryRoutes(app, deps);
  registerPartnerMasterDataRoutes(app, deps);
  registerExceptionRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerErpRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerMappingRoutes(app, deps);
  registerAs2CertificateRoutes(app, deps);
  if (deps.pages) app.route('/', deps.pages);
  if (deps.portal) app.route('/portal', deps.portal);

  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: { title: 'ordergate', version: deps.version, description: 'Order gateway for wholesale suppliers' },
  });
  return app;
}
