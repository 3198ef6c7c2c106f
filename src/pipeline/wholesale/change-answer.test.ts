import { describe, expect, it } from 'vitest';
import type { ChangedLine } from '../../rules/apply-change.ts';
import type { LineOutcome } from '../../rules/settle.ts';
import { answerLines } from './change-answer.ts';

const orderLine = (lineNumber: string, quantity: string) => ({
  lineNumber,
  quantity,
  uom: 'EA',
  items: { sku: `SKU-${lineNumber}` },
});
const outcome = (lineNumber: string, status: LineOutcome['status'], quantity: string): LineOutcome => ({
  lineNumber,
  status,
  quantity,
  unitPrice: '1.00',
});

describe('answerLines: what a change answer names', () => {
  const touched: ChangedLine[] = [
    {
      lineNumber: '1',
      change: 'quantity_increase',
      before: orderLine('1', '10'),
      after: orderLine('1', '20'),
    },
    { lineNumber: '2', change: 'delete', before: orderLine('2', '5') },
    { lineNumber: '4', change: 'add', after: orderLine('4', '7') },
  ];
  const before = [
    outcome('1', 'accepted', '10'),
    outcome('2', 'accepted', '5'),
    outcome('3', 'accepted', '3'),
  ];

  it('each touched line with its outcome now, a deletion taken where the line stood', () => {
    const now = [
      outcome('1', 'accepted', '20'),
      outcome('3', 'accepted', '3'),
      outcome('4', 'backordered', '7'),
    ];
    expect(
      answerLines(touched, now, before).map((l) => `${l.lineNumber}:${l.change}:${l.status}:${l.quantity}`),
    ).toEqual(['1:quantity_increase:accepted:20', '2:delete:accepted:0', '4:add:backordered:7']);
  });

  it('an untouched line whose outcome the re-validation changed is answered without a change', () => {
    const now = [
      outcome('1', 'accepted', '20'),
      outcome('3', 'backordered', '3'),
      outcome('4', 'accepted', '7'),
    ];
    const lines = answerLines(touched, now, before);
    expect(lines.map((l) => l.lineNumber)).toEqual(['1', '2', '3', '4']);
    expect(lines[2]).toEqual({ lineNumber: '3', status: 'backordered', quantity: '3', unitPrice: '1.00' });
  });

  it('without an earlier outcome only the touched lines are answered', () => {
    const now = [
      outcome('1', 'accepted', '20'),
      outcome('3', 'backordered', '3'),
      outcome('4', 'accepted', '7'),
    ];
    expect(answerLines(touched, now, undefined).map((l) => l.lineNumber)).toEqual(['1', '2', '4']);
  });
});
