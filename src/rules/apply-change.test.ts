import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../core/order.ts';
import { applyChange } from './apply-change.ts';
import { codesOf, line, orderOf } from './fixtures/builders.ts';

const sku = (s: string) => ({ items: { sku: s } });

/** The live order: three lines, priced, with a ship-to and a note. */
const original = orderOf(
  [
    line('1', '24', { unitPrice: '4.75', ...sku('WIDGET-1') }),
    line('2', '12', { unitPrice: '12.00', ...sku('GADGET-2') }),
    line('3', '100', { unitPrice: '0.80', ...sku('BOLT-3') }),
  ],
  {
    id: 'ord-live',
    parties: { shipTo: { name: 'Store 42', idQualifier: '92', id: '0042' } },
    dates: { requestedShip: '2026-03-10' },
    notes: ['deliver to dock 2'],
    references: { department: '042', raw: [{ qualifier: 'DP', value: '042' }] },
    source: { messageId: 'msg-850', sender: 'ZZ:HARBORPINE', receiver: 'ZZ:SUPPLIER' },
  },
);

/** A change order (860) for the live order's PO with `lines`. */
function change(lines: OrderLine[], over: Parameters<typeof orderOf>[1] = {}) {
  return orderOf(lines, {
    id: 'ord-860',
    purpose: 'replace',
    references: { changeSequence: '1' },
    source: { messageId: 'msg-860', control: { interchange: '2', group: '2', transaction: '0001' } },
    ...over,
  });
}

/** Line number → quantity@price of an order's lines. */
const shape = (lines: readonly OrderLine[]) =>
  lines.map((l) => `${l.lineNumber}:${l.quantity}@${l.unitPrice ?? '-'}:${l.items.sku ?? '?'}`);

