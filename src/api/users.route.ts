import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ROLES } from '../core/user.ts';
import type { Database } from '../db/client.ts';
import { createUser, listUsers, signInUrl } from '../services/users/users.ts';
import type { ApiEnv } from './auth.ts';
import { adminSecurity, errorResponses } from './schemas.ts';

const User = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    active: z.boolean().openapi({ description: 'the user has set a password (followed a sign-in link)' }),
    totp: z.boolean(),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('User');

const UserRequest = z
  .object({
    email: z.string().max(254).openapi({ example: 'ops@supplier.example' }),
    role: z.enum(ROLES),
  })
  .openapi('UserRequest');

/**
 * Console users (admin token): add one, with its one-time sign-in link (the way the first user is made on a
 * new gateway), and list them. The console's users page and `ordergate users add` call the same service.
 */
export function registerUserRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; publicUrl: string },
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users',
      summary: 'Add a console user; the answer holds its one-time sign-in link (shown this once, valid 72 h)',
      security: adminSecurity,
      request: { body: { required: true, content: { 'application/json': { schema: UserRequest } } } },
      responses: {
        201: {
          description: 'added',
          content: { 'application/json': { schema: z.object({ user: User, signInLink: z.string() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const created = await createUser(deps.db, c.req.valid('json'), 'admin');
      return c.json({ user: created.user, signInLink: signInUrl(deps.publicUrl, created.linkToken) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users',
      summary: 'Console users (never their passwords or secrets)',
      security: adminSecurity,
      responses: {
        200: {
          description: 'users',
          content: { 'application/json': { schema: z.object({ users: z.array(User) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ users: await listUsers(deps.db) }, 200),
  );
}
