import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import { invitePartnerUser, inviteUrl, listPartnerUsers } from '../services/portal/partner-users.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const PartnerUser = z
  .object({
    id: z.string(),
    partnerId: z.string(),
    email: z.string(),
    name: z.string().optional(),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('PartnerUser');

const PartnerUserRequest = z
  .object({
    email: z.string().max(254).openapi({ example: 'buyer@harborpine.example' }),
    name: z.string().max(200).optional(),
  })
  .openapi('PartnerUserRequest');

/**
 * A partner's portal users (admin token): invite one (the answer holds its one-time invite link, shown this
 * once) and list them. The console's partner page calls the same service.
 */
export function registerPartnerUserRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; publicUrl: string },
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partners/{id}/users',
      summary:
        "Invite a person of the partner to the portal; the answer holds the one-time invite link (shown this once, valid 7 days). An address already the partner's user gets a new link.",
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: PartnerUserRequest } } },
      },
      responses: {
        201: {
          description: 'invited',
          content: {
            'application/json': { schema: z.object({ user: PartnerUser, inviteLink: z.string() }) },
          },
        },
        ...errorResponses,
        404: errorResponse('no such partner'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const invited = await invitePartnerUser(deps.db, id, c.req.valid('json'), 'admin');
      if (!invited) return c.json(errorBody('request.not_found', `no partner ${id}`), 404);
      return c.json({ user: invited.user, inviteLink: inviteUrl(deps.publicUrl, invited.inviteToken) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners/{id}/users',
      summary: "The partner's portal users",
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: {
          description: 'partner users',
          content: { 'application/json': { schema: z.object({ users: z.array(PartnerUser) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ users: await listPartnerUsers(deps.db, c.req.valid('param').id) }, 200),
  );
}
