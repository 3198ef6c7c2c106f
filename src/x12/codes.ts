/**
 * X12 acknowledgment code lists and the diagnostic-code convention that ties findings to them.
 *
 * A Diagnostic about X12 syntax carries `code` = `x12.<level>.<code>` where level/code come from the
 * standard lists below, so the 997/999/TA1 builder can turn any finding (reader's or mapper's) into the right
 * AK3/AK4/AK5/AK9 (IK3/IK4/IK5) or TA1 element without a second table:
 *   x12.segment.<AK304>      e.g. x12.segment.3   mandatory segment missing
 *   x12.element.<AK403>      e.g. x12.element.1   mandatory data element missing (with segment/element set)
 *   x12.transaction.<AK502>  e.g. x12.transaction.4  SE01 count does not match
 *   x12.group.<AK905>        e.g. x12.group.5     GE01 count does not match
 *   x12.interchange.<TA105>  e.g. x12.interchange.001  ISA13/IEA02 mismatch
 * Warnings that are not syntax errors use other codes (e.g. `x12.deviation.*`) and never reject anything.
 */

/** AK304 / IK304 segment syntax error codes (X12.6, 997/999). */
export const SEGMENT_ERRORS = {
  '1': 'Unrecognized segment ID',
  '2': 'Unexpected segment',
  '3': 'Required (mandatory) segment missing',
  '4': 'Loop occurs over maximum times',
  '5': 'Segment exceeds maximum use',
  '6': 'Segment not in defined transaction set',
  '7': 'Segment not in proper sequence',
  '8': 'Segment has data element errors',
} as const;

/** AK403 / IK403 data element syntax error codes. */
export const ELEMENT_ERRORS = {
  '1': 'Mandatory data element missing',
  '2': 'Conditional required data element missing',
  '3': 'Too many data elements',
  '4': 'Data element too short',
  '5': 'Data element too long',
  '6': 'Invalid character in data element',
  '7': 'Invalid code value',
  '8': 'Invalid date',
  '9': 'Invalid time',
  '10': 'Exclusion condition violated',
  '12': 'Too many repetitions',
  '13': 'Too many components',
} as const;

/** AK502–AK506 / IK502–IK506 transaction set syntax error codes. */
export const TRANSACTION_ERRORS = {
  '1': 'Transaction set not supported',
  '2': 'Transaction set trailer missing',
  '3': 'Transaction set control number in header and trailer do not match',
  '4': 'Number of included segments does not match actual count',
  '5': 'One or more segments in error',
  '6': 'Missing or invalid transaction set identifier',
  '7': 'Missing or invalid transaction set control number',
  '23': 'Transaction set control number not unique within the functional group',
} as const;

/** AK905–AK909 functional group syntax error codes. */
export const GROUP_ERRORS = {
  '1': 'Functional group not supported',
  '2': 'Functional group version not supported',
  '3': 'Functional group trailer missing',
  '4': 'Group control number in the functional group header and trailer do not agree',
  '5': 'Number of included transaction sets does not match actual count',
  '6': 'Group control number violates syntax',
  '19': 'Functional group control number not unique within interchange',
} as const;

/** TA105 interchange note codes. */
export const INTERCHANGE_NOTES = {
  '000': 'No error',
  '001': 'The interchange control number in the header and trailer do not match',
  '002': 'This standard as noted in the control standards identifier is not supported',
  '003': 'This version of the controls is not supported',
  '004': 'The segment terminator is invalid',
  '005': 'Invalid interchange ID qualifier for sender',
  '006': 'Invalid interchange sender ID',
  '007': 'Invalid interchange ID qualifier for receiver',
  '008': 'Invalid interchange receiver ID',
  '009': 'Unknown interchange receiver ID',
  '010': 'Invalid authorization information qualifier value',
  '011': 'Invalid authorization information value',
  '012': 'Invalid security information qualifier value',
  '013': 'Invalid security information value',
  '014': 'Invalid interchange date value',
  '015': 'Invalid interchange time value',
  '016': 'Invalid interchange standards identifier value',
  '017': 'Invalid interchange version ID value',
  '018': 'Invalid interchange control number value',
  '019': 'Invalid acknowledgment requested value',
  '020': 'Invalid test indicator value',
  '021': 'Invalid number of included groups value',
  '022': 'Invalid control structure',
  '023': 'Improper (premature) end-of-file (transmission)',
  '024': 'Invalid interchange content (e.g., invalid GS segment)',
  '025': 'Duplicate interchange control number',
  '026': 'Invalid data element separator',
  '027': 'Invalid component element separator',
} as const;

export type SegmentErrorCode = keyof typeof SEGMENT_ERRORS;
export type ElementErrorCode = keyof typeof ELEMENT_ERRORS;
export type TransactionErrorCode = keyof typeof TRANSACTION_ERRORS;
export type GroupErrorCode = keyof typeof GROUP_ERRORS;
export type InterchangeNoteCode = keyof typeof INTERCHANGE_NOTES;

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
