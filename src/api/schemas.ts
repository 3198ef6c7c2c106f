import { z } from '@hono/zod-openapi';

/** The JSON error body of DESIGN §5, for the OpenAPI document. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({
        example: 'request.invalid',
        description: 'a stable code, `<area>.<name>`; every one is listed in docs/error-codes.md',
      }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/** An OpenAPI response entry whose body is the JSON error shape. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorResponse } },
});

export const errorResponses = {
  400: errorResponse('Invalid request: `details` lists each problem'),
  401: errorResponse('Missing or invalid bearer token'),
} as const;

/** The `{id}` of a message, order … in a path. */
export const IdParam = z.object({ id: z.string().min(1).max(100) });

export const adminSecurity: Record<string, string[]>[] = [{ adminToken: [] }];
export const partnerSecurity: Record<string, string[]>[] = [{ partnerApiKey: [] }, { adminToken: [] }];
