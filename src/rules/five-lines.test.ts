import { describe, expect, it } from 'vitest';
import { acknowledgmentOf } from './acknowledgment.ts';
import { codesOf } from './fixtures/builders.ts';
import { FIVE_LINES, FIVE_LINES_RESOLUTION, fiveLineContext, fiveLineOrder } from './fixtures/five-lines.ts';
import { resolveLines } from './resolve-lines.ts';
import { settle } from './settle.ts';
import { checkOrder } from './wholesale-rules.ts';

describe('the five-line example of issue 14 (pure)', () => {
  const order = fiveLineOrder();
  const context = fiveLineContext();
  const findings = checkOrder(order, context);

  it('finds the price, the MOQ, the shortage and the unknown item, each on its line', () => {
    expect(codesOf(findings)).toEqual([
      '4:item.unknown',
      '1:price.mismatch',
      '2:quantity.below_moq',
      '3:inventory.short',
    ]);
    expect(findings.find((d) => d.line === '1')).toMatchObject({
      expected: FIVE_LINES.listPrice,
      found: '4.50',
    });
    expect(findings.find((d) => d.line === '2')).toMatchObject({ expected: FIVE_LINES.moq, found: '6' });
    expect(findings.find((d) => d.line === '3')).toMatchObject({ expected: FIVE_LINES.onHand, found: '500' });
    expect(findings.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('default policies: lines 1, 2 and 4 for a person, line 3 backordered, line 5 accepted', () => {
    const settlement = settle(order, findings, context);
    expect(settlement.forPerson.map((d) => d.line).sort()).toEqual(['1', '2', '4']);
    expect(codesOf(settlement.settled)).toEqual(['3:inventory.short']);
    expect(settlement.lines.map((l) => [l.lineNumber, l.status, l.quantity, l.sku])).toEqual([
      ['1', 'accepted', '24', 'WIDGET-1'],
      ['2', 'accepted', '6', 'GADGET-2'],
      ['3', 'backordered', '500', 'BOLT-3'],
      ['4', 'accepted', '10', undefined],
      ['5', 'accepted', '100', 'NUT-5'],
    ]);
  });

  it('the resolution answers IP, IQ, IB, IR, IA and the acknowledgment is accepted with changes (AC)', () => {
    const settlement = settle(order, findings, context);
    const lines = resolveLines(order, settlement, FIVE_LINES_RESOLUTION, context.catalog);
    expect(lines.map((l) => [l.lineNumber, l.status, l.quantity, l.unitPrice])).toEqual([
      ['1', 'price_changed', '24', FIVE_LINES.listPrice],
      ['2', 'quantity_changed', FIVE_LINES.moq, '12.00'],
      ['3', 'backordered', '500', '0.80'],
      ['4', 'rejected', '0', '3.00'],
      ['5', 'accepted', '100', '0.25'],
    ]);
    const ack = acknowledgmentOf(order.id, lines);
    expect(ack.status).toBe('accepted_with_changes');
    expect(ack.lines.map((l) => l.status)).toEqual([
      'price_changed',
      'quantity_changed',
      'backordered',
      'rejected',
      'accepted',
    ]);
  });
});
