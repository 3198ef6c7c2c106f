import { randomUUID } from 'node:crypto';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { resolvedPartner } from '../partners/resolved-partner.ts';
import { decodeSpreadsheetFile, type SpreadsheetInput } from '../pipeline/spreadsheet/decode-file.ts';

/** A problem as the preview lists it: where it is in the file and why. */
export interface PreviewProblem {
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  code: Diagnostic['code'];
  severity: Diagnostic['severity'];
  message: string;
}

/** What `POST /v1/inbound/upload?dryRun=true` answers: the orders the file would become and each problem. */
export interface UploadPreview {
  orders: Order[];
  problems: PreviewProblem[];
  mapping: { partnerId: string; version: number | 'default' };
}

/**
 * Reads a spreadsheet as the pipeline would for `partnerId` (its active spreadsheet mapping and bad-row
 * policy) and stores nothing: the preview a person checks before sending the file for real. Undefined when
 * the partner does not exist.
 */
export async function previewUpload(
  db: Database,
  partnerId: string,
  file: SpreadsheetInput,
): Promise<UploadPreview | undefined> {
  const partner = await resolvedPartner(db, partnerId);
  if (partner === undefined) return undefined;
  const result = await decodeSpreadsheetFile(file, {
    channel: 'csv',
    messageId: `preview-${randomUUID()}`,
    partner,
  });
  return {
    orders: result.orders,
    problems: result.diagnostics.map((d) => ({
      ...(d.file !== undefined ? { file: d.file } : {}),
      ...(d.sheet !== undefined ? { sheet: d.sheet } : {}),
      ...(d.row !== undefined ? { row: d.row } : {}),
      ...(d.column !== undefined ? { column: d.column } : {}),
      code: d.code,
      severity: d.severity,
      message: d.message,
    })),
    mapping: { partnerId, version: partner.versions?.spreadsheet ?? 'default' },
  };
}