describe('applyChange: each change code', () => {
  const cases: {
    name: string;
    lines: OrderLine[];
    expected: string[];
    touched: string[];
  }[] = [
    {
      name: 'QI quantity increase: POC-03 is the new quantity ordered',
      lines: [line('1', '36', { change: 'quantity_increase', ...sku('WIDGET-1') })],
      expected: ['1:36@4.75:WIDGET-1', '2:12@12.00:GADGET-2', '3:100@0.80:BOLT-3'],
      touched: ['1:quantity_increase:24→36'],
    },
    {
      name: 'QD quantity decrease',
      lines: [line('3', '50', { change: 'quantity_decrease', ...sku('BOLT-3') })],
      expected: ['1:24@4.75:WIDGET-1', '2:12@12.00:GADGET-2', '3:50@0.80:BOLT-3'],
      touched: ['3:quantity_decrease:100→50'],
    },
    {
      name: 'AI add item: appended',
      lines: [line('4', '10', { change: 'add', unitPrice: '0.25', ...sku('NUT-5') })],
      expected: ['1:24@4.75:WIDGET-1', '2:12@12.00:GADGET-2', '3:100@0.80:BOLT-3', '4:10@0.25:NUT-5'],
      touched: ['4:add:-→10'],
    },
    {
      name: 'DI delete item',
      lines: [line('2', '0', { change: 'delete', ...sku('GADGET-2') })],
      expected: ['1:24@4.75:WIDGET-1', '3:100@0.80:BOLT-3'],
      touched: ['2:delete:12→-'],
    },
    {
      name: 'PC price change: the price only, the quantity stays',
      lines: [line('1', '99', { change: 'price_change', unitPrice: '4.50', ...sku('WIDGET-1') })],
      expected: ['1:24@4.50:WIDGET-1', '2:12@12.00:GADGET-2', '3:100@0.80:BOLT-3'],
      touched: ['1:price_change:24→24'],
    },
    {
      name: 'CA change to line item: what the POC states, the price kept when it states none',
      lines: [line('2', '18', { change: 'change', ...sku('GADGET-2') })],
      expected: ['1:24@4.75:WIDGET-1', '2:18@12.00:GADGET-2', '3:100@0.80:BOLT-3'],
      touched: ['2:change:12→18'],
    },
    {
      name: 'RZ replace all values: the line is the POC (no price left)',
      lines: [line('2', '6', { change: 'replace', ...sku('GADGET-9') })],
      expected: ['1:24@4.75:WIDGET-1', '2:6@-:GADGET-9', '3:100@0.80:BOLT-3'],
      touched: ['2:replace:12→6'],
    },
    {
      name: 'NC lines are restated, not changed; the coded ones apply',
      lines: [
        line('1', '24', sku('WIDGET-1')),
        line('3', '150', { change: 'quantity_increase', ...sku('BOLT-3') }),
      ],
      expected: ['1:24@4.75:WIDGET-1', '2:12@12.00:GADGET-2', '3:150@0.80:BOLT-3'],
      touched: ['3:quantity_increase:100→150'],
    },
    {
      name: 'the issue example: a quantity change, an added line and a deleted line',
      lines: [
        line('1', '48', { change: 'quantity_increase', ...sku('WIDGET-1') }),
        line('2', '0', { change: 'delete', ...sku('GADGET-2') }),
        line('4', '10', { change: 'add', unitPrice: '0.25', ...sku('NUT-5') }),
      ],
      expected: ['1:48@4.75:WIDGET-1', '3:100@0.80:BOLT-3', '4:10@0.25:NUT-5'],
      touched: ['1:quantity_increase:24→48', '2:delete:12→-', '4:add:-→10'],
    },
    {
      name: 'a full replacement (BCH-01 05, no change codes): the change lines are the order',
      lines: [
        line('1', '24', { unitPrice: '4.75', ...sku('WIDGET-1') }),
        line('3', '200', { unitPrice: '0.80', ...sku('BOLT-3') }),
        line('5', '1', { unitPrice: '9.00', ...sku('NEW-5') }),
      ],
      expected: ['1:24@4.75:WIDGET-1', '3:200@0.80:BOLT-3', '5:1@9.00:NEW-5'],
      touched: ['3:replace:100→200', '5:add:-→1', '2:delete:12→-'],
    },
  ];

  it.each(cases)('$name', ({ lines, expected, touched }) => {
    const result = applyChange(original, change(lines));
    expect(result.problems).toEqual([]);
    expect(result.cancelled).toBe(false);
    expect(shape(result.order.lines)).toEqual(expected);
    expect(
      result.lines.map(
        (l) => `${l.lineNumber}:${l.change}:${l.before?.quantity ?? '-'}→${l.after?.quantity ?? '-'}`,
      ),
    ).toEqual(touched);
    // the live order keeps its identity and carries no change codes
    expect(result.order).toMatchObject({ id: 'ord-live', purpose: 'original', source: original.source });
    expect(result.order.lines.every((l) => l.change === undefined)).toBe(true);
    expect(result.order.totals.lineCount).toBe(expected.length);
  });
});

