import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Shipment } from '../../src/core/documents.ts';
import { readX12Sync } from '../../src/x12/reader.ts';
import { buildSet } from './fixtures/build-set.ts';
import { mapShipNotice, type ShipNoticeMapResult } from './map-856.ts';

const CORPUS = new URL('../../test/fixtures/x12/x12-856/', import.meta.url);

function corpus(file: string): ShipNoticeMapResult[] {
  return [...readX12Sync(readFileSync(new URL(file, CORPUS)))].flatMap((event) =>
    event.kind === 'transaction' && event.set.type === '856' ? [mapShipNotice(event.set)] : [],
  );
}

const codes = (result: ShipNoticeMapResult | undefined, severity: 'error' | 'warning') => [
  ...new Set(result?.diagnostics.filter((d) => d.severity === severity).map((d) => d.code)),
];

/**
 * Per corpus file and 856 set: the packs of the shipment (undefined when there is none) and the error codes.
 * Only the VICS S-O-P-I sample has pack levels with SSCCs; the others ship items without a carton SSCC,
 * which the canonical Shipment cannot hold, and say so.
 */
const EXPECTED: Record<string, { packs: number | undefined; errors: string[] }[]> = {
  'nodex12_856_004060_SOI_hyphen_repetition_sep.edi': [
    { packs: undefined, errors: ['x12.mapping.856_no_packs'] },
  ],
  'oopfactory_856_003060_shipment_item_cld_lots.txt': [
    { packs: undefined, errors: ['x12.mapping.856_no_packs'] },
  ],
  'oopfactory_856_004010VICS_SOPI_pack_level.txt': [{ packs: 1, errors: [] }],
  'oopfactory_856_004010_ellipsis_U2026_terminator.txt': [
    { packs: undefined, errors: ['x12.mapping.856_no_packs'] },
  ],
  'oopfactory_856_004010_hl_parent_missing_flat_hierarchy.txt': [
    { packs: undefined, errors: ['x12.mapping.856_no_packs'] },
  ],
  'oopfactory_856_004010_reversed_delimiters_SOI.txt': [
    { packs: undefined, errors: ['x12.mapping.856_no_packs'] },
  ],
  'stupidedi_856_002001_tare_pack_levels_two_sets_bang_terminator.edi': [
    {
      packs: undefined,
      errors: ['x12.mapping.856_no_orders', 'x12.mapping.856_pack_sscc_missing', 'x12.mapping.856_no_packs'],
    },
    { packs: undefined, errors: ['x12.mapping.856_no_orders', 'x12.mapping.856_no_packs'] },
  ],
};

describe('map-856 on the 856 corpus', () => {
  const files = readdirSync(CORPUS).filter((name) => /\.(edi|txt)$/.test(name));

  it('knows every corpus file', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s decodes into a valid shipment or clear errors', (file) => {
    const results = corpus(file);
    expect(results.map((r) => ({ packs: r.shipment?.packs.length, errors: codes(r, 'error') }))).toEqual(
      EXPECTED[file],
    );
    for (const result of results) {
      if (result.shipment) expect(Shipment.parse(result.shipment)).toEqual(result.shipment);
      else expect(result.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
    }
  });

  it('reads the VICS S-O-P-I sample: PRF, MAN*GM with the (00) application identifier, LIN, SN1, TD5, REF*CN', () => {
    const [result] = corpus('oopfactory_856_004010VICS_SOPI_pack_level.txt');
    expect(result?.shipment).toEqual({
      orderIds: ['SO/VINCE1'],
      shipDate: '2012-05-10',
      carrier: { scac: 'FED2', method: 'M' },
      trackingNumber: '521649209219',
      packs: [
        {
          sscc: '007121610006156802',
          lines: [{ lineNumber: '1', quantity: '1', items: { upc: '883932284904', ean: 'R08916DSSDDBDI7' } }],
        },
      ],
    });
    expect(result?.shipmentId).toBe('521649209219');
    // LIN has neither LIN01 nor SN101: the line is numbered
    expect(codes(result, 'warning')).toEqual(['x12.mapping.line_number_assigned']);
  });

  it('warns on a flat hierarchy (no HL02) and infers each parent from the level codes', () => {
    const [result] = corpus('oopfactory_856_004010_hl_parent_missing_flat_hierarchy.txt');
    const missing = result?.diagnostics.filter((d) => d.code === 'x12.mapping.856_hl_parent_missing');
    expect(missing?.map((d) => d.message.replace(/ has no HL02.*taken as/, ' →'))).toEqual([
      'HL 2 (O) → HL 1',
      ...['3', '4', '5', '6', '7', '8', '9'].map((id) => `HL ${id} (I) → HL 2`),
    ]);
    expect(result?.diagnostics.find((d) => d.code === 'x12.mapping.856_no_packs')?.message).toContain(
      'HL 3, 4, 5, 6, 7, 8, 9',
    );
  });
});

