import { component, element } from '../x12/segment.ts';
import type { Delimiters, Segment } from '../x12/types.ts';

/**
 * Path expressions pick one value out of X12 segments, for mapping overrides (mappings are data, never
 * eval'd — DESIGN §7.5). Grammar:
 *
 *   expression := SEGMENT [ '[' condition { ',' condition } ']' ] '.' ELEMENT [ '.' COMPONENT ]
 *   condition  := ELEMENT '=' value { '|' value }
 *   SEGMENT    := upper-case letter, then 1-2 upper-case letters or digits   (REF, N1, PO1)
 *   ELEMENT    := two digits, X12 numbering (02 = REF02)
 *   COMPONENT  := 1-2 digits, 1-based position inside a composite element
 *
 * `REF[01=ST].02` is REF02 of the first REF whose REF01 is ST; `N1[01=ST|Z7].04` is N104 of the first ship-to or
 * mark-for N1; `POC.05.1` is the first component of POC05.
 */
export interface PathExpression {
  segment: string;
  conditions: { element: number; values: string[] }[];
  element: number;
  component?: number;
}

export class PathExpressionError extends Error {
  constructor(text: string, column: number, expected: string) {
    super(`invalid path expression "${text}" at column ${column}: expected ${expected}`);
    this.name = 'PathExpressionError';
  }
}

class Cursor {
  position = 0;
  constructor(readonly text: string) {}

  fail(expected: string): never {
    throw new PathExpressionError(this.text, this.position + 1, expected);
  }

  take(pattern: RegExp, expected: string): string {
    const sticky = new RegExp(pattern.source, 'y');
    sticky.lastIndex = this.position;
    const match = sticky.exec(this.text);
    if (!match) this.fail(expected);
    this.position += match[0].length;
    return match[0];
  }

  accept(literal: string): boolean {
    if (!this.text.startsWith(literal, this.position)) return false;
    this.position += literal.length;
    return true;
  }

  expect(literal: string): void {
    if (!this.accept(literal)) this.fail(`"${literal}"`);
  }
}

function position(cursor: Cursor, pattern: RegExp, expected: string, nonZero: string): number {
  const start = cursor.position;
  const value = Number(cursor.take(pattern, expected));
  if (value === 0) {
    cursor.position = start;
    cursor.fail(nonZero);
  }
  return value;
}

function elementNumber(cursor: Cursor): number {
  return position(cursor, /\d\d/, 'a two-digit element position such as 02', 'an element position from 01');
}

export function parsePathExpression(text: string): PathExpression {
  const cursor = new Cursor(text);
  const segment = cursor.take(/[A-Z][A-Z0-9]{1,2}/, 'a segment id such as REF');
  const conditions: PathExpression['conditions'] = [];
  if (cursor.accept('[')) {
    do {
      const element = elementNumber(cursor);
      cursor.expect('=');
      const values = [cursor.take(/[^,|\]]+/, 'a value')];
      while (cursor.accept('|')) values.push(cursor.take(/[^,|\]]+/, 'a value'));
      conditions.push({ element, values });
    } while (cursor.accept(','));
    cursor.expect(']');
  }
  cursor.expect('.');
  const element = elementNumber(cursor);
  let component: number | undefined;
  if (cursor.accept('.')) {
    component = position(cursor, /\d{1,2}/, 'a component position such as 1', 'a component position from 1');
  }
  if (cursor.position !== text.length) cursor.fail('the end of the expression');
  return component === undefined
    ? { segment, conditions, element }
    : { segment, conditions, element, component };
}

/** Where a path expression found its value. */
export interface PathMatch {
  value: string;
  segment: Segment;
  element: number;
}

/**
 * The value the expression points at in the first matching segment that has one, or undefined.
 * `delimiters.component` (ISA16) is needed only for expressions with a component.
 */
export function evaluatePathExpression(
  expression: PathExpression,
  segments: readonly Segment[],
  delimiters: Pick<Delimiters, 'component'>,
): PathMatch | undefined {
  for (const segment of segments) {
    if (segment.tag !== expression.segment) continue;
    const matches = expression.conditions.every((condition) =>
      condition.values.includes(element(segment, condition.element).trim()),
    );
    if (!matches) continue;
    const value = (
      expression.component === undefined
        ? element(segment, expression.element)
        : component(segment, expression.element, expression.component, delimiters)
    ).trim();
    if (value !== '') return { value, segment, element: expression.element };
  }
  return undefined;
}
