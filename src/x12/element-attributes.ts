import type { ErrorCode } from '../core/error-codes.ts';
import { isFreeText } from './free-text.ts';
import type { Delimiters } from './types.ts';
import { refusedValues, type SegmentData } from './writer.ts';

/**
 * Data element attributes (X12.3 dictionary: type, minimum and maximum length) of the elements our outbound
 * encoders fill from what a client asks for (invoice numbers, quantities, tracking numbers, item IDs …). One
 * table for both checks: a request whose values do not fit is refused when it is made, and a document that
 * still holds one (from the order, or a partner setting changed since) is set aside before it is sent, not
 * sent for the partner's 997 to reject.
 */

/** X12.6 data element types: string, identifier (code), decimal, numeric with 0 or 2 implied decimals, date. */
export type ElementType = 'AN' | 'ID' | 'R' | 'N0' | 'N2' | 'DT';

export interface ElementAttributes {
  /** Data element reference number. */
  ref: number;
  name: string;
  type: ElementType;
  /** Characters; for R and N digits only (X12.6: the sign and the decimal point are not counted). */
  min: number;
  max: number;
  /** The maximum from release 005010 on, where it grew. */
  max005010?: number;
}

/** The releases we send (GS08). */
export type ElementVersion = '004010' | '005010';

const attributes = (
  ref: number,
  name: string,
  type: ElementType,
  min: number,
  max: number,
  max005010?: number,
): ElementAttributes => ({ ref, name, type, min, max, ...(max005010 !== undefined && { max005010 }) });

// The same in 004010 and 005010 unless max005010 says otherwise (REF-02 127 grew from 30 to 50 in 004040).
const DATE = attributes(373, 'Date', 'DT', 8, 8);
const ASSIGNED_ID = attributes(350, 'Assigned Identification', 'AN', 1, 20);
const PRODUCT_ID_QUALIFIER = attributes(235, 'Product/Service ID Qualifier', 'ID', 2, 2);
const PRODUCT_ID = attributes(234, 'Product/Service ID', 'AN', 1, 48);
const AMOUNT = attributes(610, 'Amount', 'N2', 1, 15);
const DESCRIPTION = attributes(352, 'Description', 'AN', 1, 80);

/**
 * A SCAC in TD5-03: the element is Identification Code (67, AN 2/80), but with TD5-02 "2", as our 856s
 * write it, it holds a Standard Carrier Alpha Code (140, ID 2/4), which partners check as such.
 */
export const SCAC = attributes(140, 'SCAC', 'ID', 2, 4);

interface SegmentAttributes {
  at: Readonly<Record<number, ElementAttributes>>;
  /** Where product/service ID qualifier (235) and ID (234) pairs start, repeating to the end. */
  pairsFrom?: number;
}

const SEGMENTS: ReadonlyMap<string, SegmentAttributes> = new Map<string, SegmentAttributes>([
  // 810 BIG-01 invoice date, BIG-02 Invoice Number (76)
  ['BIG', { at: { 1: DATE, 2: attributes(76, 'Invoice Number', 'AN', 1, 22) } }],
  // 810 IT1-01 line, IT1-02 Quantity Invoiced (358), IT1-04 Unit Price (212), IT1-06/07 … ID pairs
  [
    'IT1',
    {
      at: {
        1: ASSIGNED_ID,
        2: attributes(358, 'Quantity Invoiced', 'R', 1, 10),
        4: attributes(212, 'Unit Price', 'R', 1, 17),
      },
      pairsFrom: 6,
    },
  ],
  // 810 TDS-01 total (N2)
  ['TDS', { at: { 1: AMOUNT } }],
  // 810 SAC-02 allowance or charge code (1300), SAC-05 amount (N2), SAC-15 description
  [
    'SAC',
    {
      at: {
        2: attributes(1300, 'Service, Promotion, Allowance, or Charge Code', 'ID', 4, 4),
        5: AMOUNT,
        15: DESCRIPTION,
      },
    },
  ],
  // 810 ITD-03 discount percent (338), ITD-05 discount days (351), ITD-07 net days (386), ITD-12 description
  [
    'ITD',
    {
      at: {
        3: attributes(338, 'Terms Discount Percent', 'R', 1, 6),
        5: attributes(351, 'Terms Discount Days Due', 'N0', 1, 3),
        7: attributes(386, 'Terms Net Days', 'N0', 1, 3),
        12: DESCRIPTION,
      },
    },
  ],
  // 856 BSN-02 Shipment Identification (396), BSN-03 date
  ['BSN', { at: { 2: attributes(396, 'Shipment Identification', 'AN', 2, 30), 3: DATE } }],
  // 856 TD5-03 Identification Code (67; see SCAC), TD5-04 Transportation Method/Type Code (91)
  [
    'TD5',
    {
      at: {
        3: attributes(67, 'Identification Code', 'AN', 2, 80),
        4: attributes(91, 'Transportation Method/Type Code', 'ID', 1, 2),
      },
    },
  ],
  // REF-02 Reference Identification (127): the 856's REF*CN tracking number, the orders' references
  ['REF', { at: { 2: attributes(127, 'Reference Identification', 'AN', 1, 30, 50) } }],
  ['DTM', { at: { 2: DATE } }],
  // 856 MAN-02 Marks and Numbers (87): "00" and the SSCC-18
  ['MAN', { at: { 2: attributes(87, 'Marks and Numbers', 'AN', 1, 48) } }],
  // 856 LIN-01 line, LIN-02/03 … ID pairs; SN1-01 line, SN1-02 Number of Units Shipped (382)
  ['LIN', { at: { 1: ASSIGNED_ID }, pairsFrom: 2 }],
  ['SN1', { at: { 1: ASSIGNED_ID, 2: attributes(382, 'Number of Units Shipped', 'R', 1, 10) } }],
]);

