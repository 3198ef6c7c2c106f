import type { Diagnostic } from '../core/diagnostic.ts';
import type { ElementErrorCode } from '../core/x12-code-lists.ts';
import { elementErrorCode } from './codes.ts';
import { components, repetitions } from './segment.ts';
import type { Delimiters, Segment } from './types.ts';

/** A simple data element of the 997/999 segments (X12.6 types ID, AN, N0) or a composite. */
export interface ElementRule {
  type: 'ID' | 'AN' | 'N0' | 'C';
  min: number;
  max: number;
  required?: boolean;
  codes?: readonly string[];
  /** Composite components (type C). */
  parts?: readonly ElementRule[];
  /** May repeat (separated by ISA11), e.g. CTX01 in the 999. */
  repeats?: boolean;
}

const id = (min: number, max: number, required = false, codes?: readonly string[]): ElementRule => ({
  type: 'ID',
  min,
  max,
  required,
  ...(codes ? { codes } : {}),
});
const an = (min: number, max: number, required = false): ElementRule => ({ type: 'AN', min, max, required });
const n0 = (min: number, max: number, required = false): ElementRule => ({ type: 'N0', min, max, required });
const composite = (required: boolean, parts: ElementRule[], repeats = false): ElementRule => ({
  type: 'C',
  min: 1,
  max: 999,
  required,
  parts,
  repeats,
});

const SET_STATUS = ['A', 'E', 'M', 'R', 'W', 'X'];
const GROUP_STATUS = ['A', 'E', 'M', 'P', 'R', 'W', 'X'];
/** C030 position in segment: element, component, repetition (005010). */
const C030 = [n0(1, 2, true), n0(1, 2), n0(1, 4)];
const codes5 = [id(1, 3), id(1, 3), id(1, 3), id(1, 3), id(1, 3)];

/** Element rules of the 997 (X12.6 005010 FA997) and 999 (005010X231A1) segments. */
export const ACK_SEGMENT_RULES: Record<string, readonly ElementRule[]> = {
  AK1: [id(2, 2, true), n0(1, 9, true), an(1, 12)],
  AK2: [id(3, 3, true), an(4, 9, true), an(1, 35)],
  AK3: [id(2, 3, true), n0(1, 10, true), an(1, 4), id(1, 3)],
  IK3: [id(2, 3, true), n0(1, 10, true), an(1, 4), id(1, 3, true)],
  AK4: [composite(true, C030), n0(1, 4), id(1, 3, true), an(1, 99)],
  IK4: [composite(true, C030), n0(1, 4), id(1, 3, true), an(1, 99)],
  AK5: [id(1, 1, true, SET_STATUS), ...codes5],
  IK5: [id(1, 1, true, SET_STATUS), ...codes5],
  AK9: [id(1, 1, true, GROUP_STATUS), n0(1, 9, true), n0(1, 9, true), n0(1, 9, true), ...codes5],
  // C998 context identification (repeats up to 10), segment id, position, loop id, C030, C999 reference
  CTX: [
    composite(true, [an(1, 35, true), an(1, 35)], true),
    id(2, 3),
    n0(1, 10),
    an(1, 4),
    composite(false, C030),
    composite(false, [n0(1, 4, true), n0(1, 4)]),
  ],
};

function valueError(value: string, rule: ElementRule): ElementErrorCode | undefined {
  if (value === '') return rule.required ? '1' : undefined;
  if (rule.type === 'N0' && !/^\d+$/.test(value)) return '6';
  if (value.length < rule.min) return '4';
  if (value.length > rule.max) return '5';
  if (rule.codes !== undefined && !rule.codes.includes(value)) return '7';
  return undefined;
}

/** Checks one segment's elements against its rules; findings use the `x12.element.*` convention. */
export function checkAckSegment(
  seg: Segment,
  rules: readonly ElementRule[],
  delimiters: Delimiters,
  transaction: string,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  const report = (code: ElementErrorCode, element: number, message: string, component?: number) =>
    found.push({
      severity: 'error',
      code: elementErrorCode(code),
      message: `${seg.tag}${String(element).padStart(2, '0')}: ${message}`,
      transaction,
      segment: seg.tag,
      segmentPosition: seg.position,
      element,
      ...(component === undefined ? {} : { component }),
      offset: seg.offset,
    });
  let last = seg.elements.length - 1;
  while (last > 0 && seg.elements[last] === '') last--;
  if (last > rules.length)
    report('3', rules.length + 1, `${last} elements, at most ${rules.length} are defined`);
  rules.forEach((rule, i) => {
    const whole = seg.elements[i + 1] ?? '';
    const values = repetitions(whole, delimiters);
    if (values.length > 1 && !rule.repeats) {
      report('12', i + 1, `"${whole}" repeats an element that does not repeat`);
      return;
    }
    for (const value of values) {
      if (rule.type !== 'C') {
        const code = valueError(value, rule);
        if (code !== undefined)
          report(code, i + 1, `"${value}" is not a valid ${rule.type} ${rule.min}/${rule.max}`);
      } else if (value === '') {
        if (rule.required) report('1', i + 1, 'mandatory composite missing');
      } else {
        const parts = components(value, delimiters);
        if (parts.length > rule.parts!.length) report('13', i + 1, `"${value}" has too many components`);
        rule.parts!.forEach((part, j) => {
          const code = valueError(parts[j] ?? '', part);
          if (code !== undefined)
            report(code, i + 1, `component ${j + 1} "${parts[j] ?? ''}" is not valid`, j + 1);
        });
      }
    }
  });
  return found;
}
