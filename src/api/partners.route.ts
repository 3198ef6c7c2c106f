import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { deliveryProblems } from '../../connectors/delivery-problems.ts';
import type { DeliveryContext } from '../core/connector.ts';
import { permanent } from '../core/errors.ts';
import { PartnerInput, redactSettings } from '../core/partner.ts';
import type { Database } from '../db/client.ts';
import { sealDeliverySecrets } from '../partners/delivery-secrets.ts';
import {
  createPartner,
  issueApiKey,
  listApiKeys,
  listPartners,
  revokeApiKey,
} from '../partners/partner-store.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const PartnerView = z
  .object({
    id: z.string(),
    name: z.string(),
    identifiers: z.array(z.object({ type: z.string(), qualifier: z.string().optional(), value: z.string() })),
    settings: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('Partner');

const ApiKeyView = z
  .object({ id: z.string(), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .openapi('ApiKey');

// a new object built here: zod 4 attaches .openapi() only to schemas created after @hono/zod-openapi loaded,
// and src/core (pure) may be imported first
const PartnerCreateBody = z.object(PartnerInput.shape).openapi('PartnerCreate', {
  example: {
    id: 'harbor-pine',
    name: 'Harbor & Pine',
    identifiers: [
      { type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' },
      { type: 'email', value: 'orders@harborpine.example' },
    ],
    settings: {},
  },
});

export function registerPartnerRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; secrets: SecretBox; delivery: DeliveryContext },
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partners',
      summary: 'Create a trading partner; its API key is returned once',
      security: adminSecurity,
      request: { body: { required: true, content: { 'application/json': { schema: PartnerCreateBody } } } },
      responses: {
        201: {
          description: 'created',
          content: {
            'application/json': {
              schema: z.object({
                partner: PartnerView,
                apiKey: z.string(),
                apiKeyId: z.string().openapi({ description: 'the id to revoke the key by' }),
              }),
            },
          },
        },
        ...errorResponses,
        409: errorResponse('id or identifier already taken'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const problems = deliveryProblems(input.settings, deps.delivery);
      if (problems.length > 0)
        throw permanent('request.invalid', 'the delivery settings are invalid', { details: problems });
      // checked in clear, stored sealed: the transport schemas validate the credentials themselves
      const settings = sealDeliverySecrets(input.settings, deps.secrets);
      const created = await createPartner(deps.db, { ...input, settings }, 'admin');
      return c.json(
        { ...created, partner: { ...created.partner, settings: redactSettings(created.partner.settings) } },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners',
      summary: 'List trading partners',
      security: adminSecurity,
      responses: {
        200: {
          description: 'partners',
          content: { 'application/json': { schema: z.object({ partners: z.array(PartnerView) }) } },
        },
        401: errorResponses[401],
      },
    }),
    async (c) => {
      const partners = await listPartners(deps.db);
      return c.json({ partners: partners.map((p) => ({ ...p, settings: redactSettings(p.settings) })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partners/{id}/keys',
      summary: 'Issue a new API key for a partner (e.g. one created from partner.yaml); it is returned once',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        201: {
          description: 'issued',
          content: {
            'application/json': {
              schema: z
                .object({ id: z.string(), apiKey: z.string(), prefix: z.string() })
                .openapi('IssuedApiKey'),
            },
          },
        },
        401: errorResponses[401],
        404: errorResponse('no such partner'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const issued = await issueApiKey(deps.db, id, 'admin');
      if (issued === undefined) return c.json(errorBody('request.not_found', `no partner ${id}`), 404);
      return c.json(issued, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners/{id}/keys',
      summary: "A partner's API keys, revoked ones too: id and prefix, never the key",
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: {
          description: 'keys, oldest first',
          content: { 'application/json': { schema: z.object({ keys: z.array(ApiKeyView) }) } },
        },
        401: errorResponses[401],
        404: errorResponse('no such partner'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const keys = await listApiKeys(deps.db, id);
      if (keys === undefined) return c.json(errorBody('request.not_found', `no partner ${id}`), 404);
      return c.json({ keys }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/partners/{id}/keys/{keyId}',
      summary: "Revoke one of a partner's API keys; it is refused from the next request on",
      description: 'Revoking a key that is already revoked changes nothing and answers 204 again.',
      security: adminSecurity,
      request: { params: IdParam.extend({ keyId: z.string().min(1).max(100) }) },
      responses: {
        204: { description: 'revoked' },
        401: errorResponses[401],
        404: errorResponse('no such partner, or the partner has no such key'),
      },
    }),
    async (c) => {
      const { id, keyId } = c.req.valid('param');
      const revoked = await revokeApiKey(deps.db, id, keyId, 'admin');
      if (revoked === undefined)
        return c.json(errorBody('request.not_found', `partner ${id} has no API key ${keyId}`), 404);
      return c.body(null, 204);
    },
  );
}