/** The attributes of element `position` of segment `tag`, when it is one our encoders fill from requests. */
export function elementAttributes(tag: string, position: number): ElementAttributes | undefined {
  const segment = SEGMENTS.get(tag);
  return segment === undefined ? undefined : attributesAt(segment, position);
}

function attributesAt(segment: SegmentAttributes, position: number): ElementAttributes | undefined {
  const found = segment.at[position];
  if (found !== undefined || segment.pairsFrom === undefined || position < segment.pairsFrom) return found;
  return (position - segment.pairsFrom) % 2 === 0 ? PRODUCT_ID_QUALIFIER : PRODUCT_ID;
}

/** The reference designator of an element, e.g. BIG02. */
export const designator = (tag: string, position: number) => `${tag}${String(position).padStart(2, '0')}`;

const DELIMITER_NAMES = {
  element: 'element separator',
  segment: 'segment terminator',
  component: 'component separator',
  repetition: 'repetition separator',
} as const;

/** The partner's delimiter `value` holds, named ("holds "!", the partner's segment terminator"). */
export function delimiterProblem(value: string, delimiters: Delimiters): string | undefined {
  for (const role of ['element', 'segment', 'component', 'repetition'] as const) {
    const delimiter = delimiters[role];
    if (delimiter && value.includes(delimiter))
      return `holds "${delimiter}", the partner's ${DELIMITER_NAMES[role]}`;
  }
  return undefined;
}

const FORMS: Partial<Record<ElementType, { pattern: RegExp; what: string }>> = {
  R: { pattern: /^-?(?:\d+(?:\.\d*)?|\.\d+)$/, what: 'a decimal number' },
  N0: { pattern: /^-?\d+$/, what: 'a whole number' },
  N2: { pattern: /^-?\d+$/, what: 'a number with two implied decimals' },
  DT: { pattern: /^\d{8}$/, what: 'a date CCYYMMDD' },
};

/**
 * What is wrong with `value` as element `tag`/`position` by its attributes, or undefined: a character outside
 * printable ASCII (the X12.6 basic and extended character sets), the wrong form for its type, or too few or
 * too many characters (digits for R and N: X12.6 counts neither the sign nor the decimal point). Delimiters
 * are {@link delimiterProblem}'s. It runs for every such element of every document encoded: one pass over
 * the characters, and a message only for a problem.
 */
export function attributeProblem(
  value: string,
  tag: string,
  position: number,
  attributes: ElementAttributes,
  version: ElementVersion,
): string | undefined {
  const { type } = attributes;
  const numeric = type === 'R' || type === 'N0' || type === 'N2';
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) digits++;
    else if (code < 0x20 || code > 0x7e) {
      const hex = value.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0');
      return `holds U+${hex}, outside the X12 basic and extended character sets`;
    }
  }
  const form = FORMS[type];
  if (form !== undefined && !form.pattern.test(value))
    return `is not ${form.what} as ${where(tag, position, attributes)} needs`;
  const length = numeric ? digits : value.length;
  const max = version === '005010' ? (attributes.max005010 ?? attributes.max) : attributes.max;
  if (length <= max && length >= attributes.min) return undefined;
  const unit = `${numeric ? 'digit' : 'character'}${length === 1 ? '' : 's'}`;
  return length > max
    ? `${length} ${unit}; ${where(tag, position, attributes)} allows at most ${max}`
    : `${length} ${unit}; ${where(tag, position, attributes)} needs at least ${attributes.min}`;
}

const where = (tag: string, position: number, attributes: ElementAttributes) =>
  `X12 ${designator(tag, position)} (${attributes.name})`;

/** A value of a transaction set that cannot go out as it is. */
export interface SetProblem {
  /** Reference designator, e.g. REF02. */
  element: string;
  /** `x12.writer.delimiter_in_data` (what the writer refuses) or `outbound.element_invalid`. */
  code: ErrorCode;
  message: string;
}

/**
 * Every value of a transaction set body (after {@link cleanFreeText}) that cannot go out as it is in the
 * partner's syntax: what the writer refuses (a delimiter in data), and, in the elements of
 * {@link elementAttributes} that are not free text, what their attributes do not allow.
 */
export function setProblems(
  body: readonly SegmentData[],
  version: ElementVersion,
  delimiters: Delimiters,
): SetProblem[] {
  const problems: SetProblem[] = refusedValues(body, delimiters).map((refused) => {
    const element = designator(refused.segment, refused.position);
    return {
      element,
      code: 'x12.writer.delimiter_in_data',
      message: `${element} "${refused.value}" contains the delimiter "${refused.delimiter}"`,
    };
  });
  for (const segment of body) {
    const tag = segment[0];
    const known = typeof tag === 'string' ? SEGMENTS.get(tag) : undefined;
    if (known === undefined) continue;
    for (let position = 1; position < segment.length; position++) {
      const value = segment[position];
      if (typeof value !== 'string' || value === '') continue;
      const found = attributesAt(known, position);
      if (found === undefined || isFreeText(tag as string, position)) continue;
      const problem = attributeProblem(value, tag as string, position, found, version);
      if (problem !== undefined)
        problems.push({
          element: designator(tag as string, position),
          code: 'outbound.element_invalid',
          message: `${designator(tag as string, position)}: ${problem}`,
        });
    }
  }
  return problems;
}
