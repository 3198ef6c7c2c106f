import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { retryable } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import { partnerAgreement } from '../partners/partner-lookup.ts';
import type { Dispatcher } from '../pipeline/dispatch/dispatcher.ts';
import { storeInbound } from '../pipeline/intake/intake.ts';
import type { Logger } from '../runtime/logger.ts';
import { previewUpload } from '../services/upload-preview.ts';
import type { ApiEnv } from './auth.ts';
import { limitBody } from './body-limits.ts';
import { errorBody } from './errors.ts';
import { errorResponse, errorResponses, partnerSecurity } from './schemas.ts';

const Accepted = z.object({ messageId: z.string() }).openapi('UploadAccepted');
const Problem = z
  .object({
    file: z.string().optional(),
    sheet: z.string().optional(),
    row: z.number().int().optional(),
    column: z.string().optional(),
    code: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
  })
  .openapi('UploadProblem');
const Preview = z
  .object({
    orders: z
      .array(z.record(z.string(), z.unknown()))
      .openapi({ description: 'canonical orders (DESIGN §4)' }),
    problems: z.array(Problem),
    mapping: z.object({ partnerId: z.string(), version: z.union([z.number().int(), z.literal('default')]) }),
  })
  .openapi('UploadPreview');

/**
 * `POST /v1/inbound/upload`: a spreadsheet (CSV, XLSX) as multipart/form-data, field `file`; `partnerId` names
 * the partner when an admin uploads (a partner key uploads for its own partner). Stored raw and answered 202,
 * then decoded by the pipeline like every door's message; with `?dryRun=true` nothing is stored and the answer
 * is the preview: the orders the file would become, each problem with its file, sheet, row and column, and the
 * mapping that read it.
 */
export function registerUploadRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; dispatcher: Dispatcher; log: Logger; maxInboundBytes: number },
): void {
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/inbound/upload',
    summary: 'Receive an order spreadsheet (CSV, XLSX); 202 once stored, or a preview with dryRun=true',
    security: partnerSecurity,
    request: {
      query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.string().openapi({ format: 'binary' }),
              partnerId: z.string().optional().openapi({ description: 'required with the admin token' }),
            }),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'dryRun: what the file would become',
        content: { 'application/json': { schema: Preview } },
      },
      202: { description: 'stored; decoding follows', content: { 'application/json': { schema: Accepted } } },
      ...errorResponses,
      413: errorResponse('larger than the inbound limit'),
      503: errorResponse('storage unavailable; nothing was kept'),
    },
  });

  app.post('/v1/inbound/upload', limitBody(deps.maxInboundBytes), async (c) => {
    const principal = c.get('principal');
    const form = await c.req.parseBody().catch(() => undefined);
    const file = form?.file;
    if (!(file instanceof File))
      return c.json(
        errorBody('request.invalid', 'send the spreadsheet as multipart/form-data in a field named "file"'),
        400,
      );
    const named = typeof form?.partnerId === 'string' ? form.partnerId.trim() : undefined;
    const partnerId = principal.kind === 'partner' ? principal.partnerId : named;
    if (partnerId === undefined || partnerId === '')
      return c.json(
        errorBody('request.invalid', 'name the partner the orders are from in the field "partnerId"'),
        400,
      );
    if (principal.kind === 'partner' && named !== undefined && named !== principal.partnerId)
      return c.json(errorBody('auth.forbidden', "a partner's key uploads for its own partner only"), 403);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.byteLength === 0) return c.json(errorBody('request.invalid', 'the file is empty'), 400);
    const upload = {
      bytes,
      ...(file.name ? { filename: file.name } : {}),
      ...(file.type ? { contentType: file.type } : {}),
    };

    if (c.req.query('dryRun') === 'true') {
      const preview = await previewUpload(deps.db, partnerId, upload);
      if (preview === undefined)
        return c.json(errorBody('request.not_found', `no partner ${partnerId}`), 404);
      return c.json(preview, 200);
    }
    if ((await partnerAgreement(deps.db, partnerId)) === undefined)
      return c.json(errorBody('request.not_found', `no partner ${partnerId}`), 404);
    let stored: { messageId: string };
    try {
      stored = await storeInbound(
        { db: deps.db, log: deps.log, notify: () => deps.dispatcher.notify() },
        {
          channel: 'csv',
          ...upload,
          partnerId,
          sender: principal.kind === 'partner' ? `api-key:${principal.partnerId}` : 'admin',
        },
        principal.kind === 'partner' ? `partner:${principal.partnerId}` : 'admin',
      );
    } catch (error) {
      throw retryable('gateway.unavailable', 'the file could not be stored; retry later', { cause: error });
    }
    return c.json({ messageId: stored.messageId }, 202);
  });
}
