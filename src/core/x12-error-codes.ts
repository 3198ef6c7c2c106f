import {
  ELEMENT_ERRORS,
  type ElementErrorCode,
  GROUP_ERRORS,
  type GroupErrorCode,
  INTERCHANGE_NOTES,
  type InterchangeNoteCode,
  SEGMENT_ERRORS,
  type SegmentErrorCode,
  TRANSACTION_ERRORS,
  type TransactionErrorCode,
} from './x12-code-lists.ts';

/**
 * The X12 part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces): the syntax
 * families tied to the acknowledgment code lists, and the findings of the reader, the mappers and the answer
 * planner. Pure data, so the registry can import it without a cycle.
 */

/** A member of an X12 syntax family: exactly the codes of the standard's list, e.g. `x12.element.7`. */
export type X12FamilyCode =
  | `x12.segment.${SegmentErrorCode}`
  | `x12.element.${ElementErrorCode}`
  | `x12.transaction.${TransactionErrorCode}`
  | `x12.group.${GroupErrorCode}`
  | `x12.interchange.${InterchangeNoteCode}`;

/** A family: `prefix` followed by any code of `list` (whose values say what each code means). */
export interface X12Family {
  readonly template: string;
  readonly prefix: string;
  readonly list: Readonly<Record<string, string>>;
  readonly meaning: string;
}

const family = (level: string, list: Readonly<Record<string, string>>, meaning: string): X12Family => ({
  template: `x12.${level}.{code}`,
  prefix: `x12.${level}.`,
  list,
  meaning,
});

/** The X12 syntax errors, reported to the partner in the 997/999 (AK3–AK5, AK9; IK3–IK5) or TA1 they get. */
export const X12_FAMILIES: readonly X12Family[] = [
  family(
    'segment',
    SEGMENT_ERRORS,
    'a segment error in a transaction set (AK304/IK304 code): rejects the set',
  ),
  family(
    'element',
    ELEMENT_ERRORS,
    'a data element error (AK403/IK403 code) at the segment and element named',
  ),
  family('transaction', TRANSACTION_ERRORS, 'a transaction set error (AK502–AK506/IK502–IK506 code)'),
  family('group', GROUP_ERRORS, 'a functional group error (AK905–AK909 code)'),
  family(
    'interchange',
    INTERCHANGE_NOTES,
    'an interchange error (TA105 note code): nothing in it is processed',
  ),
];

/** How an interchange departs from X12.5/X12.6 in a way the reader repairs: reported, never rejected. */
export const X12_DEVIATIONS = {
  'x12.deviation.bom': 'the input starts with a byte order mark, which was skipped',
  'x12.deviation.not_utf8': 'a value is not valid UTF-8 and was read as Windows-1252',
  'x12.deviation.control_character': 'an envelope element holds a control character',
  'x12.deviation.isa_length': 'an ISA element is not its fixed width (the ISA is not 106 bytes)',
  'x12.deviation.isa_characters':
    'the ISA holds characters outside printable ASCII (no-break spaces as padding)',
  'x12.deviation.isa_version': 'ISA12 is not a published interchange control version',
  'x12.deviation.segment_terminator':
    'the segment terminator is unusual (e.g. followed by a line break not repeated)',
  'x12.deviation.element_separator': 'the element separator is not ASCII',
  'x12.deviation.component_separator': 'ISA16 (the component separator) is not ASCII',
  'x12.deviation.repetition_separator': 'ISA11 cannot be the repetition separator, or is one before 00402',
  'x12.deviation.line_break_in_segment': 'line breaks inside a segment (a wrapped line) were removed',
  'x12.deviation.trailing_whitespace': 'blanks at the end of a segment were removed',
  'x12.deviation.blank_line': 'blank lines between segments were skipped',
  'x12.deviation.empty_segment': 'an empty segment (two terminators in a row) was skipped',
  'x12.deviation.gs_date': 'GS04 is not a date',
  'x12.deviation.gs_time': 'GS05 is not a time',
} as const;

