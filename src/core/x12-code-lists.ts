/**
 * The X12 acknowledgment code lists (X12.6; 997/999 AK3/AK4/AK5/AK9 and IK3/IK4/IK5, TA1): the meanings of
 * the standard error codes the gateway reports to partners. They live in core, not in src/x12, because the
 * error-code registry (error-codes.ts) builds its X12 families from them (`x12.element.{code}` for exactly these
 * codes) and core imports nothing else; src/x12 uses them from here.
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

/** An AK304/IK304 segment error code. */
export type SegmentErrorCode = keyof typeof SEGMENT_ERRORS;
/** An AK403/IK403 data element error code. */
export type ElementErrorCode = keyof typeof ELEMENT_ERRORS;
/** An AK502–AK506/IK502–IK506 transaction set error code. */
export type TransactionErrorCode = keyof typeof TRANSACTION_ERRORS;
/** An AK905–AK909 functional group error code. */
export type GroupErrorCode = keyof typeof GROUP_ERRORS;
/** A TA105 interchange note code. */
export type InterchangeNoteCode = keyof typeof INTERCHANGE_NOTES;
