import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import {
  ConnectorInstanceInput,
  checkConnectorInstance,
  listConnectorInstances,
  SEALED,
  saveConnectorInstance,
} from '../services/connector-instances.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses } from './schemas.ts';

const InstanceId = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const Instance = z
  .object({
    id: z.string(),
    connector: z.string(),
    enabled: z.boolean(),
    config: z.record(z.string(), z.unknown()).openapi({
      description: `the connector's settings; credentials are shown as "${SEALED}" (sent back so, they are kept)`,
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ConnectorInstance');

const Input = ConnectorInstanceInput.openapi('ConnectorInstanceInput');
const Created = Input.extend({ id: InstanceId.shape.id });

const Checked = z
  .object({
    ok: z.boolean(),
    diagnostics: z.array(z.object({ severity: z.string(), code: z.string(), message: z.string() })),
  })
  .openapi('ConnectorCheck');

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

/**
 * Connector instances as data (issue 12): the doors an admin configures (drop folders now, mailboxes next),
 * listed, created, replaced and checked; every change is audited and this process's receivers follow it.
 */
export function registerConnectorRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; secrets: SecretBox; connectorsChanged(): Promise<void> },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/connectors',
      summary: 'Connector instances (doors), credentials hidden',
      security: adminSecurity,
      responses: {
        200: { description: 'instances', ...json(z.object({ connectors: z.array(Instance) })) },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ connectors: await listConnectorInstances(deps.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/connectors',
      summary: 'Create a connector instance; it starts receiving at once when enabled',
      security: adminSecurity,
      request: { body: { required: true, ...json(Created) } },
      responses: {
        201: { description: 'created', ...json(Instance) },
        ...errorResponses,
        409: errorResponse('an instance of that id exists'),
      },
    }),
    async (c) => {
      const { id, ...input } = c.req.valid('json');
      const saved = await saveConnectorInstance(deps.db, deps.secrets, id, input, {
        mode: 'create',
        actor: 'admin',
      });
      await deps.connectorsChanged();
      return c.json(saved.instance, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/connectors/{id}',
      summary: 'Create or replace a connector instance (disable it with "enabled": false)',
      security: adminSecurity,
      request: { params: InstanceId, body: { required: true, ...json(Input) } },
      responses: {
        200: { description: 'replaced', ...json(Instance) },
        201: { description: 'created', ...json(Instance) },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const saved = await saveConnectorInstance(deps.db, deps.secrets, id, c.req.valid('json'), {
        mode: 'put',
        actor: 'admin',
      });
      await deps.connectorsChanged();
      return c.json(saved.instance, saved.created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/connectors/{id}/check',
      summary: 'Check that an instance really works (its folder, its server), with what was found',
      security: adminSecurity,
      request: { params: InstanceId },
      responses: {
        200: { description: 'checked (see ok)', ...json(Checked) },
        ...errorResponses,
        404: errorResponse('no such instance'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const checked = await checkConnectorInstance(deps.db, deps.secrets, id);
      if (checked === undefined)
        return c.json(errorBody('request.not_found', `no connector instance ${id}`), 404);
      return c.json(checked, 200);
    },
  );
}
