import { describe, expect, it } from 'vitest';
import { component, components, element, findSegment, repetitions } from './segment.ts';
import type { Segment } from './types.ts';

const seg = (text: string, position = 0): Segment => ({
  tag: text.split('*')[0]!,
  elements: text.split('*'),
  position,
  offset: 0,
});

describe('segment helpers', () => {
  it('reads elements by X12 number and gives empty strings past the end', () => {
    const beg = seg('BEG*00*SA*0042**20260301');
    expect(element(beg, 3)).toBe('0042');
    expect(element(beg, 4)).toBe('');
    expect(element(beg, 9)).toBe('');
  });

  it('splits components and repetitions only when the interchange defines those separators', () => {
    expect(components('CLM01:123', { component: ':' })).toEqual(['CLM01', '123']);
    expect(components('A:B', { component: '' })).toEqual(['A:B']);
    expect(repetitions('30^42^45', { repetition: '^' })).toEqual(['30', '42', '45']);
    expect(repetitions('999999-001', {})).toEqual(['999999-001']);
    expect(component(seg('SV1*HC:99213:25*40'), 1, 3, { component: ':' })).toBe('25');
    expect(component(seg('SV1*HC'), 1, 2, { component: ':' })).toBe('');
  });

  it('finds a segment by tag from a position on', () => {
    const segments = [seg('ST*850*1', 1), seg('REF*DP*1', 2), seg('REF*IA*2', 3)];
    expect(findSegment(segments, 'REF')?.position).toBe(2);
    expect(findSegment(segments, 'REF', 2)?.position).toBe(3);
    expect(findSegment(segments, 'N1')).toBeUndefined();
  });
});
