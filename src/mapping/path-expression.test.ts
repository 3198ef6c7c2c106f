import { describe, expect, it } from 'vitest';
import type { Segment } from '../x12/types.ts';
import { evaluatePathExpression, PathExpressionError, parsePathExpression } from './path-expression.ts';

const segments: Segment[] = [
  'REF*DP*0420',
  'REF*ST*0118',
  'N1*ST*STORE*92*0118',
  'N1*Z7*DISPLAY*92*MF-22',
  'POC*1*CA*1*1*CA:6',
].map((text, index) => ({
  tag: text.split('*')[0]!,
  elements: text.split('*'),
  position: index + 2,
  offset: 0,
}));
const delimiters = { component: ':' };

const value = (text: string) =>
  evaluatePathExpression(parsePathExpression(text), segments, delimiters)?.value;

describe('parsePathExpression', () => {
  it('parses segment, conditions with alternatives, element and component', () => {
    expect(parsePathExpression('REF[01=ST].02')).toEqual({
      segment: 'REF',
      conditions: [{ element: 1, values: ['ST'] }],
      element: 2,
    });
    expect(parsePathExpression('N1[01=ST|Z7,03=92].04')).toEqual({
      segment: 'N1',
      conditions: [
        { element: 1, values: ['ST', 'Z7'] },
        { element: 3, values: ['92'] },
      ],
      element: 4,
    });
    expect(parsePathExpression('POC.05.1')).toEqual({
      segment: 'POC',
      conditions: [],
      element: 5,
      component: 1,
    });
  });

  it.each([
    ['ref[01=ST].02', 1, 'a segment id'],
    ['REF[1=ST].02', 5, 'a two-digit element position'],
    ['REF[01=].02', 8, 'a value'],
    ['REF[01=ST.02', 13, '"]"'],
    ['REF.00', 5, 'an element position from 01'],
    ['REF.02.0', 8, 'a component position from 1'],
    ['REF.02 ', 7, 'the end of the expression'],
    ['REF', 4, '"."'],
  ])('rejects %s at column %i', (text, column, expected) => {
    expect(() => parsePathExpression(text)).toThrow(PathExpressionError);
    expect(() => parsePathExpression(text)).toThrow(`at column ${column}: expected ${expected}`);
  });
});

describe('evaluatePathExpression', () => {
  it('returns the element of the first segment meeting every condition', () => {
    expect(value('REF[01=ST].02')).toBe('0118');
    expect(value('N1[01=Z7|ST].04')).toBe('0118');
    expect(value('N1[01=Z7,03=92].02')).toBe('DISPLAY');
    expect(value('REF.02')).toBe('0420');
  });

  it('reads a component of a composite element', () => {
    expect(value('POC.05.1')).toBe('CA');
    expect(value('POC.05.2')).toBe('6');
  });

  it('returns undefined when nothing matches or the element is empty', () => {
    expect(value('REF[01=IA].02')).toBeUndefined();
    expect(value('N1.09')).toBeUndefined();
    expect(value('PO1.02')).toBeUndefined();
  });

  it('tells where the value was found', () => {
    const match = evaluatePathExpression(parsePathExpression('N1[01=ST].04'), segments, delimiters);
    expect(match).toMatchObject({ value: '0118', element: 4, segment: { tag: 'N1', position: 4 } });
  });
});
