import { describe, expect, it } from 'vitest';
import { proposedResolution } from './proposed-resolution.ts';

describe('proposedResolution', () => {
  it('takes our price, the larger expected quantity, the first substitute, and ships what is available', () => {
    const proposal = proposedResolution([
      { code: 'price.mismatch', line: '1', expected: '4.75', found: '4.50' },
      { code: 'quantity.below_moq', line: '2', expected: '12', found: '6' },
      { code: 'quantity.not_multiple', line: '2', expected: '18', found: '6' },
      { code: 'item.discontinued', line: '3', proposed: ['NEW-3', 'OTHER-3'] },
      { code: 'inventory.short', line: '4', expected: '40', found: '100' },
      { code: 'inventory.short', line: '5', expected: '0', found: '10' },
    ]);
    expect(proposal.undecided).toEqual([]);
    expect(proposal.lines).toEqual([
      { lineNumber: '1', unitPrice: '4.75' },
      { lineNumber: '2', quantity: '18' },
      { lineNumber: '3', sku: 'NEW-3' },
      { lineNumber: '4', quantity: '40' },
      { lineNumber: '5', status: 'backorder' },
    ]);
  });

  it('leaves what proposes nothing to a person: an unknown item, a missing price, an order-level finding', () => {
    const unknown = { code: 'item.unknown', line: '4' };
    const missing = { code: 'price.missing', line: '2' };
    const credit = { code: 'credit.limit_exceeded', expected: '1000', found: '1200' };
    const proposal = proposedResolution([
      unknown,
      { code: 'price.mismatch', line: '1', expected: '2' },
      missing,
      credit,
    ]);
    expect(proposal.lines).toEqual([{ lineNumber: '1', unitPrice: '2' }]);
    expect(proposal.undecided).toEqual([unknown, missing, credit]);
  });
});
