import { z } from 'zod';
import { type ErrorCode, isErrorCode } from './error-codes.ts';

/**
 * A finding about an inbound or outbound document: where it is (transaction, segment position, element),
 * how bad it is, and a stable code. Errors reject what they belong to; warnings are reported and kept.
 */
export const Diagnostic = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  /** A code of the registry (src/core/error-codes.ts, docs/error-codes.md). */
  code: z.string().refine(isErrorCode, 'not a registered error code') as z.ZodType<ErrorCode>,
  message: z.string().min(1),
  /** Transaction set control number (ST02) or another per-document reference. */
  transaction: z.string().optional(),
  /** Segment id and its 1-based position inside the transaction set, as 997 AK3 reports them. */
  segment: z.string().optional(),
  segmentPosition: z.number().int().positive().optional(),
  /** 1-based element position (AK4-01) and optional component position. */
  element: z.number().int().positive().optional(),
  component: z.number().int().positive().optional(),
  /** Byte offset in the raw message, where known. */
  offset: z.number().int().nonnegative().optional(),
  /** Spreadsheets and mail: the file (attachment name) a finding is about. */
  file: z.string().optional(),
  /** Spreadsheets: the sheet's name (XLSX; absent for CSV). */
  sheet: z.string().optional(),
  /** Spreadsheets: the 1-based row number as the sender sees it in Excel (CSV: the line's record number). */
  row: z.number().int().positive().optional(),
  /** Spreadsheets: the column's header as the sender wrote it (or its letter when it has none). */
  column: z.string().optional(),
  /** Wholesale rules: the order line a finding is about (its line number). */
  line: z.string().optional(),
  /** Wholesale rules: what our terms expect (the tier price, the MOQ, the available quantity …). */
  expected: z.string().optional(),
  /** Wholesale rules: what the order has (the buyer's price, the quantity ordered …). */
  found: z.string().optional(),
  /** Wholesale rules: what could be done instead (a discontinued item's substitute SKUs). */
  proposed: z.array(z.string()).optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** True when any finding is an error (it rejects what it belongs to); warnings are kept and reported. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
