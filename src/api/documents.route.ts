import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import { cancelDocument } from '../services/cancel-document.ts';
import { documentFile } from '../services/document-files.ts';
import type { ApiEnv } from './auth.ts';
import { errorBody } from './errors.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const FileFormat = z.enum(['pdf', 'csv']);

const CancelledDocument = z
  .object({
    id: z.string(),
    type: z.string(),
    orderId: z.string().nullable(),
    status: z.literal('cancelled'),
  })
  .openapi('CancelledDocument');

/** Outbound documents (855, 856, 810) by id, for operators. */
export function registerDocumentRoutes(app: OpenAPIHono<ApiEnv>, deps: { db: Database }): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/documents/{id}/{format}',
    summary:
      'An 855, 856 or 810 as the file a partner without EDI receives: the PDF (order confirmation, packing slip with SSCC barcodes, invoice) or the CSV, as its notice mail attaches them',
    security: adminSecurity,
    request: { params: IdParam.extend({ format: FileFormat }) },
    responses: {
      200: {
        description: 'the file, as an attachment',
        content: { 'application/pdf': { schema: z.string() }, 'text/csv': { schema: z.string() } },
      },
      ...errorResponses,
      404: errorResponse('no such document, or not an 855, 856 or 810'),
    },
  });
  app.get('/v1/documents/:id/:format', async (c) => {
    const format = FileFormat.safeParse(c.req.param('format'));
    if (!format.success)
      return c.json(errorBody('request.not_found', `no ${c.req.param('format')} file: pdf or csv`), 404);
    const file = await documentFile(deps.db, { documentId: c.req.param('id'), format: format.data });
    if (file === undefined)
      return c.json(
        errorBody('request.not_found', `no ${format.data} file of document ${c.req.param('id')}`),
        404,
      );
    return c.body(new Uint8Array(file.bytes), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/documents/{id}/cancel',
      summary:
        'Cancel an 855, 856 or 810 that never reached the partner (requested, or failed in encode): it no longer counts as shipped or invoiced, so it can be requested again',
      description:
        'A document that was encoded or sent is not cancelled here: taking back a sent 856 or 810 is a new document to the partner (a cancellation ASN, a credit memo).',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: { description: 'cancelled', content: { 'application/json': { schema: CancelledDocument } } },
        ...errorResponses,
        404: errorResponse('no such document'),
        409: errorResponse('the document went out already (or is not an 855, 856 or 810): not cancellable'),
      },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const result = await cancelDocument(deps.db, id, 'admin');
      if (result.outcome === 'not_found')
        return c.json(errorBody('request.not_found', `no document ${id}`), 404);
      if (result.outcome === 'not_cancellable') {
        return c.json(
          errorBody(
            'document.not_cancellable',
            `the ${result.type} ${id} is ${result.status}: only an 855, 856 or 810 not yet encoded (requested, or failed) can be cancelled`,
            { type: result.type, status: result.status },
          ),
          409,
        );
      }
      return c.json(result.document, 200);
    },
  );
}
