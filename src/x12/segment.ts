import type { Delimiters, Segment } from './types.ts';

/** Element `position` in X12 numbering (BEG03 is `element(beg, 3)`); '' when the segment stops earlier. */
export function element(segment: Segment, position: number): string {
  return segment.elements[position] ?? '';
}

/** Splits a composite value at the component separator (ISA16); the whole value when none is known. */
export function components(value: string, delimiters: Pick<Delimiters, 'component'>): string[] {
  return delimiters.component === '' ? [value] : value.split(delimiters.component);
}

/**
 * Component `index` (1-based, as in C04003) of element `position`; '' when absent. Same result as
 * `components(...)[index - 1]`, but walks to the one component instead of splitting the whole value
 * (the 850 mapper asks for PO103 on every line).
 */
export function component(
  segment: Segment,
  position: number,
  index: number,
  delimiters: Pick<Delimiters, 'component'>,
): string {
  const value = element(segment, position);
  const separator = delimiters.component;
  if (!Number.isInteger(index) || index < 1) return '';
  if (separator === '') return index === 1 ? value : '';
  let from = 0;
  for (let n = 1; n < index; n++) {
    const at = value.indexOf(separator, from);
    if (at < 0) return '';
    from = at + separator.length;
  }
  const end = value.indexOf(separator, from);
  return end < 0 ? value.slice(from) : value.slice(from, end);
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
