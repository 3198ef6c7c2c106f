import type { Delimiters, Segment } from './types.ts';

/** Element `position` in X12 numbering (BEG03 is `element(beg, 3)`); '' when the segment stops earlier. */
export function element(segment: Segment, position: number): string {
  return segment.elements[position] ?? '';
}

/** Splits a composite value at the component separator (ISA16); the whole value when none is known. */
export function components(value: string, delimiters: Pick<Delimiters, 'component'>): string[] {
  return delimiters.component === '' ? [value] : value.split(delimiters.component);
}

/** Component `index` (1-based, as in C04003) of element `position`; '' when absent. */
export function component(
  segment: Segment,
  position: number,
  index: number,
  delimiters: Pick<Delimiters, 'component'>,
): string {
  return components(element(segment, position), delimiters)[index - 1] ?? '';
}

/**
 * Splits a repeating element at the repetition separator (ISA11, version 00402 on). Before that there is
 * no repetition separator and the value is one repetition.
 */
export function repetitions(value: string, delimiters: Pick<Delimiters, 'repetition'>): string[] {
  return delimiters.repetition === undefined || delimiters.repetition === ''
    ? [value]
    : value.split(delimiters.repetition);
}

/** The first segment with this tag at or after `from` (an index into `segments`). */
export function findSegment(segments: readonly Segment[], tag: string, from = 0): Segment | undefined {
  for (let i = from; i < segments.length; i++) if (segments[i]!.tag === tag) return segments[i];
  return undefined;
}
