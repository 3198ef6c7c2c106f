import { describe, expect, it } from 'vitest';
import { duplicateRule } from './duplicate.rule.ts';
import { contextOf, line, orderOf } from './fixtures/builders.ts';

describe('duplicate rule (order.duplicate_po)', () => {
  it.each([
    [false, []],
    [true, ['order.duplicate_po']],
  ])('duplicatePo %s', (duplicatePo, expected) => {
    const found = duplicateRule(
      orderOf([line('1', '1', { items: { sku: 'A' } })]),
      contextOf({ duplicatePo }),
    );
    expect(found.map((d) => d.code)).toEqual(expected);
    expect(found.every((d) => d.severity === 'warning' && d.line === undefined)).toBe(true);
  });
});
