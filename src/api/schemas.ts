import { z } from '@hono/zod-openapi';

/** The JSON error body of DESIGN §5, for the OpenAPI document. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: {
    description: 'Invalid request: `details` lists each problem',
    content: { 'application/json': { schema: ErrorResponse } },
  },
  401: {
    description: 'Missing or invalid bearer token',
    content: { 'application/json': { schema: ErrorResponse } },
  },
} as const;

export const adminSecurity: Record<string, string[]>[] = [{ adminToken: [] }];
export const partnerSecurity: Record<string, string[]>[] = [{ partnerApiKey: [] }, { adminToken: [] }];
