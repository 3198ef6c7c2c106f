import type { Delimiters } from './types.ts';
import type { ElementValue, SegmentData } from './writer.ts';

/**
 * Free-text cleaning for outbound segments. `writeSegment` refuses any value holding a delimiter
 * (`x12.writer.delimiter_in_data`), which is right for identifiers but makes a whole 855/856/810 fail for a
 * ship-to name like "Smith * Sons". Translators replace such characters in descriptive elements; this does
 * the same, for the elements in {@link FREE_TEXT_ELEMENTS} only, so an identifier holding a delimiter is
 * still refused by the writer.
 */

/** One free-text element: where it sits and which X12 data element it is. */
export interface FreeTextElement {
  /** Segment id, e.g. "N1". */
  segment: string;
  /** Element position, X12 numbering (N1-02 is 2, as in `SegmentData`). */
  position: number;
  /** X12 data element number. */
  dataElement: number;
  /** X12 data element name. */
  name: string;
}

/**
 * The descriptive (AN, free-form) elements our outbound encoders write, or may write, with their X12
 * 004010 dictionary entries (the same positions and elements in 005010). Only free text: codes (ID),
 * identifiers (REF-02 127, N1-04 67, PO1-07 234, BSN-02 396, N4-02/03 state and postal codes, …) and
 * communication numbers (PER-04 364) are left to the writer's check.
 */
export const FREE_TEXT_ELEMENTS: readonly FreeTextElement[] = [
  // N1-02 Name (93), AN 1/60: the party's name. X: N1 R0203 wants N1-02 or N1-03.
  { segment: 'N1', position: 2, dataElement: 93, name: 'Name' },
  // N2-01 Name (93), AN 1/60, mandatory; N2-02 Name (93), AN 1/60: additional name lines.
  { segment: 'N2', position: 1, dataElement: 93, name: 'Name' },
  { segment: 'N2', position: 2, dataElement: 93, name: 'Name' },
  // N3-01 Address Information (166), AN 1/55, mandatory; N3-02 Address Information (166), AN 1/55.
  { segment: 'N3', position: 1, dataElement: 166, name: 'Address Information' },
  { segment: 'N3', position: 2, dataElement: 166, name: 'Address Information' },
  // N4-01 City Name (19), AN 2/30. (N4-02 State or Province Code 156 and N4-03 Postal Code 116 are ID.)
  { segment: 'N4', position: 1, dataElement: 19, name: 'City Name' },
  // PID-05 Description (352), AN 1/80: the item description (PID-01 "F" free-form). X: PID R0405.
  { segment: 'PID', position: 5, dataElement: 352, name: 'Description' },
  // MSG-01 Free-Form Message Text (933), AN 1/264, mandatory.
  { segment: 'MSG', position: 1, dataElement: 933, name: 'Free-Form Message Text' },
  // NTE-02 Description (352), AN 1/80, mandatory: the note text (NTE-01 is the Note Reference Code 363).
  { segment: 'NTE', position: 2, dataElement: 352, name: 'Description' },
  // REF-03 Description (352), AN 1/80. X: REF R0203 (REF-02, the Reference Identification 127, is not here).
  { segment: 'REF', position: 3, dataElement: 352, name: 'Description' },
  // ITD-12 Description (352), AN 1/80: terms of sale in words, e.g. "2% 10 NET 30".
  { segment: 'ITD', position: 12, dataElement: 352, name: 'Description' },
  // SAC-15 Description (352), AN 1/80: the allowance or charge in words.
  { segment: 'SAC', position: 15, dataElement: 352, name: 'Description' },
  // PER-02 Name (93), AN 1/60: the contact's name (PER-04 Communication Number 364 is not free text).
  { segment: 'PER', position: 2, dataElement: 93, name: 'Name' },
  // TD5-05 Routing (387), AN 1/35: free-form routing or carrier name (TD5-03 67 holds the SCAC).
  { segment: 'TD5', position: 5, dataElement: 387, name: 'Routing' },
  // CAD-05 Routing (387), AN 1/35 (CAD-04 Standard Carrier Alpha Code 140 is ID). X: CAD R0405.
  { segment: 'CAD', position: 5, dataElement: 387, name: 'Routing' },
];

/** Positions to clean by segment id: the one lookup per segment on the hot path. */
const POSITIONS: ReadonlyMap<string, readonly number[]> = (() => {
  const byTag = new Map<string, number[]>();
  for (const { segment, position } of FREE_TEXT_ELEMENTS) {
    const positions = byTag.get(segment) ?? [];
    positions.push(position);
    byTag.set(segment, positions);
  }
  return byTag;
})();

/** Whether element `position` of segment `tag` is free text, which {@link cleanFreeText} cleans. */
export function isFreeText(tag: string, position: number): boolean {
  return POSITIONS.get(tag)?.includes(position) === true;
}

