import { describe, expect, it } from 'vitest';
import type { Order } from '../core/order.ts';
import { datesRule } from './dates.rule.ts';
import { catalogOf, contextOf, line, orderOf, product } from './fixtures/builders.ts';

const check = (dates: Order['dates'], purpose: Order['purpose'] = 'original') =>
  datesRule(
    orderOf([line('1', '1', { items: { sku: 'A' } })], { dates, purpose }),
    contextOf({ today: '2026-03-02', catalog: catalogOf([product('A')]) }),
  ).map((d) => `${d.code} ${d.found}`);

describe('dates rule (dates.window_passed)', () => {
  it.each<[string, Order['dates'], string[]]>([
    ['no dates', {}, []],
    [
      'dates today or later',
      { cancelAfter: '2026-03-02', requestedDelivery: '2026-03-09', requestedShip: '2026-03-02' },
      [],
    ],
    ['cancel-after passed', { cancelAfter: '2026-03-01' }, ['dates.window_passed 2026-03-01']],
    ['requested delivery passed', { requestedDelivery: '2026-02-28' }, ['dates.window_passed 2026-02-28']],
    ['requested ship passed', { requestedShip: '2025-12-31' }, ['dates.window_passed 2025-12-31']],
    ['ship-not-before in the past is fine', { shipNotBefore: '2026-01-01' }, []],
    [
      'each date passed is a finding',
      { cancelAfter: '2026-03-01', requestedShip: '2026-02-01' },
      ['dates.window_passed 2026-03-01', 'dates.window_passed 2026-02-01'],
    ],
  ])('%s', (_, dates, expected) => expect(check(dates)).toEqual(expected));

  it('is silent while the supplier keeps no products (the pass-through gateway)', () =>
    expect(
      datesRule(
        orderOf([line('1', '1', { items: { sku: 'A' } })], { dates: { cancelAfter: '2020-01-01' } }),
        contextOf({ today: '2026-03-02', catalog: catalogOf([]) }),
      ),
    ).toEqual([]));

  it('a cancellation is not checked', () =>
    expect(check({ cancelAfter: '2020-01-01' }, 'cancel')).toEqual([]));
});
