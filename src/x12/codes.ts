import type {
  ElementErrorCode,
  GroupErrorCode,
  InterchangeNoteCode,
  SegmentErrorCode,
  TransactionErrorCode,
} from '../core/x12-code-lists.ts';

/**
 * The diagnostic-code convention that ties X12 findings to the acknowledgment code lists.
 *
 * A Diagnostic about X12 syntax carries `code` = `x12.<level>.<code>` where level/code come from the
 * standard lists (src/core/x12-code-lists.ts, the error-code registry's X12 families), so the 997/999/TA1
 * builder can turn any finding (reader's or mapper's) into the right AK3/AK4/AK5/AK9 (IK3/IK4/IK5) or TA1
 * element without a second table:
 *   x12.segment.<AK304>      e.g. x12.segment.3   mandatory segment missing
 *   x12.element.<AK403>      e.g. x12.element.1   mandatory data element missing (with segment/element set)
 *   x12.transaction.<AK502>  e.g. x12.transaction.4  SE01 count does not match
 *   x12.group.<AK905>        e.g. x12.group.5     GE01 count does not match
 *   x12.interchange.<TA105>  e.g. x12.interchange.001  ISA13/IEA02 mismatch
 * Warnings that are not syntax errors use other codes (e.g. `x12.deviation.*`) and never reject anything.
 */
export const segmentErrorCode = (code: SegmentErrorCode) => `x12.segment.${code}` as const;
export const elementErrorCode = (code: ElementErrorCode) => `x12.element.${code}` as const;
export const transactionErrorCode = (code: TransactionErrorCode) => `x12.transaction.${code}` as const;
export const groupErrorCode = (code: GroupErrorCode) => `x12.group.${code}` as const;
export const interchangeNoteCode = (code: InterchangeNoteCode) => `x12.interchange.${code}` as const;

/** Splits a diagnostic code of the convention above; undefined for codes outside it (warnings, mapping notes). */
export function parseX12DiagnosticCode(
  code: string,
): { level: 'segment' | 'element' | 'transaction' | 'group' | 'interchange'; code: string } | undefined {
  const match = /^x12\.(segment|element|transaction|group|interchange)\.(\w+)$/.exec(code);
  if (!match) return undefined;
  return { level: match[1] as 'segment', code: match[2]! };
}
