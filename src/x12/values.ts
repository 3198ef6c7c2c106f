import type { Diagnostic } from '../core/diagnostic.ts';
import { elementErrorCode } from './codes.ts';
import { binaryToText, decodeBinary } from './text.ts';
import type { Segment } from './types.ts';

/**
 * Element values are bytes until the reader decodes them; this is where bytes that are not plain text are
 * noticed rather than silently becoming replacement characters. X12.6 §3.3 defines the basic and extended
 * character sets (letters, digits, space, punctuation, and in the extended set national characters) and
 * leaves their encoding to the trading partners, so:
 * - a value that is not valid UTF-8 is read as Windows-1252 (which, for printable characters, ISO-8859-1
 *   is a part of) and warned about per element, naming segment, element and position: the set is still
 *   accepted, and an operator can see where the partner's encoding was guessed;
 * - a control character (C0 such as NUL, DEL, C1, including the five bytes Windows-1252 leaves undefined)
 *   is in neither character set in any encoding and cannot be stored as order data (PostgreSQL text and
 *   jsonb refuse NUL): the element is rejected with 997 AK4 / 999 IK4 code 6, "invalid character in data
 *   element", which rejects its set. TAB is the exception: the reader treats it as a blank (indentation).
 */

/** A slice holding none of these bytes needs no look per element: ASCII without control characters. */
export const UNUSUAL_BYTES = /[^\t\n\r\u0020-\u007e]/;

/** A value holding none of these is printable ASCII (or TAB) and is kept as it is. */
const NOT_PLAIN = /[^\t\u0020-\u007e]/;

/**
 * Control characters, once decoded: C0 but TAB, DEL and C1 (LF and CR never reach a value: the reader removes
 * line breaks). Written as what they are not, which says the same without control characters in the source.
 */
const CONTROL = /[^\t\u0020-\u007e\u00a0-\uffff]/;

/** An element whose bytes are not plain X12 text, found by {@link readValues}. */
export interface ValueFinding {
  /** Element position (X12 numbering) and, in a composite, the component (1-based). */
  element: number;
  component?: number;
  problem: 'not-utf8' | 'control';
  /** The element as read (Windows-1252 when not UTF-8). */
  text: string;
  /** For `control`: the first control character's code. */
  character?: number;
}

/**
 * Decodes, in place, the elements of a segment whose bytes need a closer look, and returns what is wrong with
 * them (undefined when nothing). The segment ID (element 0) is decoded without findings: one that is not
 * letters and digits is a segment error already.
 */
export function readValues(
  elements: string[],
  component: string,
  repetition: string,
): ValueFinding[] | undefined {
  // allocated on the first finding only: a UTF-8 file takes this path for every segment
  let findings: ValueFinding[] | undefined;
  if (NOT_PLAIN.test(elements[0]!)) elements[0] = binaryToText(elements[0]!);
  for (let i = 1; i < elements.length; i++) {
    if (!NOT_PLAIN.test(elements[i]!)) continue;
    const { text, utf8, control } = decodeValue(elements[i]!, component, repetition);
    elements[i] = text;
    if (utf8 && control === undefined) continue;
    findings ??= [];
    if (!utf8) findings.push({ element: i, problem: 'not-utf8', text });
    if (control !== undefined) findings.push({ element: i, problem: 'control', text, ...control });
  }
  return findings;
}

/**
 * One element. Its repetition and component separators (binary, '' when none) are delimiters, not data: each
 * value between them is decoded on its own, so a one-byte separator such as 0xA7 does not make a UTF-8
 * element look like Windows-1252, and a control character used as a separator (0x1F) is no finding.
 */
function decodeValue(
  binary: string,
  component: string,
  repetition: string,
): { text: string; utf8: boolean; control?: { component?: number; character: number } } {
  let utf8 = true;
  let control: { component?: number; character: number } | undefined;
  const occurrences = repetition === '' ? [binary] : binary.split(repetition);
  const text = occurrences
    .map((occurrence) => {
      const parts = component === '' ? [occurrence] : occurrence.split(component);
      return parts
        .map((part, index) => {
          const decoded = decodeBinary(part);
          utf8 &&= decoded.utf8;
          const at = decoded.text.search(CONTROL);
          if (at >= 0 && control === undefined) {
            const character = decoded.text.charCodeAt(at);
            control = parts.length > 1 ? { component: index + 1, character } : { character };
          }
          return decoded.text;
        })
        .join(binaryToText(component));
    })
    .join(binaryToText(repetition));
  return control === undefined ? { text, utf8 } : { text, utf8, control };
}

/** Where a finding is, as an implementation guide names it: N102, or C00101 style TD504-2. */
function named(seg: Segment, finding: ValueFinding): string {
  const id = `${seg.tag}${String(finding.element).padStart(2, '0')}`;
  return finding.component === undefined ? id : `${id}-${finding.component}`;
}

/** A character for a message: its code point, and its name for the usual suspects. */
function character(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code === 0 ? `${hex} (NUL)` : code === 0x7f ? `${hex} (DEL)` : `${hex} (a control character)`;
}

/**
 * The diagnostics for a segment's findings inside a transaction set (`seg.position` set): an AK4 code 6
 * error for a control character, a warning for a value read as Windows-1252 (once per element position and
 * set, via `warned`, so a partner writing Windows-1252 throughout is told once per field, not per line).
 */
export function valueDiagnostics(
  seg: Segment,
  findings: readonly ValueFinding[],
  transaction: string,
  warned: Set<string>,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const finding of findings) {
    const where = {
      transaction,
      segment: seg.tag.slice(0, 3),
      segmentPosition: seg.position,
      element: finding.element,
      ...(finding.component === undefined ? {} : { component: finding.component }),
      offset: seg.offset,
    };
    const name = named(seg, finding);
    if (finding.problem === 'control') {
      found.push({
        severity: 'error',
        code: elementErrorCode('6'),
        message: `${name} (segment ${seg.position}) holds ${character(finding.character!)}: not in the X12 basic or extended character set`,
        ...where,
      });
    } else if (!warned.has(`not-utf8 ${name}`)) {
      warned.add(`not-utf8 ${name}`);
      found.push({
        severity: 'warning',
        code: 'x12.deviation.not_utf8',
        message: `${name} (segment ${seg.position}) is not valid UTF-8; read as Windows-1252: "${finding.text.slice(0, 80)}"`,
        ...where,
      });
    }
  }
  return found;
}
