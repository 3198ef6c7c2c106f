import { describe, expect, it } from 'vitest';
import type { Party } from '../core/order.ts';
import { codesOf, contextOf, line, location, orderOf } from './fixtures/builders.ts';
import { shiptoRule } from './shipto.rule.ts';

const locations = [location('0042', '92'), location('DC-7'), location('0099', 'UL')];

/** Findings' `line:code found` for an order shipped to `shipTo`, its line 1 spread over `stores`. */
function check(shipTo: Party | undefined, stores: string[] = [], at = locations): string[] {
  const destinations = stores.map((locationId) => ({ locationId, quantity: '1' }));
  const order = orderOf(
    [
      line('1', String(Math.max(stores.length, 1)), {
        items: { sku: 'A' },
        ...(stores.length ? { destinations } : {}),
      }),
    ],
    { parties: shipTo ? { shipTo } : {} },
  );
  return shiptoRule(order, contextOf({ locations: at })).map((d) => `${codesOf([d])[0]} ${d.found}`);
}

describe('shipto rule (shipto.unknown)', () => {
  it.each<[string, Party | undefined, string[], string[]]>([
    ['a known location with its qualifier', { idQualifier: '92', id: '0042' }, [], []],
    ['ids compare trimmed and case-insensitively', { id: ' dc-7 ' }, [], []],
    ['a location without qualifier takes any', { idQualifier: 'ZZ', id: 'DC-7' }, [], []],
    [
      'a location with a qualifier takes only that one',
      { idQualifier: 'UL', id: '0042' },
      [],
      ['shipto.unknown 0042'],
    ],
    ['a qualifier compares case-insensitively', { idQualifier: 'ul', id: '0099' }, [], []],
    ['a ship-to without qualifier matches by id', { id: '0099' }, [], []],
    ['an unknown id', { idQualifier: '92', id: '0043' }, [], ['shipto.unknown 0043']],
    ['a ship-to by address only is not checked', { name: 'Store', address: { lines: ['1 Main'] } }, [], []],
    ['no ship-to at all', undefined, [], []],
    ['known SDQ stores', undefined, ['0042', 'DC-7'], []],
    ['an unknown SDQ store, on its line', { id: 'DC-7' }, ['0042', '0777'], ['1:shipto.unknown 0777']],
  ])('%s', (_, shipTo, stores, expected) => expect(check(shipTo, stores)).toEqual(expected));

  it('silent when the partner has no locations', () => {
    expect(check({ id: 'NOWHERE' }, ['NOWHERE'], [])).toEqual([]);
  });

  it('a store on many lines is one finding naming them', () => {
    const to = (n: string) =>
      line(n, '1', { items: { sku: 'A' }, destinations: [{ locationId: '0777', quantity: '1' }] });
    const found = shiptoRule(orderOf([to('1'), to('2')]), contextOf({ locations }));
    expect(found).toEqual([
      expect.objectContaining({ line: '1', found: '0777', message: expect.stringContaining('lines 1, 2') }),
    ]);
  });
});
