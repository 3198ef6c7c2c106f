import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import type { ElementErrorCode, SegmentErrorCode } from '../../src/core/x12-code-lists.ts';
import { elementErrorCode, segmentErrorCode } from '../../src/x12/codes.ts';
import type { Segment } from '../../src/x12/types.ts';

type Severity = Diagnostic['severity'];

/**
 * Collects the findings of one transaction set, each tied to ST02 and, when known, a segment and element.
 * Findings that are not X12 syntax errors use the registry's `x12.mapping.*` and `x12.unmapped_*` codes; syntax
 * errors use `x12.element.*`/`x12.segment.*` (src/x12/codes.ts), so the 997/999 builder can report them as
 * AK3/AK4.
 */
export class Findings {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly transaction: string) {}

  add(
    severity: Severity,
    code: ErrorCode,
    message: string,
    segment?: Segment | string,
    element?: number,
  ): void {
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

  error(code: ErrorCode, message: string, segment?: Segment | string, element?: number): void {
    this.add('error', code, message, segment, element);
  }

  warning(code: ErrorCode, message: string, segment?: Segment | string, element?: number): void {
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
    const code = element === undefined ? 'x12.unmapped_segment' : 'x12.unmapped_element';
    this.add('warning', code, message, segment, element);
  }

  /** A configurable check (`checks.*` in the mapping): `off` drops it. */
  check(
    severity: 'error' | 'warning' | 'off',
    code: ErrorCode,
    message: string,
    segment: Segment,
    element: number,
  ): void {
    if (severity !== 'off') this.add(severity, code, message, segment, element);
  }
}
