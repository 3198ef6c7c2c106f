import { describe, expect, it } from 'vitest';
import type { LineOutcomeStatus } from '../core/documents.ts';
import { acknowledgmentOf } from './acknowledgment.ts';
import type { LineOutcome } from './settle.ts';

const outcome = (lineNumber: string, status: LineOutcomeStatus): LineOutcome => ({
  lineNumber,
  status,
  quantity: status === 'rejected' ? '0' : '5',
  unitPrice: '1.25',
  sku: 'A',
});

describe('acknowledgmentOf', () => {
  it.each<[string, LineOutcomeStatus[], string]>([
    ['every line accepted unchanged: AD', ['accepted', 'accepted'], 'accepted'],
    ['every line rejected: RJ', ['rejected', 'rejected'], 'rejected'],
    ['one rejected: AC', ['accepted', 'rejected'], 'accepted_with_changes'],
    ['price changed: AC', ['price_changed'], 'accepted_with_changes'],
    ['quantity changed: AC', ['accepted', 'quantity_changed'], 'accepted_with_changes'],
    ['backordered: AC', ['backordered'], 'accepted_with_changes'],
    ['substituted: AC', ['substituted', 'accepted'], 'accepted_with_changes'],
    ['no lines: accepted', [], 'accepted'],
  ])('%s', (_, statuses, status) => {
    const ack = acknowledgmentOf(
      'ord-1',
      statuses.map((s, i) => outcome(String(i + 1), s)),
    );
    expect(ack.status).toBe(status);
    expect(ack.lines.map((l) => l.status)).toEqual(statuses);
  });

  it('carries quantity, price, substitute, reason and the ERP number; our SKU stays ours', () => {
    const ack = acknowledgmentOf(
      'ord-1',
      [
        {
          ...outcome('1', 'substituted'),
          items: { sku: 'SUB', gtin: '00036000291452' },
          reason: 'SKU SUB instead of A',
        },
      ],
      'ERP-77',
    );
    expect(ack).toEqual({
      orderId: 'ord-1',
      status: 'accepted_with_changes',
      erpOrderNumber: 'ERP-77',
      lines: [
        {
          lineNumber: '1',
          status: 'substituted',
          quantity: '5',
          unitPrice: '1.25',
          items: { sku: 'SUB', gtin: '00036000291452' },
          reason: 'SKU SUB instead of A',
        },
      ],
    });
  });

  it('rejects an outcome the schema does not take', () =>
    expect(() => acknowledgmentOf('ord-1', [{ ...outcome('1', 'accepted'), quantity: '-1' }])).toThrow());
});