/** One value that was changed. */
export interface FreeTextChange {
  /** Segment id, e.g. "N1" (what 997 AK3-01 would name). */
  segment: string;
  /**
   * 1-based position of the segment in the transaction set counting ST as 1, as `Segment.position` and 997
   * AK3-02 count: the first body segment is 2.
   */
  position: number;
  /** Reference designator of the element, e.g. "N102". */
  element: string;
  before: string;
  after: string;
}

export interface CleanedFreeText {
  /** The body to write: the input array itself when nothing changed (do not mutate it). */
  body: SegmentData[];
  /** Every value that was changed, in body order. */
  cleaned: FreeTextChange[];
}

interface Matcher {
  /** Finds a character to replace: a delimiter or a C0 control character or DEL. */
  test: RegExp;
  /** The same class, global, to replace every occurrence. */
  all: RegExp;
}

const matchers = new Map<string, Matcher>();
const MAX_MATCHERS = 256;

/** The matcher for one set of delimiters, cached by its pattern (partners share a handful of sets). */
function matcherFor(delimiters: Delimiters): Matcher {
  let source = '[\\x00-\\x1f\\x7f';
  for (const delimiter of [
    delimiters.element,
    delimiters.segment,
    delimiters.component,
    delimiters.repetition ?? '',
  ]) {
    for (const char of delimiter) {
      const code = char.codePointAt(0)!;
      // Controls are in the class already (control-character terminators are common: \n, \x1c).
      if (code > 0x1f && code !== 0x7f) source += `\\u{${code.toString(16)}}`;
    }
  }
  source += ']';
  let matcher = matchers.get(source);
  if (matcher === undefined) {
    if (matchers.size >= MAX_MATCHERS) matchers.clear();
    matcher = { test: new RegExp(source, 'u'), all: new RegExp(source, 'gu') };
    matchers.set(source, matcher);
  }
  return matcher;
}

/** Each bad character becomes a space, runs of spaces collapse, the ends are trimmed (ASCII spaces only). */
function clean(value: string, matcher: Matcher): string {
  return value.replace(matcher.all, ' ').replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}

function designator(tag: string, position: number): string {
  return `${tag}${String(position).padStart(2, '0')}`;
}

/**
 * Replaces, in the free-text elements of {@link FREE_TEXT_ELEMENTS}, every delimiter of `delimiters`
 * (element, segment, component, and repetition when set) and every C0 control character and DEL by a
 * space, collapses runs of spaces and trims the value. `body` is the segments between ST and SE, as in
 * `TransactionInput.body`.
 *
 * - Values without such a character are left exactly as they are (no trimming of clean data).
 * - Elements outside the table, composites and non-string values are never touched, so the writer still
 *   refuses an identifier (PO number, SKU, SSCC) holding a delimiter.
 * - A value that would be left empty (nothing but delimiters, control characters and spaces) is left as
 *   it was and not reported: there is no text in it to keep, and both alternatives send a document that
 *   says something the data did not. An empty element is a syntax error where it is mandatory (N2-01,
 *   N3-01, MSG-01, NTE-02) or needed by a syntax rule (N1-02 without N1-03, PID-05 without PID-04, REF-03
 *   without REF-02, CAD-05 without CAD-04), which the partner rejects in its 997 after we reported
 *   success; a placeholder such as "-" would go out as a ship-to name. Left alone, a value holding a
 *   delimiter still fails in the writer with `x12.writer.delimiter_in_data`, as before: a data error for
 *   an operator, not something to guess at.
 *
 * Allocation-light for the encode hot path: one pass, one map lookup per segment; a segment is copied
 * only when one of its values changes, the body array only from the first change on; unchanged segments
 * are returned as the same objects.
 */
export function cleanFreeText(body: readonly SegmentData[], delimiters: Delimiters): CleanedFreeText {
  const matcher = matcherFor(delimiters);
  let out: SegmentData[] | undefined;
  let cleaned: FreeTextChange[] | undefined;
  for (let i = 0; i < body.length; i++) {
    const segment = body[i]!;
    const tag = segment[0];
    const positions = typeof tag === 'string' ? POSITIONS.get(tag) : undefined;
    let copy: ElementValue[] | undefined;
    if (positions !== undefined) {
      for (let p = 0; p < positions.length; p++) {
        const position = positions[p]!;
        const before = segment[position];
        if (typeof before !== 'string' || !matcher.test.test(before)) continue;
        const after = clean(before, matcher);
        if (after === '') continue;
        copy ??= segment.slice();
        copy[position] = after;
        const id = tag as string;
        cleaned ??= [];
        cleaned.push({
          segment: id,
          position: i + 2,
          element: designator(id, position),
          before,
          after,
        });
      }
    }
    if (copy !== undefined) {
      out ??= body.slice(0, i);
      out.push(copy);
    } else if (out !== undefined) {
      out.push(segment);
    }
  }
  return { body: out ?? (body as SegmentData[]), cleaned: cleaned ?? [] };
}