describe('map-856 on built sets', () => {
  const ship = (...segments: string[]) =>
    mapShipNotice(buildSet(['BSN*00*SH1*20260310*1200*0004', 'HL*1**S*1', ...segments], { type: '856' }));

  it('makes an S-O-I order with one MAN*GM one pack, and checks CTT', () => {
    const result = ship(
      'DTM*011*20260309',
      'HL*2*1*O*1',
      'PRF*PO-1',
      'MAN*GM*106141411234567897',
      'HL*3*2*I*0',
      'LIN*1*SK*A-1*XX*skipped',
      'SN1*1*0012*EA',
      'CTT*3*13',
    );
    expect(result.shipment).toEqual({
      orderIds: ['PO-1'],
      shipDate: '2026-03-09',
      packs: [
        { sscc: '106141411234567897', lines: [{ lineNumber: '1', quantity: '12', items: { sku: 'A-1' } }] },
      ],
    });
    expect(codes(result, 'warning')).toEqual(['x12.mapping.hash_total']);
  });

  it('reads tares, merges a carton listed under two orders, takes BSN03 without DTM*011', () => {
    const item = (hl: string, parent: string, line: string) => [
      `HL*${hl}*${parent}*I*0`,
      `LIN*${line}*UP*0001`,
      `SN1*${line}*2*EA`,
    ];
    const result = ship(
      ...[
        'HL*2*1*O*1',
        'PRF*PO-1',
        'HL*3*2*T*1',
        'MAN*GM*006141411234567890',
        'HL*4*3*P*1',
        'MAN*GM*106141411234567897',
      ],
      ...item('5', '4', '1'),
      ...['HL*6*1*O*1', 'PRF*PO-2', 'HL*7*6*P*1', 'MAN*GM*106141411234567897'],
      ...item('8', '7', '3'),
    );
    expect(result.shipment?.shipDate).toBe('2026-03-10');
    expect(result.shipment?.orderIds).toEqual(['PO-1', 'PO-2']);
    expect(result.shipment?.packs).toEqual([
      {
        sscc: '106141411234567897',
        tare: '006141411234567890',
        lines: [
          { lineNumber: '1', quantity: '2', items: { upc: '0001' } },
          { lineNumber: '3', quantity: '2', items: { upc: '0001' } },
        ],
      },
    ]);
    expect(codes(result, 'warning')).toEqual(['x12.mapping.856_ship_date_assumed']);
  });

  it.each([
    [
      ['HL*2*1*O*1', 'PRF*PO-1', 'HL*3*2*P*1', 'MAN*GM*106141411234567898', 'HL*4*3*I', 'SN1*1*1*EA'],
      'x12.mapping.856_sscc_invalid',
    ],
    [['HL*2*9*O*1', 'PRF*PO-1'], 'x12.mapping.856_hl_parent_unknown'],
    [['HL*1*1*O*1'], 'x12.mapping.856_hl_duplicate_id'],
    [['HL*2*1*S'], 'x12.mapping.856_hl_structure'],
    [
      ['HL*2*1*O*1', 'PRF*PO-1', 'HL*3*2*P*1', 'MAN*GM*106141411234567897', 'HL*4*3*I*0', 'LIN*1*UP*1'],
      'x12.mapping.quantity_missing',
    ],
    [['HL', 'HL**', 'CTT*x*y', 'MAN', 'SN1***'], 'x12.element.1'],
  ])('never throws, and reports %j as %s', (segments, code) => {
    const result = ship(...segments);
    expect(result.shipment).toBeUndefined();
    expect(codes(result, 'error')).toContain(code);
  });

  it('warns when HL04 contradicts the tree, and refuses another document', () => {
    const result = ship(
      'DTM*011*20260309',
      'HL*2*1*O*0',
      'PRF*PO-1',
      'MAN*GM*106141411234567897',
      'HL*3*2*I*1',
      'SN1*1*1*EA',
    );
    expect(
      result.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.message]),
    ).toEqual([
      ['x12.mapping.856_hl_child_code', 'HL 2: HL04 0 but 1 child levels follow'],
      ['x12.mapping.856_hl_child_code', 'HL 3: HL04 1 but no child levels follow'],
    ]);
    expect(result.shipment?.packs).toHaveLength(1);
    const wrong = mapShipNotice(buildSet(['BSN*00*1'], { type: '855' }));
    expect(wrong.diagnostics.map((d) => d.code)).toEqual(['x12.mapping.wrong_document']);
  });
});
