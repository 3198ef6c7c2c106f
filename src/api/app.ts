import { OpenAPIHono } from '@hono/zod-openapi';
import type { DeliveryContext } from '../../connectors/transport.ts';
import type { Database } from '../db/client.ts';
import type { Dispatcher } from '../pipeline/dispatcher.ts';
import type { AdminAuth } from '../runtime/admin-token.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Metrics } from '../runtime/metrics.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import { type ApiEnv, requireAdmin, requireMetricsToken, requirePartnerOrAdmin } from './auth.ts';
import { registerDocumentRoutes } from './documents.route.ts';
import { errorBody, handleError, validationFailed } from './errors.ts';
import { registerHealthRoutes } from './health.route.ts';
import { registerInboundRoutes } from './inbound.route.ts';
import { registerJobRoutes } from './jobs.route.ts';
import { registerMessageRoutes } from './messages.route.ts';
import { registerOrderRoutes } from './orders.route.ts';
import { registerPartnerRoutes } from './partners.route.ts';
import { registerShipmentRoutes } from './shipments.route.ts';

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
  /** The bearer token /metrics asks for (ORDERGATE_METRICS_TOKEN); unset → /metrics is open. */
  metricsToken?: string;
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
  app.onError((error, c) => handleError(error, c, deps.log));
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

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

  if (deps.metricsToken) app.use('/metrics', requireMetricsToken(deps.metricsToken));
  registerHealthRoutes(app, deps);
  app.use('/v1/partners', requireAdmin(deps.admin));
  app.use('/v1/partners/*', requireAdmin(deps.admin));
  registerPartnerRoutes(app, deps);
  const partnerOrAdmin = requirePartnerOrAdmin(deps.admin, deps.db);
  app.use('/v1/inbound/*', partnerOrAdmin);
  app.use('/v1/orders', partnerOrAdmin);
  app.use('/v1/orders/*', partnerOrAdmin);
  app.use('/v1/messages', partnerOrAdmin);
  app.use('/v1/messages/*', partnerOrAdmin);
  app.use('/v1/jobs', requireAdmin(deps.admin));
  app.use('/v1/jobs/*', requireAdmin(deps.admin));
  app.use('/v1/documents/*', requireAdmin(deps.admin));
  registerInboundRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerMessageRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerShipmentRoutes(app, deps);
  registerDocumentRoutes(app, deps);

  app.doc('/openapi.json', {
    openapi: '3.0.3',
    info: { title: 'ordergate', version: deps.version, description: 'Order gateway for wholesale suppliers' },
  });
  return app;
}
