import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Order, type OrderInput } from './order.ts';
import { isParsedOrder, parseOrder, safeParseOrder } from './order-check.ts';

/**
 * Orders made of values that zod accepts, values it rejects, values it would trim or default, and keys it would
 * strip, at every level of the schema: the hand-written check may only accept what zod returns unchanged.
 */
const WEIRD = [null, 1, [], {}, true] as const;
const pick = <T>(good: readonly T[], bad: readonly unknown[]) =>
  fc.oneof(
    { weight: 40, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(...bad, ...WEIRD) },
  );
const text = pick(['A', 'PO-1', '0001', 'é'], ['', ' A', 'A ', '\tB']);
const str = pick(['', 'x', ' spaced '], []);
const quantity = pick(['24', '0', '1.5', '0.25'], ['-1', '01', '1.', '1e5', ' 1', 24]);
const decimal = pick(['4.75', '-12', '0', '-0.5'], ['+1', '01', '.5', '1,5', 4.75]);
const date = pick(['2026-03-01', '2024-02-29'], ['2026-02-30', '2023-02-29', '2026-3-1', '20260301']);
const count = pick([0, 3, 25], [-1, 1.5, Number.NaN, 2 ** 60, '3']);

/** A record of `fields`, any of them left out when `optional`, sometimes with a key zod would strip. */
function record(fields: Record<string, fc.Arbitrary<unknown>>, optional: readonly string[] = []) {
  const requiredKeys = Object.keys(fields).filter((k) => !optional.includes(k));
  return fc
    .tuple(fc.record(fields, { requiredKeys }), fc.nat(59))
    .map(([value, roll]) =>
      roll === 0
        ? { ...value, unknown: 'x' }
        : roll === 1
          ? { ...value, [Object.keys(value)[0] ?? 'k']: undefined }
          : value,
    );
}
const maybe = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 40, arbitrary }, { weight: 1, arbitrary: fc.constantFrom(...WEIRD) });

const address = maybe(
  record(
    {
      lines: pick([[], ['31875 SOLON RD']], [[1], undefined]),
      city: str,
      region: str,
      postalCode: str,
      country: str,
    },
    ['lines', 'city', 'region', 'postalCode', 'country'],
  ),
);
const party = maybe(
  record({ name: str, idQualifier: str, id: str, address }, ['name', 'idQualifier', 'id', 'address']),
);
const rawReference = maybe(record({ qualifier: text, value: str }));
const line = maybe(
  record(
    {
      lineNumber: text,
      quantity,
      uom: text,
      unitPrice: decimal,
      items: maybe(record({ upc: str, vendorItem: str, sku: str }, ['upc', 'vendorItem', 'sku'])),
      description: str,
      pack: maybe(record({ innerPack: quantity, size: quantity, uom: str }, ['innerPack', 'size', 'uom'])),
      destinations: fc.array(maybe(record({ locationId: text, quantity })), { maxLength: 2 }),
      change: pick(['add', 'delete', 'price_change'], ['remove', 'ADD']),
    },
    ['unitPrice', 'description', 'pack', 'destinations', 'change'],
  ),
);
const order = record(
  {
    id: text,
    partnerId: text,
    channel: pick(['x12', 'csv', 'email'], ['fax', 'X12']),
    poNumber: text,
    poDate: date,
    purpose: pick(['original', 'replace', 'cancel', 'confirmation'], ['change']),
    orderType: str,
    currency: pick(['USD', 'EUR'], ['usd', 'US', 'EURO']),
    parties: maybe(record({ buyer: party, shipTo: party }, ['buyer', 'shipTo'])),
    dates: maybe(record({ requestedShip: date, cancelAfter: date }, ['requestedShip', 'cancelAfter'])),
    terms: maybe(
      record({ discountPercent: decimal, discountDays: count, netDays: count, description: str }, [
        'discountPercent',
        'discountDays',
        'netDays',
        'description',
      ]),
    ),
    carrier: maybe(record({ scac: str, method: str }, ['scac', 'method'])),
    references: maybe(
      record(
        {
          raw: fc.array(rawReference, { maxLength: 2 }),
          department: pick(['038'], [[]]),
          store: fc.oneof(str, fc.array(rawReference, { maxLength: 1 })),
        },
        ['department', 'store'],
      ),
    ),
    lines: fc.array(line, { maxLength: 3 }),
    totals: maybe(record({ lineCount: count, quantity, amount: decimal }, ['amount'])),
    notes: pick([[], ['call first']], [[1], undefined]),
    source: maybe(
      record(
        {
          messageId: text,
          control: maybe(record({ interchange: text, group: text, transaction: text })),
          sender: str,
        },
        ['control', 'sender'],
      ),
    ),
  },
  ['terms', 'carrier'],
);

describe('the hand-written order check', () => {
  it('accepts only orders zod returns as they are, and finds zod-valid ones among generated orders', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(order, (value) => {
        const zod = Order.safeParse(value);
        if (isParsedOrder(value)) {
          accepted++;
          expect(zod.success).toBe(true);
          expect(zod.data).toEqual(value);
        } else rejected++;
      }),
      { numRuns: 3000 },
    );
    // the generator reaches both sides, so the property above is not vacuous
    expect(accepted).toBeGreaterThan(30);
    expect(rejected).toBeGreaterThan(30);
  });

  it("answers a bad order with zod's own issues, and a good one with the same object", () => {
    const good: OrderInput = {
      id: 'o-1',
      partnerId: 'p',
      channel: 'x12',
      poNumber: 'PO1',
      poDate: '2026-03-01',
      purpose: 'original',
      orderType: 'SA',
      currency: 'USD',
      parties: {},
      dates: {},
      references: { raw: [] },
      lines: [{ lineNumber: '1', quantity: '24', uom: 'EA', items: {} }],
      totals: { lineCount: 1, quantity: '24' },
      notes: [],
      source: { messageId: 'm' },
    };
    expect(safeParseOrder(good)).toEqual({ success: true, data: good });
    expect(parseOrder(good)).toBe(good);
    const bad = { ...good, lines: [{ ...good.lines[0]!, quantity: '-1' }] };
    const answer = safeParseOrder(bad);
    expect(answer.success).toBe(false);
    expect(answer.error?.issues).toEqual(Order.safeParse(bad).error?.issues);
    expect(() => parseOrder(bad)).toThrow(/non-negative decimal/);
    // defaults still filled by zod when an order leaves them out
    expect(parseOrder({ ...good, notes: undefined })).toEqual({ ...good, notes: [] });
  });
});
