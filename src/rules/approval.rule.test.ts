import { describe, expect, it } from 'vitest';
import { approvalRule } from './approval.rule.ts';
import { contextOf, line, orderOf, settingsOf } from './fixtures/builders.ts';

// 3 × 10.50 + 2 × 0.25 = 32
const order = orderOf([
  line('1', '3', { items: { sku: 'X' }, unitPrice: '10.50' }),
  line('2', '2', { items: { sku: 'Y' }, unitPrice: '0.25' }),
]);

describe('approval rule (approval.required)', () => {
  it.each<[string, string | undefined, string[]]>([
    ['no threshold: silent', undefined, []],
    ['below the threshold', '100', []],
    ['exactly the threshold passes', '32', []],
    ['above the threshold', '31.99', ['approval.required 31.99 32']],
  ])('%s', (_, approvalThreshold, expected) => {
    const context = contextOf({ settings: settingsOf(approvalThreshold ? { approvalThreshold } : {}) });
    expect(approvalRule(order, context).map((d) => `${d.code} ${d.expected} ${d.found}`)).toEqual(expected);
  });
});
