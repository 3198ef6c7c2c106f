import type { Context } from 'hono';
import type { ZodType } from 'zod';
import type { SpreadsheetFile } from '../../connectors/spreadsheet/sheet.ts';
import { permanent } from '../core/errors.ts';
import { LISTED_PROBLEMS } from '../services/master-data/products.ts';
import { zodDetails } from './errors.ts';

/**
 * Largest body a master-data import takes (products, stock counts, a price list): 50,000 products as JSON are
 * a few MB, a 200,000-row spreadsheet somewhat more. The spreadsheet reader's own limit (25 MB) still applies
 * to files.
 */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** The requests that take {@link MAX_IMPORT_BYTES} rather than the 1 MB of every other JSON route. */
const IMPORTS = new Set(['POST /v1/products', 'PUT /v1/inventory', 'POST /v1/price-lists']);

/** Whether a request is a master-data import (its route sets its own body limit). */
export function takesImport(c: Context): boolean {
  return IMPORTS.has(`${c.req.method} ${c.req.path}`);
}

/** Content types read as a spreadsheet file (its format told by its bytes, as the upload door does). */
export const FILE_CONTENT_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

const JSON_TYPE = /^application\/(.+\+)?json\b/i;
const FILE_TYPE = new RegExp(
  `^(${[...FILE_CONTENT_TYPES, 'application/csv', 'text/plain'].join('|')})\\b`,
  'i',
);

/** An import's body: parsed JSON, or a CSV/XLSX file. */
export type ImportBody = { kind: 'json'; value: unknown } | { kind: 'file'; file: SpreadsheetFile };

/**
 * Reads an import's body by its content type: JSON, a file posted as it is (text/csv, XLSX,
 * application/octet-stream; no content type counts as one), or multipart/form-data with the file in `file`.
 * Throws `request.invalid` (empty, malformed JSON, no file field) and `request.unsupported_media_type`.
 */
export async function readImportBody(c: Context): Promise<ImportBody> {
  const type = c.req.header('content-type') ?? '';
  if (JSON_TYPE.test(type)) {
    try {
      return { kind: 'json', value: await c.req.json() };
    } catch {
      throw permanent('request.invalid', 'the body is not valid JSON');
    }
  }
  if (/^multipart\/form-data\b/i.test(type)) {
    const form = await c.req.parseBody().catch(() => undefined);
    const file = form?.file;
    if (!(file instanceof File))
      throw permanent('request.invalid', 'send the file as multipart/form-data in a field named "file"');
    return fileBody(new Uint8Array(await file.arrayBuffer()), file.name, file.type);
  }
  if (type === '' || FILE_TYPE.test(type))
    return fileBody(new Uint8Array(await c.req.arrayBuffer()), undefined, type || undefined);
  throw permanent(
    'request.unsupported_media_type',
    `send JSON, or a CSV or XLSX file as ${FILE_CONTENT_TYPES.join(', ')} or multipart/form-data, not ${type}`,
  );
}

function fileBody(bytes: Uint8Array, filename?: string, contentType?: string): ImportBody {
  if (bytes.byteLength === 0) throw permanent('request.invalid', 'the body is empty');
  return {
    kind: 'file',
    file: { bytes, ...(filename ? { filename } : {}), ...(contentType ? { contentType } : {}) },
  };
}

/**
 * `value` checked against `schema`, or the 400 `request.invalid` every JSON route answers, each problem with
 * its path (as the routes' own validation does).
 */
export function parseJson<T>(schema: ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // 50,000 items may hold as many mistakes: the answer lists the first LISTED_PROBLEMS, and counts them all
  const details = zodDetails(parsed.error);
  const more =
    details.length > LISTED_PROBLEMS
      ? ` (${details.length} problems, the first ${LISTED_PROBLEMS} listed)`
      : '';
  throw permanent('request.invalid', `the request body is invalid${more}`, {
    details: details.slice(0, LISTED_PROBLEMS),
  });
}

/** One object or an array of them, as a list (the paths of a lone object's problems then start with `0.`). */
export const oneOrMany = (value: unknown): unknown => (Array.isArray(value) ? value : [value]);