/** Errors of the X12 mappers (850, 860, 855, 856, 810): the transaction set is rejected, the partner told. */
export const X12_MAPPING_ERRORS = {
  'x12.mapping.quantity_missing': 'a line has no quantity (or an invalid one)',
  'x12.mapping.negative_quantity': 'a line quantity is negative',
  'x12.mapping.line_currency': 'a line is priced in another currency than the order',
  'x12.mapping.no_lines': 'the order has no PO1/POC lines and is not a cancellation (only one may have none)',
  'x12.mapping.invalid_order': 'the order read does not match the canonical model',
  'x12.mapping.invalid_acknowledgment': 'the acknowledgment read does not match the canonical model',
  'x12.mapping.invalid_shipment': 'the ship notice read does not match the canonical model',
  'x12.mapping.invalid_invoice': 'the invoice read does not match the canonical model',
  'x12.mapping.po_number_missing':
    'BIG04 (the PO number), the only link from an invoice to an order, is missing',
  'x12.mapping.856_hl_duplicate_id': 'an HL01 is repeated: the hierarchy cannot be trusted',
  'x12.mapping.856_hl_parent_unknown': 'an HL02 names no earlier HL: the hierarchy cannot be trusted',
  'x12.mapping.856_hl_structure': 'the 856 does not have exactly one shipment level, first',
  'x12.mapping.856_sscc_invalid': 'a MAN02 is not an SSCC-18 with a valid check digit',
  'x12.mapping.856_pack_sscc_missing': 'a pack level has no MAN*GM SSCC',
  'x12.mapping.856_no_packs':
    'goods whose carton is unknown (no pack level, no single MAN*GM), or no packs at all',
  'x12.mapping.856_no_orders': 'no PRF01 purchase order number',
} as const;

/** Checks the mapping's `checks` make errors or warnings (an 850's; the other mappers' only warn). */
export const X12_MAPPING_CHECKS = {
  'x12.mapping.line_count': 'CTT01 differs from the number of lines',
  'x12.mapping.hash_total': 'CTT02 differs from the sum of the line quantities',
  'x12.mapping.amount_total': 'AMT*TT differs from the sum of quantity × unit price',
  'x12.mapping.duplicate_line_number':
    'a line number is used twice (an error in an order, a warning in an 855)',
} as const;

/** What the mappers assumed or could not keep: reported and kept, the document is read. */
export const X12_MAPPING_WARNINGS = {
  'x12.mapping.invalid': "the partner's active mapping is not valid: the default mapping was used",
  'x12.mapping.line_number_assigned': 'a line has no line number: it was numbered in order',
  'x12.mapping.shifted_item_id':
    'the item ID pairs start one element early (PO106 holds a qualifier): read so',
  'x12.mapping.default_uom': "a line has no unit of measure: the mapping's default was assumed",
  'x12.mapping.destination_quantity': "a line's store distribution (SDQ) does not add up to its quantity",
  'x12.mapping.855_status_mismatch': 'BAK02 says one thing, the lines another: BAK02 is kept',
  'x12.mapping.855_unknown_status':
    'BAK02 or ACK01 is not a known status: taken from the lines, or as accepted',
  'x12.mapping.855_extra_ack': 'a PO1 has several ACKs: the canonical line keeps the most telling status',
  'x12.mapping.invoice_total':
    'TDS01 differs from the lines with allowances and charges (taxes may explain it)',
  'x12.mapping.856_hl_parent_missing': 'an HL has no HL02: its parent was inferred from the level codes',
  'x12.mapping.856_hl_child_code': 'HL04 says there are (not) child levels, and the tree says otherwise',
  'x12.mapping.856_ship_date_assumed': 'no DTM*011: the ship date was taken from BSN03',
} as const;

/** Data the canonical documents have no place for: reported, never dropped silently (the raw bytes stay). */
export const X12_UNMAPPED = {
  'x12.unmapped_segment': 'a segment (or loop) the canonical document has no place for',
  'x12.unmapped_element': 'a qualified value in a handled segment (an item ID pair, TD503) with no field',
  'x12.mapping.line_allowance_charge': 'a line-level SAC was counted on the invoice (it keeps no line ones)',
} as const;
