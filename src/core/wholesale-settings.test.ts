import { describe, expect, it } from 'vitest';
import { exceptionDeadline, exceptionTypeOf } from './wholesale-settings.ts';

describe('exception types', () => {
  it.each([
    ['price.mismatch', 'price'],
    ['item.unknown', 'item'],
    ['order.duplicate_po', 'order'],
    ['email.sender_unknown', 'email'],
    ['row.quantity_invalid', 'file'],
    ['x12.unknown_sender', 'x12'],
    ['gateway.internal', 'other'],
  ])('%s is of type %s', (code, type) => expect(exceptionTypeOf(code)).toBe(type));
});

describe('exception deadlines', () => {
  const opened = new Date('2026-12-04T08:00:00Z');
  it('is the type SLA after opening', () => {
    expect(exceptionDeadline('price', opened, {}).toISOString()).toBe('2026-12-04T16:00:00.000Z');
    expect(exceptionDeadline('price', opened, { exceptionSlaHours: { price: 2 } }).toISOString()).toBe(
      '2026-12-04T10:00:00.000Z',
    );
  });
  it("is never later than the partner's answer deadline less a margin", () => {
    const received = new Date('2026-12-04T07:00:00Z');
    // 4 h deadline: due 11:00 less a quarter (1 h) = 10:00, earlier than the 8 h SLA
    expect(exceptionDeadline('price', opened, { responseDeadlineHours: 4 }, received).toISOString()).toBe(
      '2026-12-04T10:00:00.000Z',
    );
    // 24 h deadline: the margin is capped at an hour, but the SLA (16:00) is earlier anyway
    expect(exceptionDeadline('price', opened, { responseDeadlineHours: 24 }, received).toISOString()).toBe(
      '2026-12-04T16:00:00.000Z',
    );
    // 2 h deadline: margin 30 min → 08:30
    expect(exceptionDeadline('credit', opened, { responseDeadlineHours: 2 }, received).toISOString()).toBe(
      '2026-12-04T08:30:00.000Z',
    );
  });
});
