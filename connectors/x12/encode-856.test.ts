import { X12Interchange, X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import type { Shipment } from '../../src/core/documents.ts';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import { toGatewayErrorShape } from '../../src/core/errors.ts';
import { encode856, resolveShipment } from './encode-856.ts';
import { wrapSet } from './fixtures/envelope.ts';
import { CASES, decode, input, one, several, sscc } from './fixtures/ship-notice.ts';
import { isValidSscc, ssccCheckDigit } from './sscc.ts';

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return toGatewayErrorShape(error);
  }
  return undefined;
}

describe('encode856', () => {
  it.each(CASES)(
    '$shape $version $name: node-x12 strict parse, SE01, CTT01',
    ({ shape, version, shipment }) => {
      const body = encode856(input(shipment, shape, version));
      const parsed = new X12Parser(true).parse(wrapSet('856', body, version));
      expect(parsed).toBeInstanceOf(X12Interchange);
      const [group] = (parsed as X12Interchange).functionalGroups;
      expect(group?.header.valueOf(1)).toBe('SH');
      const [set] = group?.transactions ?? [];
      expect(set?.header.valueOf(1)).toBe('856');
      expect(set?.segments.map((s) => s.tag)).toEqual(body.map((s) => s[0]));
      expect(set?.trailer.valueOf(1)).toBe(String(body.length + 2));
      const hls = set!.segments.filter((s) => s.tag === 'HL').length;
      expect(set?.segments.find((s) => s.tag === 'CTT')?.valueOf(1)).toBe(String(hls));
      expect(body[0]).toEqual([
        'BSN',
        '00',
        'SH-0042',
        '20260311',
        '0815',
        shape === 'SOI' ? '0004' : '0001',
      ]);
    },
  );

  it.each(CASES)('$shape $version $name: HL tree', ({ shape, version, shipment }) => {
    const body = encode856(input(shipment, shape, version));
    const hls = body.filter((s) => s[0] === 'HL') as string[][];
    const levels = new Map<string, string>();
    const expectedParent: Record<string, string | undefined> = {
      S: undefined,
      O: 'S',
      T: 'O',
      P: shape === 'SOTPI' ? 'T' : 'O',
      I: shape === 'SOI' ? 'O' : 'P',
    };
    hls.forEach(([, id, parent, level, child], index) => {
      expect(id).toBe(String(index + 1));
      // the parent came earlier and is of the level above
      expect(parent === '' ? undefined : levels.get(parent!)).toBe(expectedParent[level!]);
      expect(child).toBe(hls.some((other) => other[2] === id) ? '1' : '0');
      levels.set(id!, level!);
    });
    expect([...levels.values()].join('')).toMatch(
      { SOI: /^S(OI+)+$/, SOPI: /^S(O(PI+)+)+$/, SOTPI: /^S(O(T(PI+)+)+)+$/ }[shape],
    );
    // every pack's SSCC under its tare's, each tare once per order
    if (shape === 'SOTPI') {
      // MAN-02: GS1 application identifier 00, then the SSCC-18
      const mans = body.filter((s) => s[0] === 'MAN').map((s) => (s[2] as string).replace(/^00/, ''));
      expect(mans.slice(0, 4)).toEqual(
        shipment === one
          ? [sscc(900), sscc(1), sscc(3), sscc(901)]
          : [sscc(910), sscc(11), sscc(911), sscc(14)],
      );
    }
  });

  it.each(CASES.filter((c) => c.shape !== 'SOI'))(
    '$shape $version $name: round trip through writeInterchange, the reader and map-856',
    (c) => {
      const [result, ...rest] = decode(
        wrapSet('856', encode856(input(c.shipment, c.shape, c.version)), c.version),
      );
      expect(rest).toEqual([]);
      expect(result?.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      const poNumbers = c.shipment.orderIds.map((id) => (id === 'ord_a' ? 'PO-1001' : 'PO-2002'));
      // an inbound 856 names the PO numbers (PRF01), not our order ids
      expect(result?.shipment).toEqual({
        ...resolveShipment(input(c.shipment, c.shape, c.version)),
        orderIds: poNumbers,
      });
      expect(result?.shipmentId).toBe('SH-0042');
    },
  );

  it('S-O-I sums each line over the packs, lists the cartons at order level, round-trips one carton per order', () => {
    const body = encode856(input(one, 'SOI', '004010'));
    expect(body.filter((s) => ['MAN', 'LIN', 'SN1'].includes(s[0] as string))).toEqual([
      ['MAN', 'GM', `00${sscc(1)}`],
      ['MAN', 'GM', `00${sscc(2)}`],
      ['MAN', 'GM', `00${sscc(3)}`],
      ['LIN', '1', 'UP', '012345678905', 'VN', 'CL-1'],
      ['SN1', '1', '24', 'EA'],
      ['LIN', '2', 'UK', '10012345678902', 'SK', 'SKU-2'],
      ['SN1', '2', '12', 'CS'],
    ]);
    expect(body.at(-1)).toEqual(['CTT', '4', '36']);
    const single: Shipment = {
      ...one,
      packs: [{ sscc: sscc(5), lines: [{ lineNumber: '2', quantity: '0.5' }] }],
    };
    const [result] = decode(wrapSet('856', encode856(input(single, 'SOI', '005010')), '005010'));
    expect(result?.shipment).toEqual({
      ...resolveShipment(input(single, 'SOI', '005010')),
      orderIds: ['PO-1001'],
    });
  });

  it('writes the shipment level: TD1, TD5, REF*CN, DTM*011, N1 ST and SF loops', () => {
    const body = encode856(input(one, 'SOPI', '004010'));
    expect(body.slice(1, 12)).toEqual([
      ['HL', '1', '', 'S', '1'],
      ['TD1', 'CTN25', '3'],
      ['TD5', '', '2', 'UPSN', 'U'],
      ['REF', 'CN', '1Z999AA10123456784'],
      ['DTM', '011', '20260310'],
      ['N1', 'ST', 'Store 118', '92', '0118'],
      ['N3', '1 Main St'],
      ['N4', 'Eugene', '', '', ''],
      ['N1', 'SF', 'Cedar Loom'],
      ['N3', '77 Mill Rd'],
      ['N4', '', 'OR', '', ''],
    ]);
    expect(body[12]).toEqual(['HL', '2', '1', 'O', '1']);
    expect(body[13]).toEqual(['PRF', 'PO-1001', '', '', '20260302']);
  });
});

describe('SSCC-18 and refusals', () => {
  it('computes and checks the GS1 check digit', () => {
    // 1 0614141 123456789: weight 3 on 1,6,4,4,1,3,5,7,9 (40 → 120), 1 on 0,1,1,1,2,4,6,8 (23): 143 → 7
    expect(ssccCheckDigit('00614141123456789')).toBe('0');
    expect(ssccCheckDigit('10614141123456789')).toBe('7');
    expect(isValidSscc('106141411234567897')).toBe(true);
    expect(isValidSscc('006141411234567890')).toBe(true);
    expect(isValidSscc('106141411234567898')).toBe(false);
    expect(isValidSscc('10614141123456789')).toBe(false);
    expect(isValidSscc('10614141123456789X')).toBe(false);
  });

  it.each<[string, (s: Shipment) => void, ErrorCode]>([
    [
      'a wrong pack check digit',
      (s) => Object.assign(s.packs[1]!, { sscc: `${sscc(2).slice(0, 17)}0` }),
      'shipment.sscc_invalid',
    ],
    [
      'a wrong tare check digit',
      (s) => Object.assign(s.packs[0]!, { tare: '106141411234567898' }),
      'shipment.sscc_invalid',
    ],
    [
      'a carton listed twice',
      (s) => Object.assign(s.packs[1]!, { sscc: sscc(1) }),
      'shipment.sscc_duplicate',
    ],
    ['an unknown order', (s) => Object.assign(s, { orderIds: ['ord_x'] }), 'shipment.unknown_order'],
    [
      'a line the order does not have',
      (s) => Object.assign(s.packs[1]!.lines[0]!, { lineNumber: '9' }),
      'shipment.unknown_line',
    ],
    ['a pack without tare', (s) => delete s.packs[2]!.tare, 'shipment.tare_missing'],
    [
      'a method that is not a code',
      (s) => Object.assign(s, { carrier: { method: 'GROUND' } }),
      'shipment.invalid',
    ],
  ])('refuses %s', (_, change, code) => {
    const shipment = structuredClone(one);
    change(shipment);
    expect(refusal(() => encode856(input(shipment, 'SOTPI', '004010')))).toMatchObject({
      kind: 'permanent',
      code,
    });
  });

  it('refuses over-shipment listing every line, summed over packs in exact decimals', () => {
    const over = structuredClone(one);
    over.packs[0]!.lines = [
      { lineNumber: '1', quantity: '12.1' },
      { lineNumber: '2', quantity: '5.0000000000000000000001' },
    ];
    expect(refusal(() => encode856(input(over, 'SOPI', '004010')))).toMatchObject({
      code: 'shipment.over_shipped',
      details: [
        { poNumber: 'PO-1001', lineNumber: '1', ordered: '24', shipped: '24.1' },
        { poNumber: 'PO-1001', lineNumber: '2', ordered: '12', shipped: '12.0000000000000000000001' },
      ],
    });
  });

  it('refuses an ambiguous line number and, outside S-O-I, a pack holding two orders', () => {
    const ambiguous = structuredClone(several);
    delete ambiguous.packs[0]!.lines[0]!.items;
    expect(refusal(() => encode856(input(ambiguous, 'SOPI', '004010')))?.code).toBe('shipment.unknown_line');
    const mixed = structuredClone(several);
    mixed.packs[0]!.lines.push(mixed.packs[1]!.lines[0]!);
    mixed.packs.splice(1, 1);
    expect(refusal(() => encode856(input(mixed, 'SOPI', '004010')))?.code).toBe('shipment.mixed_pack');
    expect(encode856(input(mixed, 'SOI', '004010')).at(-1)).toEqual(['CTT', '6', '37.5']);
  });
});
