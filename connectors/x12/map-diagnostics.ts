import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { ElementErrorCode, SegmentErrorCode } from '../../src/core/x12-code-lists.ts';
import { elementErrorCode, segmentErrorCode } from '../../src/x12/codes.ts';
import type { Segment } from '../../src/x12/types.ts';

/**
 * Codes of mapping findings that are not X12 syntax errors (those use `x12.element.*`/`x12.segment.*`,
 * see src/x12/codes.ts, so the 997/999 builder can report them as AK3/AK4). Each still carries the segment,
 * position and element it is about.
 */
export const MAPPING_CODES = {
  /** A segment (or whole loop) the canonical order has no place for; the raw bytes stay archived. */
  unmappedSegment: 'x12.unmapped-segment',
  /** A qualified value inside a handled segment (PO1 item ID pair, TD503) with no canonical field. */
  unmappedElement: 'x12.unmapped-element',
  lineNumberAssigned: 'x12.mapping.line-number-assigned',
  duplicateLineNumber: 'x12.mapping.duplicate-line-number',
  shiftedItemId: 'x12.mapping.shifted-item-id',
  quantityMissing: 'x12.mapping.quantity-missing',
  negativeQuantity: 'x12.mapping.negative-quantity',
  defaultUom: 'x12.mapping.default-uom',
  lineCurrency: 'x12.mapping.line-currency',
  destinationQuantity: 'x12.mapping.destination-quantity',
  lineCount: 'x12.mapping.line-count',
  hashTotal: 'x12.mapping.hash-total',
  amountTotal: 'x12.mapping.amount-total',
  noLines: 'x12.mapping.no-lines',
  invalidOrder: 'x12.mapping.invalid-order',
  /** The mapper was handed a transaction set or mapping of another document type (a caller's mistake). */
  wrongDocument: 'x12.mapping.wrong-document',
} as const;

type Severity = Diagnostic['severity'];

/** Collects the findings of one transaction set, each tied to ST02 and, when known, a segment and element. */
export class Findings {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly transaction: string) {}

  add(severity: Severity, code: string, message: string, segment?: Segment | string, element?: number): void {
    const diagnostic: Diagnostic = { severity, code, message, transaction: this.transaction };
    if (typeof segment === 'string') diagnostic.segment = segment;
    else if (segment) {
      diagnostic.segment = segment.tag;
      if (segment.position > 0) diagnostic.segmentPosition = segment.position;
      diagnostic.offset = segment.offset;
    }
    if (element !== undefined) diagnostic.element = element;
    this.diagnostics.push(diagnostic);
  }

  error(code: string, message: string, segment?: Segment | string, element?: number): void {
    this.add('error', code, message, segment, element);
  }

  warning(code: string, message: string, segment?: Segment | string, element?: number): void {
    this.add('warning', code, message, segment, element);
  }

  /** An X12 data element error (AK403 code) at `segment`/`element`. */
  elementError(code: ElementErrorCode, message: string, segment: Segment, element: number): void {
    this.add('error', elementErrorCode(code), message, segment, element);
  }

  /** An X12 segment error (AK304 code), e.g. a mandatory segment missing (3). */
  segmentError(code: SegmentErrorCode, message: string, segment: Segment | string): void {
    this.add('error', segmentErrorCode(code), message, segment);
  }

  /** Data that has no place in the canonical order: reported, never silently dropped. */
  unmapped(message: string, segment: Segment, element?: number): void {
    const code = element === undefined ? MAPPING_CODES.unmappedSegment : MAPPING_CODES.unmappedElement;
    this.add('warning', code, message, segment, element);
  }

  /** A configurable check (`checks.*` in the mapping): `off` drops it. */
  check(
    severity: 'error' | 'warning' | 'off',
    code: string,
    message: string,
    segment: Segment,
    element: number,
  ): void {
    if (severity !== 'off') this.add(severity, code, message, segment, element);
  }
}