describe('applyChange: what cannot be applied as asked', () => {
  const cases: { name: string; lines: OrderLine[]; problems: string[] }[] = [
    {
      name: 'a change of a line the order does not have',
      lines: [line('9', '5', { change: 'quantity_increase', ...sku('X') })],
      problems: ['9:order.change_line_unknown'],
    },
    {
      name: 'a deletion of a line the order does not have',
      lines: [line('9', '0', { change: 'delete', ...sku('X') })],
      problems: ['9:order.change_line_unknown'],
    },
    {
      name: 'a price change of an unknown line',
      lines: [line('7', '1', { change: 'price_change', unitPrice: '1.00', ...sku('X') })],
      problems: ['7:order.change_line_unknown'],
    },
    {
      name: 'an added line whose number the order has',
      lines: [line('1', '5', { change: 'add', ...sku('X') })],
      problems: ['1:order.change_line_exists'],
    },
    {
      name: 'QI that does not increase (a partner sending the difference)',
      lines: [line('1', '12', { change: 'quantity_increase', ...sku('WIDGET-1') })],
      problems: ['1:order.change_invalid'],
    },
    {
      name: 'QD that does not decrease',
      lines: [line('1', '30', { change: 'quantity_decrease', ...sku('WIDGET-1') })],
      problems: ['1:order.change_invalid'],
    },
    {
      name: 'PC without a price',
      lines: [line('1', '24', { change: 'price_change', ...sku('WIDGET-1') })],
      problems: ['1:order.change_invalid'],
    },
    {
      name: 'a merge the structural checks refuse (a line replaced by one naming no item)',
      lines: [line('2', '6', { change: 'replace' })],
      problems: ['order.item_unidentified'],
    },
  ];

  it.each(cases)('$name', ({ lines, problems }) => {
    const result = applyChange(original, change(lines));
    expect(codesOf(result.problems)).toEqual(problems);
    expect(result.problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('the problems name the change transaction', () => {
    const result = applyChange(original, change([line('9', '0', { change: 'delete', ...sku('X') })]));
    expect(result.problems[0]).toMatchObject({ transaction: '0001', line: '9' });
  });
});

describe('applyChange: the order as a whole', () => {
  it('a cancellation (BCH-01 01) cancels the order and reports every line deleted', () => {
    const result = applyChange(original, change([], { purpose: 'cancel' }));
    expect(result.cancelled).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.lines.map((l) => `${l.lineNumber}:${l.change}`)).toEqual([
      '1:delete',
      '2:delete',
      '3:delete',
    ]);
    // what was cancelled stays readable
    expect(shape(result.order.lines)).toEqual(shape(original.lines));
  });

  it('keeps header changes the change carries, and the original header where it carries none', () => {
    const result = applyChange(
      original,
      change([line('1', '30', { change: 'quantity_increase', ...sku('WIDGET-1') })], {
        dates: { requestedDelivery: '2026-03-20', requestedShip: '2026-03-12' },
        parties: { shipTo: { name: 'Store 43', idQualifier: '92', id: '0043' } },
        notes: ['call before delivery'],
        references: { changeSequence: '2', promotion: 'SPRING', raw: [{ qualifier: 'PR', value: 'SPRING' }] },
      }),
    );
    const order = result.order;
    expect(order.dates).toEqual({ requestedShip: '2026-03-12', requestedDelivery: '2026-03-20' });
    expect(order.parties.shipTo?.id).toBe('0043');
    expect(order.notes).toEqual(['deliver to dock 2', 'call before delivery']);
    expect(order.references).toMatchObject({ department: '042', promotion: 'SPRING' });
    // the change's own sequence number describes the change, not the order
    expect(order.references.changeSequence).toBeUndefined();
    expect(order.references.raw).toEqual([
      { qualifier: 'DP', value: '042' },
      { qualifier: 'PR', value: 'SPRING' },
    ]);
    expect(order.poDate).toBe(original.poDate);
  });

  it('recomputes the totals exactly', () => {
    const result = applyChange(
      original,
      change([line('3', '101', { change: 'quantity_increase', ...sku('BOLT-3') })]),
    );
    // 24 × 4.75 + 12 × 12.00 + 101 × 0.80
    expect(result.order.totals).toEqual({ lineCount: 3, quantity: '137', amount: '338.8' });
  });

  it('a full replacement that changes nothing touches nothing', () => {
    const result = applyChange(original, change(original.lines));
    expect(result.lines).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('a line changed twice reports the last change against the line as it was', () => {
    const result = applyChange(
      original,
      change([
        line('1', '30', { change: 'quantity_increase', ...sku('WIDGET-1') }),
        line('1', '30', { change: 'price_change', unitPrice: '4.60', ...sku('WIDGET-1') }),
      ]),
    );
    expect(shape(result.order.lines)[0]).toBe('1:30@4.60:WIDGET-1');
    expect(result.lines).toEqual([
      expect.objectContaining({
        lineNumber: '1',
        change: 'price_change',
        before: expect.objectContaining({ quantity: '24', unitPrice: '4.75' }),
      }),
    ]);
  });
});
